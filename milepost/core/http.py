"""What a request says about who sent it."""

from django.conf import settings
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def client_address(request) -> str:
    """The client's IP address: the one our own proxy saw, when one is trusted to say.

    Only a proxy we run may be believed about X-Forwarded-For: any client can send the header,
    and a limit keyed on it could be dodged by making up addresses. Our proxy appends the address
    it saw, so the last entry is the one to trust.
    """
    if settings.MILEPOST_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def private_link_response(response):
    """A page reached by a private link (the link is the key): kept out of search engines and
    other sites' Referer headers. "same-origin", not "no-referrer": with no referrer at all,
    browsers send "Origin: null" and Django's CSRF check refuses the page's own forms."""
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def redirect_back(request, default: str):
    """To the page a form was posted from (its `next` field, a path on this site), else to
    `default`: the status page's forms also work from the list of all of a submitter's stories."""
    target = request.POST.get("next", "")
    safe = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if safe else default)
