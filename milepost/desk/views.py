"""The desk's views: parse the request, check permission and callout, call a service, render."""

import difflib
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.views.generic import InspectView
from wagtail.models import ModelLogEntry
from wagtail.snippets.views.snippets import InspectView as SnippetInspectView

from milepost.callouts.models import Callout
from milepost.core.exceptions import DomainError
from milepost.core.groups import EDITORS, REVIEWERS
from milepost.intake.downloads import RAW_EMAIL_DOWNLOADED, inbound_message_download_record
from milepost.intake.models import InboundMessage, InboundState
from milepost.intake.services import inbound_message_process
from milepost.intake.services import inbound_message_route as route
from milepost.stories.models import StoryPage
from milepost.submissions.emails import submission_email_render
from milepost.submissions.models import (
    EmailKind,
    Submission,
    SubmissionPhoto,
    SubmissionStatus,
    VoteChoice,
)
from milepost.submissions.services import (
    submission_assign,
    submission_decide,
    submission_email_queue,
    submission_note_add,
    submission_transition,
    submission_vote_cast,
)
from milepost.submissions.services import submission_status_set as status_set

from . import selectors, services

VIEW = "submissions.view_submission"
DECIDE = "submissions.decide_submission"
NOTE = "submissions.add_submissionnote"
VOTE = "submissions.add_submissionvote"
RAW = "intake.download_raw_email"


class Refused(Exception):
    pass


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise Refused


