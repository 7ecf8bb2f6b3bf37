"""The contributor’s private permission page: no account, the link is the key."""

import mimetypes
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from milepost.core.exceptions import DomainError
from milepost.core.http import client_address, private_link_response

from . import selectors, services
from .models import EntryStatus


@never_cache
@require_safe
def book_permission(request, token):
    permission = selectors.book_permission_get_by_token(token)
    entry = permission.entry
    context = {
        "permission": permission,
        "entry": entry,
        "byline": selectors.entry_printed_byline_get(entry),
        "paragraphs": permission.text.split("\n\n"),
        "photos": list(enumerate(selectors.entry_photos_list(entry), start=1)),
        "can_answer": permission.is_open and entry.status == EntryStatus.PERMISSION_REQUESTED,
        "can_revoke": bool(permission.granted_at)
        and entry.status == EntryStatus.PERMISSION_GRANTED,
    }
    return private_link_response(TemplateResponse(request, "anthology/permission.html", context))


@never_cache
@require_POST
def book_permission_answer(request, token):
    permission = selectors.book_permission_get_by_token(token)
    try:
        if request.POST.get("answer") == "grant":
            services.book_permission_grant(
                permission, name=request.POST.get("name", ""), address=client_address(request)
            )
            messages.success(request, "Thank you: you gave permission to print your story.")
        else:
            services.book_permission_decline(permission)
            messages.success(request, "Thank you: we will not print your story.")
    except DomainError as refusal:
        messages.error(request, refusal.message)
    return private_link_response(redirect("book_permission", token=token))


@never_cache
@require_POST
def book_permission_revoke(request, token):
    permission = selectors.book_permission_get_by_token(token)
    try:
        services.book_permission_revoke(permission)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "You revoked your permission: your story is out of the book.")
    return private_link_response(redirect("book_permission", token=token))


@never_cache
@require_safe
def book_permission_photo(request, token, number):
    """A photo of the story, for the holder of the link only: no public URL exists for it."""
    permission = selectors.book_permission_get_by_token(token)
    photos = selectors.entry_photos_list(permission.entry)
    if not 1 <= number <= len(photos):
        raise Http404("No such photo.")
    path = Path(photos[number - 1].source)
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return private_link_response(FileResponse(open(path, "rb"), content_type=content_type))
