"""The submitter's private status page: what they sent, where it stands, and a way to withdraw."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from milepost.core.exceptions import DomainError
from milepost.core.http import private_link_response, redirect_back

from . import selectors, services
from .edits import submitted_text, text_changes
from .forms import ConsentForm, NamingForm
from .models import ApprovalState, SubmissionStatus

# A story that may still be published; one that came by email is asked for its permissions.
CONSENTS_ASKED = (
    SubmissionStatus.RECEIVED,
    SubmissionStatus.IN_REVIEW,
    SubmissionStatus.ACCEPTED,
    SubmissionStatus.PUBLISHED,
)


@never_cache
@require_safe
def submission_status(request, token):
    return _status_page(request, selectors.submission_get_by_status_token(token))


def _status_page(request, submission, consent_form=None, naming_form=None):
    if consent_form is None and submission.status in CONSENTS_ASKED:
        consent_form = None if submission.consents.exists() else ConsentForm()
    if naming_form is None and submission.status in CONSENTS_ASKED:
        naming_form = NamingForm(
            initial={"naming": submission.naming_requested or submission.naming}
        )
    approval_waiting = submission.approval_state == ApprovalState.REQUESTED
    context = {
        "submission": submission,
        "can_withdraw": submission.can_become(SubmissionStatus.WITHDRAWN),
        "live_url": selectors.submission_live_url_get(submission),
        "approval_waiting": approval_waiting,
        # Their text against the edit, word by word: what the desk changed, where.
        "approval_changes": approval_waiting
        and text_changes(submitted_text(submission), submission.approval_text),
        "just_sent": request.GET.get("sent") == "1",
        "consent_form": consent_form,
        "naming_form": naming_form,
    }
    return private_link_response(TemplateResponse(request, "submissions/status.html", context))


@never_cache
@require_POST
def submission_consents(request, token):
    """The permissions the web form asks for, given here by those who sent their story by email."""
    submission = selectors.submission_get_by_status_token(token)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _status_page(request, submission, consent_form=form)
    services.submission_consents_give(submission, form.consents_given())
    messages.success(request, "Thank you: we have your permission.")
    return private_link_response(redirect(submission.get_status_url()))


@never_cache
@require_POST
def submission_withdraw(request, token):
    submission = selectors.submission_get_by_status_token(token)
    was_live = bool(selectors.submission_live_url_get(submission))
    try:
        services.submission_withdraw(submission, actor_label="submitter")
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            "Your story is taken down from the site. We will not publish it again."
            if was_live
            else "Your story has been withdrawn. We will not publish it.",
        )
    return private_link_response(redirect_back(request, submission.get_status_url()))


@never_cache
@require_POST
def submission_approval(request, token):
    submission = selectors.submission_get_by_status_token(token)
    approve = request.POST.get("answer") == "approve"
    try:
        services.submission_approval_answer(
            submission, approve=approve, message=request.POST.get("message", "")
        )
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            "Thank you: you approved the edit."
            if approve
            else "Thank you: we will look at your changes and write to you.",
        )
    return private_link_response(redirect_back(request, submission.get_status_url()))


@never_cache
@require_POST
def submission_naming(request, token):
    """How they are named: at once until publication, then as a request to the editors."""
    submission = selectors.submission_get_by_status_token(token)
    form = NamingForm(request.POST)
    if not form.is_valid():
        return _status_page(request, submission, naming_form=form)
    try:
        services.submission_naming_choose(submission, form.cleaned_data["naming"])
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        chosen = submission.get_naming_display()
        messages.success(
            request,
            "Thank you: we have asked the editors to change how your story names you."
            if submission.naming_requested
            else f"Thank you: your story will name you as you chose ({chosen}).",
        )
    return private_link_response(redirect(submission.get_status_url()))
