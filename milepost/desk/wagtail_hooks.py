from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from milepost.core.models import OutgoingEmail
from milepost.core.permissions import ReadOnlyPermissionPolicy
from milepost.core.quoting import title_quoted
from milepost.intake.downloads import RAW_EMAIL_DOWNLOADED
from milepost.intake.models import InboundMessage
from milepost.stories.models import StoryPage
from milepost.submissions.models import ApprovalState, Submission

from . import selectors, services, today, views
from .bulk_actions import AssignBulkAction, DeclineBulkAction, StatusBulkAction
from .models import DeskPreference
from .permissions import CalloutImagePermissionPolicy, page_permission_policy
from .viewsets import (
    CalloutEditorViewSet,
    InboundMessageViewSet,
    OutgoingEmailViewSet,
    SubmissionViewSet,
    SuppressedAddressViewSet,
)

# Page permissions per callout (desk/permissions.py); first, before Wagtail asks for a policy.
register_permission_policy(Page, page_permission_policy)
# Image permissions without other callouts' story photos, in place of Wagtail's own policy:
# for the exact class, which wins whichever registers last (wagtail.images, in its ready()).
register_permission_policy(
    get_image_model(),
    CalloutImagePermissionPolicy(
        get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
    ),
    exact_class=True,
)
# What was received is never edited in the admin; the desk's own views change status and notes.
register_permission_policy(Submission, ReadOnlyPermissionPolicy(Submission))
register_permission_policy(InboundMessage, ReadOnlyPermissionPolicy(InboundMessage))
register_permission_policy(OutgoingEmail, ReadOnlyPermissionPolicy(OutgoingEmail))
register_snippet(SubmissionViewSet)

for action in (AssignBulkAction, StatusBulkAction, DeclineBulkAction):
    hooks.register("register_bulk_action", action)


@hooks.register("register_admin_viewset")
def register_inbound_message_viewset():
    return InboundMessageViewSet()


@hooks.register("register_admin_viewset")
def register_outgoing_email_viewset():
    return OutgoingEmailViewSet()


@hooks.register("register_admin_viewset")
def register_callout_editor_viewset():
    return CalloutEditorViewSet()


@hooks.register("register_admin_viewset")
def register_suppressed_address_viewset():
    return SuppressedAddressViewSet("suppressed_addresses")


@hooks.register("insert_global_admin_css")
def desk_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/desk.css"))


@hooks.register("register_log_actions")
def register_raw_email_log_action(actions):
    actions.register_action(
        RAW_EMAIL_DOWNLOADED, "Download the email as received", "Downloaded the email as received"
    )


@hooks.register("register_admin_urls")
def register_private_file_urls():
    return [
        path(
            "submission-photos/<int:pk>/",
            views.SubmissionPhotoView.as_view(),
            name="submission_photo",
        ),
        path(
            "inbound-mail/<int:pk>/raw/",
            views.InboundMessageRawView.as_view(),
            name="inbound_message_raw",
        ),
    ]


class ReachLimitedImagesAPIViewSet(ImagesAdminAPIViewSet):
    """The admin API's images (its listing lists every collection's): only those in reach."""

    def get_queryset(self):
        reachable = selectors.image_list_for_user(self.request.user)
        return super().get_queryset().filter(pk__in=reachable.values("pk"))


@hooks.register("construct_admin_api", order=100)  # after Wagtail's images app registers its own
def images_api_limit(router):
    router.register_endpoint("images", ReachLimitedImagesAPIViewSet)


@hooks.register("construct_page_chooser_queryset")
def page_chooser_limit(pages, request):
    # The page chooser lists every page whatever one's permissions: not another callout's.
    return pages.filter(pk__in=selectors.page_list_for_user(request.user).values("pk"))


class ReachLimitedModerationPanel(WorkflowObjectsToModeratePanel):
    """The dashboard's "Awaiting your review" lists what the user's groups review in every
    callout; this one only the pages they may reach."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["states"] = [
            state
            for state in context["states"]
            if not isinstance(state["obj"], Page) or selectors.page_is_in_reach(user, state["obj"])
        ]
        return context


@hooks.register("construct_homepage_panels")
def moderation_panel_limit(request, panels):
    if selectors.callout_reach_get(request.user) is not None:
        panels[:] = [
            ReachLimitedModerationPanel()
            if isinstance(panel, WorkflowObjectsToModeratePanel)
            else panel
            for panel in panels
        ]


class TodayPanel(Component):
    """What waits for the editor today, in the callouts they reach (`desk.today`)."""

    name = "desk_today"
    order = 50  # first: before Wagtail's own panels
    template_name = "desk/today_panel.html"

    def get_context_data(self, parent_context):
        return {"items": today.today_items_get(parent_context["request"].user)}


@hooks.register("construct_homepage_panels")
def today_panel_add(request, panels):
    if request.user.has_perm("submissions.view_submission"):
        panels.insert(0, TodayPanel())


@hooks.register("construct_reports_menu")
def site_wide_reports_hide(request, menu_items):
    # Refused to editors limited to some callouts (desk.middleware): not offered either.
    if selectors.callout_reach_get(request.user) is not None:
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


@hooks.register("after_edit_page")
def story_edit_record(request, page):
    # Edits to a story made from a submission belong in that submission's history.
    specific = page.specific
    if isinstance(specific, StoryPage) and specific.submission_id:
        services.story_edit_record(specific, actor=request.user)


def _page_updated_message_drop(request) -> None:
    """Takes back Wagtail's "Page '…' has been updated." from this request; keeps the rest."""
    storage = messages.get_messages(request)
    # Iterating the storage consumes every message: the ones kept are added back.
    kept = [
        message
        for message in storage
        if not (message.level == messages.SUCCESS and "has been updated." in str(message.message))
    ]
    for message in kept:
        messages.add_message(request, message.level, message.message, extra_tags=message.extra_tags)


