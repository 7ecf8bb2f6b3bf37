from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaks_filter
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from milepost.core.permissions import ReadOnlyPermissionPolicy

from .models import Submission, SubmissionPhoto, SuppressedAddress

register_permission_policy(Submission, ReadOnlyPermissionPolicy(Submission))


class SubmissionInspectView(InspectView):
    """The submission as editors read it: its photos, checks, consents, history and raw email."""

    extra_labels = {
        "photo_previews": "Photos",
        "check_list": "Checks",
        "consent_list": "Consents",
        "history": "History",
        "raw_email": "Email as received",
        "word_count": "Words",
    }

    def get_field_label(self, field_name, field):
        if field_name in self.extra_labels:
            return self.extra_labels[field_name]
        return super().get_field_label(field_name, field)

    def get_story_text_display_value(self):
        return linebreaks_filter(self.object.story_text, autoescape=True)

    def get_word_count_display_value(self):
        return f"{self.object.words_against_limit} (the callout's word guidance)"

    def get_photo_previews_display_value(self):
        photos = self.object.photos.all()
        return (
            format_html_join(
                "",
                '<figure><a href="{0}"><img src="{0}" alt="{1}" width="320"></a>'
                "<figcaption>{2} · {3}×{4}{5}</figcaption></figure>",
                (
                    (
                        reverse("submission_photo", args=[photo.pk]),
                        photo.alt_text or f"Photo {photo.original_filename}",
                        photo.caption or photo.original_filename or "photo",
                        photo.width,
                        photo.height,
                        "" if photo.print_ready else " · too small to print",
                    )
                    for photo in photos
                ),
            )
            or "None"
        )

    def get_check_list_display_value(self):
        checks = self.object.checks.all()
        return format_html_join("", "<p>{}</p>", ((c.message,) for c in checks)) or "None"

    def get_consent_list_display_value(self):
        consents = self.object.consents.all()
        rows = ((c.get_kind_display(), c.wording, f"{c.given_at:%Y-%m-%d %H:%M}") for c in consents)
        return format_html_join("", "<p><b>{}</b>: “{}” ({})</p>", rows) or "None"

    def get_history_display_value(self):
        events = self.object.events.all()
        rows = ((f"{e.at:%Y-%m-%d %H:%M}", e.actor_label, e.action, e.detail) for e in events)
        return format_html_join("", "<p>{} — {}: {} {}</p>", rows)

    def get_raw_email_display_value(self):
        message = self.object.inbound_message
        if message is None:
            return "Sent with the web form"
        if not self.request.user.has_perm("intake.download_raw_email"):
            return "Kept; Editors may download it"
        return format_html(
            '<a href="{}">Download the .eml file</a>', message.get_raw_download_url()
        )


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
        Column("word_count", label="Words", accessor="words_against_limit", sort_key="word_count"),
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
        "photo_previews",
        "check_list",
        "consent_list",
        "history",
        "raw_email",
    ]
    inspect_view_class = SubmissionInspectView


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return SubmissionViewSet("submissions")


class SuppressedAddressViewSet(ModelViewSet):
    """Addresses never acknowledged: bounces and complaints arrive here; editors add or remove."""

    model = SuppressedAddress
    icon = "warning"
    menu_label = "Suppressed addresses"
    add_to_admin_menu = True
    form_fields = ["email", "reason", "detail"]
    list_display = ["email", "reason", "since", "detail"]
    list_filter = ["reason"]
    search_fields = ["email"]


@hooks.register("register_admin_viewset")
def register_suppressed_address_viewset():
    return SuppressedAddressViewSet("suppressed_addresses")


def submission_photo_view(request, pk):
    """An unpublished photo, for editors only (admin URLs require a login)."""
    if not ReadOnlyPermissionPolicy(Submission).user_has_permission(request.user, "view"):
        raise Http404
    photo = get_object_or_404(SubmissionPhoto, pk=pk)
    return FileResponse(photo.file.open("rb"), content_type=f"image/{photo.master_format}")


@hooks.register("register_admin_urls")
def register_submission_photo_url():
    return [path("submission-photos/<int:pk>/", submission_photo_view, name="submission_photo")]
