from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import ModelLogEntry
from wagtail.permissions import register_permission_policy

from milepost.core.permissions import ReadOnlyPermissionPolicy

from .downloads import RAW_EMAIL_DOWNLOADED, inbound_message_download_record
from .models import InboundMessage

register_permission_policy(InboundMessage, ReadOnlyPermissionPolicy(InboundMessage))


class InboundMessageInspectView(InspectView):
    def get_field_label(self, field_name, field):
        if field_name == "raw_download":
            return "Email as received"
        if field_name == "downloads":
            return "Downloaded by"
        return super().get_field_label(field_name, field)

    def get_raw_download_display_value(self):
        if not self.request.user.has_perm("intake.download_raw_email"):
            return "Kept; Editors may download it"
        return format_html(
            '<a href="{}">Download the .eml file</a>', self.object.get_raw_download_url()
        )

    def get_downloads_display_value(self):
        entries = ModelLogEntry.objects.for_instance(self.object).filter(
            action=RAW_EMAIL_DOWNLOADED
        )
        rows = ((f"{e.timestamp:%Y-%m-%d %H:%M}", e.user_display_name) for e in entries)
        return format_html_join("", "<p>{} — {}</p>", rows) or "Never downloaded"


class InboundMessageViewSet(ModelViewSet):
    model = InboundMessage
    icon = "mail"
    menu_label = "Inbound mail"
    add_to_admin_menu = True
    menu_order = 210
    inspect_view_enabled = True
    copy_view_enabled = False
    # Never shown: the read-only permission policy refuses adding and editing.
    exclude_form_fields: list[str] = []
    list_display = ["received_at", "state", "from_header", "subject", "channel", "error"]
    list_filter = ["state", "channel"]
    search_fields = ["subject", "from_header", "message_id"]
    inspect_view_fields = [
        "received_at",
        "state",
        "channel",
        "source",
        "from_header",
        "subject",
        "message_id",
        "size",
        "sha256",
        "attempts",
        "error",
        "processed_at",
        "raw_download",
        "downloads",
    ]
    inspect_view_class = InboundMessageInspectView


@hooks.register("register_admin_viewset")
def register_inbound_message_viewset():
    return InboundMessageViewSet("inbound_messages")


def raw_message_download(request, pk):
    """The message exactly as received, for those given the right to it; each download noted."""
    if not request.user.has_perm("intake.download_raw_email"):
        raise PermissionDenied
    message = get_object_or_404(InboundMessage, pk=pk)
    inbound_message_download_record(message, user=request.user)
    return FileResponse(
        message.raw.open("rb"),
        as_attachment=True,
        filename=f"message-{message.pk}.eml",
        content_type="message/rfc822",
    )


@hooks.register("register_log_actions")
def register_raw_email_log_action(actions):
    actions.register_action(
        RAW_EMAIL_DOWNLOADED, "Download the email as received", "Downloaded the email as received"
    )


@hooks.register("register_admin_urls")
def register_raw_message_url():
    return [path("inbound-mail/<int:pk>/raw/", raw_message_download, name="inbound_message_raw")]
