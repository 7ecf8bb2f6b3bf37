from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from . import views
from .models import ErasureRecord, RetentionRun
from .viewsets import ErasureRecordViewSet, PersonalDataPermissionPolicy, RetentionRunViewSet

register_permission_policy(ErasureRecord, PersonalDataPermissionPolicy(ErasureRecord))
register_permission_policy(RetentionRun, PersonalDataPermissionPolicy(RetentionRun))


@hooks.register("register_admin_viewset")
def register_privacy_viewsets():
    return [ErasureRecordViewSet(), RetentionRunViewSet()]


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [
        path("personal-data/", views.person_data, name="privacy_person"),
        path("personal-data/export/", views.person_data_export, name="privacy_export"),
        path("personal-data/erase/", views.person_data_erase, name="privacy_erase"),
    ]


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(
        "Personal data", reverse("privacy_person"), icon_name="user", order=900
    )
