from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from milepost.core.permissions import ReadOnlyPermissionPolicy

from .models import Submission, SubmissionPhoto

register_permission_policy(Submission, ReadOnlyPermissionPolicy(Submission))


class SubmissionViewSet(ModelViewSet):
    model = Submission
    icon = "doc-full"
    menu_label = "Submissions"
    add_to_admin_menu = True
    menu_order = 205
    inspect_view_enabled = True
    copy_view_enabled = False
    # Never shown: the read-only permission policy refuses adding and editing.
    exclude_form_fields: list[str] = []
    list_display = [
        "reference",
        "title",
        "callout",
        "submitter_name",
        "received_at",
        "status",
        "check_summary",
    ]
    list_filter = ["callout", "status", "channel", "checks__code", "arrived_late"]
    search_fields = ["title", "story_text", "submitter_name", "submitter_email"]
    inspect_view_fields = [
        "callout",
        "channel",
        "status",
        "received_at",
        "arrived_late",
        "submitter_name",
        "submitter_email",
        "submitter_age",
        "submitter_city",
        "submitter_region",
        "submitter_country",
        "title",
        "story_text",
        "word_count",
        "acknowledged_at",
    ]


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return SubmissionViewSet("submissions")


def submission_photo_view(request, pk):
    """An unpublished photo, for editors only (admin URLs require a login)."""
    if not ReadOnlyPermissionPolicy(Submission).user_has_permission(request.user, "view"):
        raise Http404
    photo = get_object_or_404(SubmissionPhoto, pk=pk)
    return FileResponse(photo.file.open("rb"), content_type=f"image/{photo.master_format}")


@hooks.register("register_admin_urls")
def register_submission_photo_url():
    return [path("submission-photos/<int:pk>/", submission_photo_view, name="submission_photo")]
