"""The editors' Personal data view: find a person, hand their data over, erase it."""

import io
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from milepost.core.exceptions import DomainError
from milepost.core.http import client_address, private_link_response, redirect_back
from milepost.intake.channels.rate_limit import Rate, rate_attempt_record
from milepost.submissions.selectors import submission_get_by_status_token

from . import selectors, tasks
from .exports import person_data_zip_write
from .forms import StoryListRequestForm
from .models import RetentionRun
from .services import KeptStory, erasure_request_create, person_data_erase_all

PERMISSION = "privacy.act_on_personal_data"


def _require(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _reachable(view):
    """A plain 403, naming nothing, when the address has data beyond the editor's callouts."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except selectors.OutOfReach as refusal:
            return HttpResponseForbidden(refusal.message)

    return checked


class PersonForm(forms.Form):
    email = forms.EmailField(label="Email address")


@_reachable
def person_data(request):
    _require(request)
    form = PersonForm(request.GET or None)
    data = (
        selectors.person_data_get_for_user(request.user, form.cleaned_data["email"])
        if form.is_valid()
        else None
    )
    context = {
        "form": form,
        "data": data,
        "requests": selectors.erasure_request_list_open_for_user(request.user),
        "retention_runs": RetentionRun.objects.all()[:10],
        "now": timezone.now(),
    }
    return TemplateResponse(request, "privacy/person.html", context)


@require_POST
@_reachable
def person_data_export(request):
    _require(request)
    form = PersonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a valid email address.")
        return redirect("privacy_person")
    data = selectors.person_data_get_for_user(request.user, form.cleaned_data["email"])
    buffer = io.BytesIO()
    person_data_zip_write(data, buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="personal-data.zip"'
    return response


@require_http_methods(["GET", "POST"])
@_reachable
def person_data_erase(request):
    """GET: what will go, with a keep box and reason per story. POST: erase."""
    _require(request)
    form = PersonForm(request.POST or request.GET)
    if not form.is_valid():
        messages.error(request, "Give a valid email address.")
        return redirect("privacy_person")
    email = form.cleaned_data["email"]
    data = selectors.person_data_get_for_user(request.user, email)
    if request.method == "POST":
        keep = tuple(
            KeptStory(story.pk, request.POST.get(f"reason-{story.pk}", ""))
            for story in data.stories
            if request.POST.get(f"keep-{story.pk}")
        )
        try:
            record = person_data_erase_all(email, actor=request.user, keep=keep)
        except DomainError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, f"Erased: {', '.join(record.references) or 'raw mail only'}.")
            return redirect("privacy_person")
    return TemplateResponse(request, "privacy/erase_confirm.html", {"data": data})


@never_cache
@require_http_methods(["GET", "POST"])
def erasure_request(request, token):
    """The submitter, from their private link: GET asks them to confirm, POST files the request."""
    submission = submission_get_by_status_token(token)
    if request.method == "POST":
        filed = erasure_request_create(submission)
        messages.success(
            request,
            f"We have your request, and your story is off the site. It and everything we hold "
            f"about you will be erased by {filed.due_by:%B} {filed.due_by.day}, "
            f"{filed.due_by.year}.",
        )
        response = redirect_back(request, submission.get_status_url())
    else:
        context = {
            "submission": submission,
            "due_by": selectors.erasure_request_due_by(timezone.now()),
        }
        response = TemplateResponse(request, "privacy/erasure_request.html", context)
    return private_link_response(response)


STORY_LIST_RATE_SCOPE = "story-list"
STORY_LIST_ADDRESS_RATE_SCOPE = "story-list-address"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def story_list_request(request):
    """Ask for the emailed link to every story sent from one address. The answer is the same
    whether the address sent anything or not: the task alone looks, and mails only if so."""
    if request.method != "POST":
        return _story_list_request_page(request, StoryListRequestForm())
    if not rate_attempt_record(
        STORY_LIST_RATE_SCOPE,
        client_address(request),
        Rate.parse(settings.MILEPOST_STORY_LIST_RATE),
    ):
        return _story_list_request_page(request, StoryListRequestForm(), status=429, limited=True)
    form = StoryListRequestForm(request.POST)
    if not form.is_valid():
        return _story_list_request_page(request, form)
    email = form.cleaned_data["email"]
    # Keyed on a hash: the counters never hold an address.
    if not rate_attempt_record(
        STORY_LIST_ADDRESS_RATE_SCOPE,
        selectors.story_list_token_hash(email),
        Rate.parse(settings.MILEPOST_STORY_LIST_ADDRESS_RATE),
    ):
        return _story_list_request_page(request, form, status=429, limited=True)
    transaction.on_commit(lambda: tasks.story_list_link_send.enqueue(email), robust=True)
    return _story_list_request_page(request, StoryListRequestForm(), asked_for=email)


def _story_list_request_page(request, form, *, status=200, **flags):
    context = {"form": form, **flags}
    response = TemplateResponse(request, "privacy/story_list_request.html", context, status=status)
    return private_link_response(response)


@never_cache
@require_safe
def story_list(request, token):
    """Every story sent from the address the link was emailed to, with each one's actions."""
    try:
        link = selectors.story_list_link_get(token)
    except selectors.StoryListLinkRefused as refusal:
        status = 410 if refusal.extra["expired"] else 404
        return _story_list_request_page(
            request, StoryListRequestForm(), status=status, refusal=refusal.message
        )
    context = {
        "email": link.email,
        "expires_at": link.expires_at,
        "entries": selectors.person_story_list(link.email),
    }
    return private_link_response(TemplateResponse(request, "privacy/story_list.html", context))
