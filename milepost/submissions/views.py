"""The submitter's private status page: what they sent, where it stands, and a way to withdraw."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from milepost.core.exceptions import DomainError
from milepost.core.http import private_link_response

from . import selectors, services
from .models import ApprovalState, SubmissionStatus


@never_cache
@require_safe
def submission_status(request, token):
    submission = selectors.submission_get_by_status_token(token)
    context = {
        "submission": submission,
        "can_withdraw": submission.can_become(SubmissionStatus.WITHDRAWN),
        "approval_waiting": submission.approval_state == ApprovalState.REQUESTED,
        "just_sent": request.GET.get("sent") == "1",
    }
    return private_link_response(TemplateResponse(request, "submissions/status.html", context))


@never_cache
@require_POST
def submission_withdraw(request, token):
    submission = selectors.submission_get_by_status_token(token)
    try:
        services.submission_withdraw(submission, actor_label="submitter")
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Your story has been withdrawn. We will not publish it.")
    return private_link_response(redirect(submission.get_status_url()))


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
    return private_link_response(redirect(submission.get_status_url()))
