"""The desk's views: parse the request, check permission and callout, call a service, render."""

import difflib

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.views import View
from wagtail import hooks
from wagtail.admin.views.generic import InspectView
from wagtail.models import ModelLogEntry
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import InspectView as SnippetInspectView

from milepost.callouts.models import Callout
from milepost.core.exceptions import DomainError
from milepost.intake.downloads import RAW_EMAIL_DOWNLOADED, inbound_message_download_record
from milepost.intake.models import InboundMessage, InboundState
from milepost.intake.services import inbound_message_process, inbound_message_route
from milepost.stories.models import StoryPage
from milepost.submissions.edits import submitted_text
from milepost.submissions.emails import submission_email_render
from milepost.submissions.models import (
    EmailKind,
    Submission,
    SubmissionNote,
    SubmissionPhoto,
    SubmissionStatus,
    SubmissionVote,
    VoteChoice,
)
from milepost.submissions.services import (
    DECISIONS,
    submission_assign,
    submission_decide,
    submission_email_queue,
    submission_note_add,
    submission_status_set,
    submission_transition,
    submission_vote_cast,
)

from . import selectors, services

submission_policy = ModelPermissionPolicy(Submission)
note_policy = ModelPermissionPolicy(SubmissionNote)
vote_policy = ModelPermissionPolicy(SubmissionVote)
RAW = "intake.download_raw_email"


class PermissionCheckedMixin:
    """Wagtail's (`wagtail.admin.views.generic.permissions`) for the desk's own views: the
    user needs the `permission_required` action of the `permission_policy`. Without it, a
    plain 403: Wagtail would turn PermissionDenied into a redirect to the dashboard, which
    hides what happened from scripts and tests."""

    permission_policy = submission_policy
    permission_required = "view"

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_permission(self.permission_required):
            return self.permission_refused()
        return super().dispatch(request, *args, **kwargs)

    def user_has_permission(self, action) -> bool:
        return self.permission_policy.user_has_permission(self.request.user, action)

    def permission_refused(self):
        return HttpResponseForbidden("You do not have permission to do this.")


def _submission_get(user, pk) -> Submission:
    """The submission, for a user who reaches its callout; 404 for anyone else."""
    try:
        return selectors.submission_list_for_user(user).get(pk=pk)
    except Submission.DoesNotExist:
        raise Http404 from None


def _page_url(submission):
    return reverse("desk_submissions:inspect", args=[submission.pk])


class SubmissionActionView(PermissionCheckedMixin, View):
    """One action on a submission (by default, posted by someone who may decide)."""

    permission_required = "decide"

    @cached_property
    def submission(self) -> Submission:
        return _submission_get(self.request.user, self.kwargs["pk"])

    def redirect_to_page(self):
        return redirect(_page_url(self.submission))


class SubmissionPageView(SnippetInspectView):
    """A submission's page: story, photos, checks, consents, submitter, notes, votes, history."""

    template_name = "desk/submission_page.html"

    def get_object(self):
        try:
            return selectors.submission_page_get(self.request.user, self.pk)
        except Submission.DoesNotExist:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission, user = self.object, self.request.user
        can_decide = submission_policy.user_has_permission(user, "decide")
        story = getattr(submission, "story", None)
        context.update(
            submission=submission,
            story=story,
            can_decide=can_decide,
            approval=selectors.submission_approval_describe(submission, story),
            can_note=note_policy.user_has_permission(user, "add"),
            can_vote=vote_policy.user_has_permission(user, "add"),
            can_download_raw=user.has_perm(RAW),
            # A published story's submission follows the story: no decision applies to it.
            show_accept=can_decide and submission.can_be_set_to(SubmissionStatus.ACCEPTED),
            show_decline=can_decide and submission.can_be_set_to(SubmissionStatus.DECLINED),
            show_spam=can_decide and submission.can_be_set_to(SubmissionStatus.SPAM),
            show_draft=can_decide and submission.status == SubmissionStatus.ACCEPTED and not story,
            show_notice=can_decide
            and submission.status == SubmissionStatus.PUBLISHED
            and bool(story and story.live and submission.submitter_email),
            notice_sent=selectors.publication_notice_last_get(submission),
            statuses=[s for s in SubmissionStatus if submission.can_be_set_to(s)],
            assignees=selectors.assignee_list_for_submissions([submission]),
            vote_choices=VoteChoice.choices,
            my_vote=next((v for v in submission.votes.all() if v.reviewer_id == user.pk), None),
            # Higher apps (the anthology) add their own actions here without the desk knowing them.
            extra_buttons=[
                button
                for hook in hooks.get_hooks("desk_submission_buttons")
                if (button := hook(self.request, submission))
            ],
        )
        return context


class EmailForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}))


# A decision's form is named for it; other emails by their kind ("Photo request").
DECISION_TITLES = {EmailKind.ACCEPT: "Accept", EmailKind.DECLINE: "Decline"}


class SubmissionEmailView(SubmissionActionView):
    """Every email an editor writes to a submitter: the callout's template of the `kinds` the
    URL offers (a decision, a photo request, a question), filled in and edited before it
    goes. A decision (`DECISIONS`) also changes the submission's status."""

    kinds: tuple[str, ...] = ()  # the first unless the request asks for another

    @cached_property
    def kind(self) -> str:
        kind = self.request.GET.get("kind") or self.request.POST.get("kind") or self.kinds[0]
        if kind not in self.kinds:
            raise Http404
        return kind

    @cached_property
    def links(self) -> dict[str, str]:
        """The publication notice's links; empty for other emails, or while it is not live."""
        return services.publication_links_make(self.submission) if self.announces else {}

    @property
    def announces(self) -> bool:
        return self.kind == EmailKind.PUBLISHED

    def decision_refusal(self):
        """A redirect with the reason when the decision no longer applies (or the story the
        notice announces is not live), else None."""
        decision, reference = DECISIONS.get(self.kind), self.submission.reference
        if self.announces and not self.links:
            refusal = f"{reference}'s story is not live: there is nothing to announce yet."
        elif decision is None or self.submission.can_be_set_to(decision):
            return None
        else:
            refusal = f"{reference} cannot be {decision.past_tense} now."
        messages.error(self.request, refusal)
        return self.redirect_to_page()

    def get(self, request, pk):
        if refusal := self.decision_refusal():
            return refusal
        submission, kind = self.submission, self.kind
        subject, body = submission_email_render(submission, kind, links=self.links)
        return self.form_render(EmailForm(initial={"subject": subject, "body": body}))

    def post(self, request, pk):
        if refusal := self.decision_refusal():
            return refusal
        form = EmailForm(request.POST)
        if not form.is_valid():
            return self.form_render(form)
        try:
            sent = self.email_send(**form.cleaned_data)
        except DomainError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, sent)
        return self.redirect_to_page()

    def email_send(self, *, subject, body) -> str:
        submission, actor = self.submission, self.request.user
        if self.kind in DECISIONS:
            submission_decide(submission, self.kind, subject=subject, body=body, actor=actor)
            done = f"{submission.reference} {DECISIONS[self.kind].past_tense}"
            if not submission.submitter_email:
                return f"{done}; there is no address to write to."
            return f"{done}; the email to the submitter is queued."
        submission_email_queue(submission, kind=self.kind, subject=subject, body=body, actor=actor)
        return (
            "The submitter will be told their story is live." if self.announces else "Email queued."
        )

    def form_render(self, form):
        context = {
            "submission": self.submission,
            "form": form,
            "title": DECISION_TITLES.get(self.kind) or EmailKind(self.kind).label,
            "decision": self.kind in DECISIONS,
            "kind": self.kind,
            "page_url": _page_url(self.submission),
            "sent_before": self.announces and self.submission.emails.filter(kind=self.kind).last(),
        }
        return TemplateResponse(self.request, "desk/email_form.html", context)


class SubmissionStatusView(SubmissionActionView):
    def post(self, request, pk):
        try:
            submission = submission_status_set(
                self.submission, request.POST.get("status", ""), actor=request.user
            )
        except DomainError as refusal:
            messages.error(request, refusal.message)
        else:
            status = SubmissionStatus(submission.status)
            messages.success(request, f"{submission.reference} {status.past_tense}.")
        return self.redirect_to_page()


