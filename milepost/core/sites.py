"""The request's Wagtail Site, remembered for the page-cache generation (core.memo).

Wagtail looks the site up with a query on every request. A Site or site-setting change, a
publish, a move or a delete starts a new generation, so a site (and its root page, which
routing reads) remembered under the current generation is still true.
"""

from django.http.request import split_domain_port
from wagtail.models import Site

from .memo import remembered


def site_for_request(request) -> Site | None:
    """Raises DisallowedHost for a host outside ALLOWED_HOSTS, as CommonMiddleware would: such
    a request is answered 400 without a site lookup, and its host is never remembered."""
    host = split_domain_port(request.get_host())[0]
    key = ("site", host, request.get_port())
    return remembered(key, lambda: Site.find_for_request(request))