@hooks.register("after_edit_page")
def workflow_publication_say(request, page):
    # After a workflow action Wagtail always says the page "has been updated", even when
    # "Approve and publish" has just put it on the site: say that instead.
    approved = request.POST.get("workflow-action-name") == "approve"
    if not (approved and request.POST.get("action-workflow-action")):
        return
    page = Page.objects.get(pk=page.pk)  # the workflow published the revision, not this copy
    if not page.live or page.live_revision_id != page.latest_revision_id:
        return  # approved for the next task, or scheduled: Wagtail's words stand
    _page_updated_message_drop(request)
    buttons = [admin_messages.button(reverse("wagtailadmin_pages:edit", args=[page.pk]), "Edit")]
    if page.url:
        buttons.insert(0, admin_messages.button(page.url, "View live", new_window=True))
    admin_messages.success(request, f"{title_quoted(page.title)} is published.", buttons=buttons)


@hooks.register("before_publish_page")
def story_publication_refuse(request, page):
    specific = page.specific
    if not isinstance(specific, StoryPage):
        return None
    refusal = selectors.story_publication_refusal_get(specific)
    if not refusal:
        return None
    _publication_refused_say(request, specific, refusal)
    return redirect("wagtailadmin_pages:edit", specific.pk)


@hooks.register("after_edit_page")
def story_workflow_publication_refused(request, page):
    # "Approve and publish" publishes, then the story is taken down at once (desk.receivers)
    # when it may not be live; Wagtail still says "has been updated", so say what happened.
    approving = request.POST.get("workflow-action-name") == "approve"
    if not approving or not isinstance(page.specific, StoryPage):
        return None
    story = StoryPage.objects.get(pk=page.pk)
    if story.live or story.workflow_in_progress:
        return None
    refusal = selectors.story_publication_refusal_get(story.get_latest_revision_as_object())
    if not refusal:
        return None
    _page_updated_message_drop(request)
    _publication_refused_say(request, story, refusal)
    return redirect("wagtailadmin_pages:edit", story.pk)


def _publication_refused_say(request, story: StoryPage, refusal: str) -> None:
    text = f"{title_quoted(story.title)} was not published: {refusal}."
    if refusal != selectors.APPROVAL_AWAITED or story.submission_id is None:
        admin_messages.error(request, text)
        return
    asked = story.submission.approval_state == ApprovalState.REQUESTED
    how = (
        "They have been asked and have not answered yet."
        if asked
        else "Ask for it with “Ask the submitter to approve the edit” on the submission’s page."
    )
    page_url = reverse("desk_submissions:inspect", args=[story.submission_id])
    admin_messages.error(
        request, f"{text} {how}", buttons=[admin_messages.button(page_url, "Open the submission")]
    )


class DeskPreferenceForm(forms.ModelForm):
    class Meta:
        model = DeskPreference
        fields = ["daily_digest"]


@hooks.register("register_account_settings_panel")
class DeskDigestSettingsPanel(BaseSettingsPanel):
    name = "desk_digest"
    title = "Daily digest"
    tab = notifications_tab
    order = 200
    form_class = DeskPreferenceForm

    def is_active(self):
        return self.user.has_perm("submissions.view_submission")

    def get_form(self):
        # Off until the editor turns it on: nothing is stored for those who never choose.
        preference = DeskPreference.objects.filter(user=self.user).first()
        instance = preference or DeskPreference(user=self.user)
        if self.request.method != "POST":
            return self.form_class(instance=instance, prefix=self.name)
        form = self.form_class(self.request.POST, instance=instance, prefix=self.name)
        if not form.is_valid():
            return form
        # Saved on its own, now: Wagtail saves the account's panels only when every one is
        # valid, and a name missing on the Profile tab dropped this choice without a word.
        if preference or form.cleaned_data["daily_digest"]:
            form.save()
        # Unbound, so the account view has nothing left to save for this panel.
        return self.form_class(instance=form.instance, prefix=self.name)
