"""The request's Wagtail Site, remembered per web process while the page-cache generation holds.

Wagtail looks the site up with a query on every request. A Site or site-setting change, a
publish, a move or a delete starts a new page-cache generation (core.signals), so a site (and
its root page, which routing reads) remembered under the current generation is still true.
"""

from django.http.request import split_domain_port
from wagtail.models import Site

from .pagecache import page_cache_generation

# Host names come from the request: the memo is bounded so made-up ones cannot grow it.
MAX_REMEMBERED = 64
_remembered: dict[tuple[str, str], tuple[str, Site | None]] = {}


def site_memo_clear() -> None:
    _remembered.clear()


def site_for_request(request) -> Site | None:
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    generation = page_cache_generation()
    remembered = _remembered.get(key)
    if remembered is not None and remembered[0] == generation:
        return remembered[1]
    site = Site._find_for_request(request)
    if len(_remembered) >= MAX_REMEMBERED:
        _remembered.clear()
    _remembered[key] = (generation, site)
    return site


class SiteMemoMiddleware:
    """Hands Wagtail the remembered site (Wagtail reads `request._wagtail_site` first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = site_for_request(request)
        return self.get_response(request)