def _checked(view):
    """A plain 403 for those without the permission (Wagtail would turn PermissionDenied into
    a redirect to the dashboard, which hides what happened from scripts and tests)."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refused:
            return HttpResponseForbidden("You do not have permission to do this.")

    return checked


def _submission(request, pk, permission=VIEW) -> Submission:
    _require(request, permission)
    try:
        return selectors.submission_list_for_user(request.user).get(pk=pk)
    except Submission.DoesNotExist:
        raise Http404 from None


def _page_url(submission):
    return reverse("desk_submissions:inspect", args=[submission.pk])


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
        can_decide = user.has_perm(DECIDE)
        story = getattr(submission, "story", None)
        context.update(
            submission=submission,
            story=story,
            can_decide=can_decide,
            can_note=user.has_perm(NOTE),
            can_vote=user.has_perm(VOTE),
            can_download_raw=user.has_perm(RAW),
            show_accept=can_decide and submission.can_become(SubmissionStatus.ACCEPTED),
            show_decline=can_decide and submission.can_become(SubmissionStatus.DECLINED),
            show_spam=can_decide and submission.can_become(SubmissionStatus.SPAM),
            show_draft=can_decide and submission.status == SubmissionStatus.ACCEPTED and not story,
            statuses=[s for s in SubmissionStatus if submission.can_be_set_to(s)],
            assignees=_assignable_users(),
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


def _assignable_users():
    return (
        get_user_model()
        .objects.filter(
            Q(is_superuser=True) | Q(groups__name__in=[EDITORS, REVIEWERS]), is_active=True
        )
        .distinct()
        .order_by("username")
    )


class EmailForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}))


def _decision_view(decision):
    def view(request, pk):
        submission = _submission(request, pk, DECIDE)
        to_status = {"accept": SubmissionStatus.ACCEPTED, "decline": SubmissionStatus.DECLINED}
        if not submission.can_become(to_status[decision]):
            messages.error(request, f"{submission.reference} cannot be {decision}ed now.")
            return redirect(_page_url(submission))
        if request.method == "POST":
            form = EmailForm(request.POST)
            if form.is_valid():
                try:
                    submission_decide(submission, decision, actor=request.user, **form.cleaned_data)
                except DomainError as refusal:
                    messages.error(request, refusal.message)
                else:
                    messages.success(
                        request, f"{submission.reference}: {decision}ed, email queued."
                    )
                return redirect(_page_url(submission))
        else:
            subject, body = submission_email_render(submission, decision)
            form = EmailForm(initial={"subject": subject, "body": body})
        label = "Accept" if decision == "accept" else "Decline"
        return TemplateResponse(
            request,
            "desk/email_form.html",
            {
                "submission": submission,
                "form": form,
                "action": label,
                "page_url": _page_url(submission),
            },
        )

    return view


def submission_write(request, pk):
    """Write to the submitter from a template (a photo request, a question) without deciding."""
    submission = _submission(request, pk, DECIDE)
    kind = request.GET.get("kind") or request.POST.get("kind") or EmailKind.QUESTION
    if kind not in (EmailKind.PHOTO, EmailKind.QUESTION):
        raise Http404
    if request.method == "POST":
        form = EmailForm(request.POST)
        if form.is_valid():
            try:
                submission_email_queue(
                    submission, kind=kind, actor=request.user, **form.cleaned_data
                )
            except DomainError as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(request, "Email queued.")
            return redirect(_page_url(submission))
    else:
        subject, body = submission_email_render(submission, kind)
        form = EmailForm(initial={"subject": subject, "body": body})
    return TemplateResponse(
        request,
        "desk/email_form.html",
        {
            "submission": submission,
            "form": form,
            "action": "Send",
            "kind": kind,
            "page_url": _page_url(submission),
        },
    )


@require_POST
def submission_status_set(request, pk):
    submission = _submission(request, pk, DECIDE)
    try:
        status_set(submission, request.POST.get("status", ""), actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    return redirect(_page_url(submission))


@require_POST
def submission_spam(request, pk):
    submission = _submission(request, pk, DECIDE)
    try:
        submission_transition(submission, SubmissionStatus.SPAM, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"{submission.reference} marked as spam; no mail will go to it.")
    return redirect(_page_url(submission))


@require_POST
def submission_draft(request, pk):
    submission = _submission(request, pk, DECIDE)
    try:
        story = services.story_draft_create(submission, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect(_page_url(submission))
    messages.success(request, "Story draft created: check the headline, alt text and byline.")
    return redirect("wagtailadmin_pages:edit", story.pk)


@require_POST
def submission_approval_ask(request, pk):
    submission = _submission(request, pk, DECIDE)
    try:
        services.submission_approval_request(submission, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "The submitter has been asked to approve the edit.")
    return redirect(_page_url(submission))


@require_POST
def submission_note(request, pk):
    submission = _submission(request, pk, NOTE)
    try:
        submission_note_add(submission, author=request.user, text=request.POST.get("text", ""))
    except DomainError as refusal:
        messages.error(request, refusal.message)
    return redirect(_page_url(submission))


@require_POST
def submission_vote(request, pk):
    submission = _submission(request, pk, VOTE)
    choice = request.POST.get("choice", "")
    if choice not in VoteChoice.values:
        messages.error(request, "Choose yes, maybe or no.")
    else:
        submission_vote_cast(
            submission, reviewer=request.user, choice=choice, note=request.POST.get("note", "")
        )
    return redirect(_page_url(submission))


@require_POST
def submission_assignee_set(request, pk):
    submission = _submission(request, pk, DECIDE)
    assignee_id = request.POST.get("assignee") or None
    assignee = get_object_or_404(_assignable_users(), pk=assignee_id) if assignee_id else None
    submission_assign(submission, assignee, actor=request.user)
    return redirect(_page_url(submission))


def submission_edits(request, pk):
    """The story as published or drafted, side by side with the text as sent."""
    submission = _submission(request, pk)
    story = get_object_or_404(StoryPage, submission=submission)
    edited = selectors.story_edited_text_get(story)
    sent = "\n\n".join(filter(None, [submission.title, submission.story_text]))
    # HtmlDiff escapes both texts itself.
    table = difflib.HtmlDiff(wrapcolumn=70).make_table(
        sent.splitlines(), edited.splitlines(), "As sent", "As edited", context=False
    )
    return TemplateResponse(
        request, "desk/edits.html", {"submission": submission, "story": story, "table": table}
    )


@_checked
def submission_photo(request, pk):
    """An unpublished photo, for those who may read the submission."""
    photo = get_object_or_404(SubmissionPhoto, pk=pk)
    _submission(request, photo.submission_id)
    return FileResponse(photo.file.open("rb"), content_type=f"image/{photo.master_format}")


@_checked
def inbound_message_raw(request, pk):
    """The message exactly as received: editors only (reviewers may not download raw mail)."""
    _require(request, RAW)
    message = get_object_or_404(InboundMessage, pk=pk)
    submission = getattr(message, "submission", None)
    if submission is not None:
        _submission(request, submission.pk)
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


@_checked
def inbound_message_route(request, pk):
    _require(request, DECIDE)
    message = get_object_or_404(
        selectors.inbound_message_list_for_user(request.user),
        pk=pk,
        state__in=[InboundState.UNROUTED, InboundState.FAILED],
    )
    form = RouteForm(request.POST or None)
    form.fields["callout"].queryset = selectors.callout_list_for_user(request.user)
    if request.method == "POST" and form.is_valid():
        result = route(message, form.cleaned_data["callout"], actor=request.user)
        if result.submission is not None:
            messages.success(request, f"Routed: {result.submission.reference}.")
            return redirect(_page_url(result.submission))
        messages.error(request, f"Could not route it: {result.error or result.outcome}.")
        return redirect("desk_inbound:index")
    return TemplateResponse(request, "desk/route_form.html", {"message": message, "form": form})


@_checked
def inbound_message_retry(request, pk):
    _require(request, DECIDE)
    message = get_object_or_404(
        selectors.inbound_message_list_for_user(request.user),
        pk=pk,
        state__in=[InboundState.FAILED, InboundState.RECEIVED, InboundState.UNROUTED],
    )
    if request.method != "POST":
        return TemplateResponse(request, "desk/retry_form.html", {"message": message})
    result = inbound_message_process(message)
    if result.submission is not None:
        messages.success(request, f"Processed: {result.submission.reference}.")
    else:
        messages.warning(
            request, f"Still {result.outcome}: {result.error or 'no callout matched'}."
        )
    return redirect("desk_inbound:index")


SUBMISSION_ACTIONS = {
    name: _checked(view)
    for name, view in {
        "accept": _decision_view("accept"),
        "decline": _decision_view("decline"),
        "write": submission_write,
        "status": submission_status_set,
        "spam": submission_spam,
        "draft": submission_draft,
        "approval": submission_approval_ask,
        "note": submission_note,
        "vote": submission_vote,
        "assign": submission_assignee_set,
        "edits": submission_edits,
    }.items()
}
