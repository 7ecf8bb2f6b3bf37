from dataclasses import dataclass

from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from milepost.desk.today import TodayItem

from . import selectors, views
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


@dataclass(frozen=True)
class QueueNotice:
    text: str
    buttons: list


@hooks.register("desk_queue_notices")
def erasure_requests_notice(request) -> list[QueueNotice]:
    """Open erasure requests, with the nearest deadline, at the top of the submissions queue."""
    if not request.user.has_perm(views.PERMISSION):
        return []
    open_requests = list(
        selectors.erasure_request_list_open_for_user(request.user).order_by("due_by")
    )
    if not open_requests:
        return []
    first = open_requests[0]
    when = f"{first.due_by:%B} {first.due_by.day}, {first.due_by.year}"
    overdue = " (overdue)" if selectors.erasure_request_is_overdue(first) else ""
    count = len(open_requests)
    text = (
        f"{count} erasure request{'s' if count > 1 else ''} open: "
        f"{first.reference} is due by {when}{overdue}."
    )
    return [QueueNotice(text, [messages.button(reverse("privacy_person"), "Personal data")])]


@hooks.register("desk_today_items")
def erasure_request_today_items(user, now) -> list[TodayItem]:
    """Each open erasure request `user` may act on, with its deadline."""
    if not user.has_perm(views.PERMISSION):
        return []
    items = []
    for request in selectors.erasure_request_list_open_for_user(user).order_by("due_by"):
        due = timezone.localtime(request.due_by)
        overdue = " (overdue)" if request.due_by < now else ""
        items.append(
            TodayItem(
                f"Erasure request {request.reference}: due by {due:%B} {due.day}{overdue}",
                reverse("privacy_person"),
            )
        )
    return items
