"""What a request says about who sent it."""

from django.conf import settings


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
