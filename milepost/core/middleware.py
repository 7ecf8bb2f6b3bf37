"""One Content-Security-Policy for the public site, a looser one for Wagtail's admin; the memo of
published content for each request."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

from .internals import request_site_set
from .memo import (
    generation_memo_activate,
    generation_memo_ahead_of,
    generation_memo_deactivate,
    generation_memo_follow,
)
from .pagecache import page_cache_generation
from .sites import site_for_request

ADMIN_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            # No nonce: a nonce in script-src would make browsers ignore 'unsafe-inline'.
            return PolicyParts(config=settings.MILEPOST_ADMIN_CSP_DIRECTIVES)
        return parts


class GenerationMemoMiddleware:
    """Starts the request's memo of published content (core.memo) and hands Wagtail the site.

    Below the page cache: a hit needs neither, and a miss hands down the generation it read, so
    the page and what the memo keeps for it belong to the same one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        generation = getattr(request, "page_cache_generation", None) or page_cache_generation()
        if generation is None:  # a cache that keeps nothing: nothing can be remembered safely
            request_site_set(request, site_for_request(request))
            return self.get_response(request)
        self._follow_the_cache(generation)
        token = generation_memo_activate(generation)
        try:
            request_site_set(request, site_for_request(request))
            return self.get_response(request)
        finally:
            generation_memo_deactivate(token)

    @staticmethod
    def _follow_the_cache(generation: str) -> None:
        """A generation older by its number than the one this process holds comes from a request
        that read it before a change (it keeps nothing), or is the current one after two
        processes started generations at the same moment: the shared cache tells which."""
        ahead = generation_memo_ahead_of(generation)
        if ahead and page_cache_generation() == generation:
            generation_memo_follow(generation, instead_of=ahead)
