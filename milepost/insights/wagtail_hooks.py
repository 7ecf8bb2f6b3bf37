from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_insights_urls():
    return [path("insights/", views.insights_report, name="insights_report")]


class InsightsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.PERMISSION)


@hooks.register("register_reports_menu_item")
def register_insights_menu_item():
    return InsightsMenuItem("Insights", reverse("insights_report"), icon_name="table", order=50)