class SubmissionSpamView(SubmissionActionView):
    def post(self, request, pk):
        submission = self.submission
        try:
            submission_transition(submission, SubmissionStatus.SPAM, actor=request.user)
        except DomainError as refusal:
            messages.error(request, refusal.message)
        else:
            done = SubmissionStatus.SPAM.past_tense
            text = f"{submission.reference} {done}; no mail will go to it."
            messages.success(request, text)
        return self.redirect_to_page()


class StoryDraftView(SubmissionActionView):
    def post(self, request, pk):
        try:
            story = services.story_draft_create(self.submission, actor=request.user)
        except DomainError as refusal:
            messages.error(request, refusal.message)
            return self.redirect_to_page()
        messages.success(request, "Story draft created: check the headline, alt text and byline.")
        return redirect("wagtailadmin_pages:edit", story.pk)


class SubmissionApprovalView(SubmissionActionView):
    def post(self, request, pk):
        try:
            services.submission_approval_request(self.submission, actor=request.user)
        except DomainError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, "The submitter has been asked to approve the edit.")
        return self.redirect_to_page()


class SubmissionNamingView(SubmissionActionView):
    def post(self, request, pk):
        try:
            services.submission_naming_change_apply(self.submission, actor=request.user)
        except DomainError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, "The story’s byline is changed and published again.")
        return self.redirect_to_page()


class SubmissionNoteView(SubmissionActionView):
    permission_policy = note_policy
    permission_required = "add"

    def post(self, request, pk):
        text = request.POST.get("text", "")
        try:
            submission_note_add(self.submission, author=request.user, text=text)
        except DomainError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, "Your note is added; the other staff see it here.")
        return self.redirect_to_page()


class SubmissionVoteView(SubmissionActionView):
    permission_policy = vote_policy
    permission_required = "add"

    def post(self, request, pk):
        choice = request.POST.get("choice", "")
        if choice not in VoteChoice.values:
            messages.error(request, "Choose yes, maybe or no.")
        else:
            note = request.POST.get("note", "")
            vote = submission_vote_cast(
                self.submission, reviewer=request.user, choice=choice, note=note
            )
            messages.success(request, f"Your vote is counted: {vote.get_choice_display()}.")
        return self.redirect_to_page()


class SubmissionAssigneeView(SubmissionActionView):
    def post(self, request, pk):
        assignee_id = request.POST.get("assignee") or None
        assignee = None
        if assignee_id:
            assignees = selectors.assignee_list_for_submissions([self.submission])
            assignee = get_object_or_404(assignees, pk=assignee_id)
        submission_assign(self.submission, assignee, actor=request.user)
        reference = self.submission.reference
        if assignee is None:
            messages.success(request, f"{reference} is no longer assigned to anyone.")
        else:
            messages.success(request, f"{reference} assigned to {assignee.get_username()}.")
        return self.redirect_to_page()


class StoryEditsView(SubmissionActionView):
    """The story as published or drafted, side by side with the text as sent."""

    permission_required = "view"

    def get(self, request, pk):
        submission = self.submission
        story = get_object_or_404(StoryPage, submission=submission)
        edited = selectors.story_edited_text_get(story)
        sent = submitted_text(submission)
        # HtmlDiff escapes both texts itself.
        table = difflib.HtmlDiff(wrapcolumn=70).make_table(
            sent.splitlines(), edited.splitlines(), "As sent", "As edited", context=False
        )
        context = {"submission": submission, "story": story, "table": table}
        return TemplateResponse(request, "desk/edits.html", context)


class SubmissionPhotoView(PermissionCheckedMixin, View):
    """An unpublished photo, for those who may read the submission."""

    def get(self, request, pk):
        photo = get_object_or_404(SubmissionPhoto, pk=pk)
        _submission_get(request.user, photo.submission_id)
        return FileResponse(photo.file.open("rb"), content_type=f"image/{photo.master_format}")


class InboundMessageRawView(PermissionCheckedMixin, View):
    """The message exactly as received: editors only (reviewers may not download raw mail)."""

    permission_required = RAW

    def user_has_permission(self, action) -> bool:
        # Not an action on a model ("<action>_<model>") but a permission of its own, by name.
        return self.request.user.has_perm(action)

    def get(self, request, pk):
        message = get_object_or_404(InboundMessage, pk=pk)
        submission = getattr(message, "submission", None)
        if submission is not None:
            if not submission_policy.user_has_permission(request.user, "view"):
                return self.permission_refused()
            _submission_get(request.user, submission.pk)
        inbound_message_download_record(message, user=request.user)
        return FileResponse(
            message.raw.open("rb"),
            as_attachment=True,
            filename=f"message-{message.pk}.eml",
            content_type="message/rfc822",
        )


class InboundMessageInspectView(InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            selectors.inbound_message_list_for_user(self.request.user), pk=self.pk
        )

    def get_field_label(self, field_name, field):
        if field_name == "raw_download":
            return "Email as received"
        if field_name == "downloads":
            return "Downloaded by"
        return super().get_field_label(field_name, field)

    def get_raw_download_display_value(self):
        if not self.request.user.has_perm(RAW):
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


class RouteForm(forms.Form):
    callout = forms.ModelChoiceField(queryset=Callout.objects.none())


class InboundMessageActionView(PermissionCheckedMixin, View):
    """Mail that did not become a submission, in one of `states`, for someone who may decide."""

    permission_required = "decide"
    states: tuple[str, ...] = ()

    @cached_property
    def message(self) -> InboundMessage:
        messages_in_reach = selectors.inbound_message_list_for_user(self.request.user)
        return get_object_or_404(messages_in_reach, pk=self.kwargs["pk"], state__in=self.states)


class InboundMessageRouteView(InboundMessageActionView):
    states = (InboundState.UNROUTED, InboundState.FAILED)

    def get(self, request, pk):
        return self.form_render(self.form_get(None))

    def post(self, request, pk):
        form = self.form_get(request.POST)
        if not form.is_valid():
            return self.form_render(form)
        result = inbound_message_route(
            self.message, form.cleaned_data["callout"], actor=request.user
        )
        if result.submission is not None:
            messages.success(request, f"Routed: {result.submission.reference}.")
            return redirect(_page_url(result.submission))
        messages.error(request, f"Could not route it: {result.error or result.outcome}.")
        return redirect("desk_inbound:index")

    def form_get(self, data) -> RouteForm:
        form = RouteForm(data)
        form.fields["callout"].queryset = selectors.callout_list_for_user(self.request.user)
        return form

    def form_render(self, form):
        context = {"message": self.message, "form": form}
        return TemplateResponse(self.request, "desk/route_form.html", context)


class InboundMessageRetryView(InboundMessageActionView):
    states = (InboundState.FAILED, InboundState.RECEIVED, InboundState.UNROUTED)

    def get(self, request, pk):
        return TemplateResponse(request, "desk/retry_form.html", {"message": self.message})

    def post(self, request, pk):
        result = inbound_message_process(self.message)
        if result.submission is not None:
            messages.success(request, f"Processed: {result.submission.reference}.")
        else:
            outcome = f"Still {result.outcome}: {result.error or 'no callout matched'}."
            messages.warning(request, outcome)
        return redirect("desk_inbound:index")


SUBMISSION_ACTIONS = {
    "accept": SubmissionEmailView.as_view(kinds=(EmailKind.ACCEPT,)),
    "decline": SubmissionEmailView.as_view(kinds=(EmailKind.DECLINE,)),
    "write": SubmissionEmailView.as_view(kinds=(EmailKind.QUESTION, EmailKind.PHOTO)),
    "notice": SubmissionEmailView.as_view(kinds=(EmailKind.PUBLISHED,)),
    "status": SubmissionStatusView.as_view(),
    "spam": SubmissionSpamView.as_view(),
    "draft": StoryDraftView.as_view(),
    "approval": SubmissionApprovalView.as_view(),
    "naming": SubmissionNamingView.as_view(),
    "note": SubmissionNoteView.as_view(),
    "vote": SubmissionVoteView.as_view(),
    "assign": SubmissionAssigneeView.as_view(),
    "edits": StoryEditsView.as_view(),
}
