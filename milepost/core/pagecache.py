"""A page cache for anonymous readers, shared by every web process, with conditional GET.

Whole responses for anonymous GETs are kept in the `page_cache` cache (Redis when REDIS_URL is
set, else files in the data folder), keyed by host, path, query and whether the client takes
gzip. Every entry carries the generation the request read when it began, so a page rendered
before a change and stored after it is never served after the change; `page_cache_invalidate()`
starts a new generation (`core.generations`), so one publish, move, delete or callout change
drops every page at once: a story also shows on its callout page, the home page, the feed and
the sitemap.

Requests and responses that may be personal are never stored nor answered from the cache:
editors (a session cookie), pending messages, an Authorization header, the paths in
MILEPOST_PAGE_CACHE_SKIP_PATHS, and any response that sets a cookie, is not a 200, is marked
private/no-store/no-cache or varies on more than Accept-Encoding and Cookie.
"""

import hashlib
import re
import time

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    get_max_age,
    patch_cache_control,
)
from django.utils.http import http_date, parse_http_date_safe
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Site

from .generations import generation_next
from .memo import generation_memo_advance

CACHE_ALIAS = "page_cache"
GENERATION_KEY = "pagecache:generation"
HEADER = "X-Page-Cache"
# Cookies that mean the page may differ for this client: an editor's session, a flash message.
PERSONAL_COOKIES = ("messages",)
# A cached page may vary only on these (Cookie: the personal cookies above are never cached).
SAFE_VARY = {"accept-encoding", "cookie"}
UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}


def page_cache():
    return caches[CACHE_ALIAS]


def page_cache_generation() -> str:
    """The current generation, started afresh if the cache lost it (a restart, an eviction)."""
    cache = page_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, generation_next(None), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def page_cache_invalidate() -> None:
    """Drop every cached page now, and again once the current transaction commits.

    The second bump closes the window in which another process could cache a page rendered
    from the rows as they were before the commit. The front cache (Varnish, a CDN) is purged
    once the change is committed.
    """
    _bump_generation()
    transaction.on_commit(_after_commit)


def _bump_generation() -> None:
    cache = page_cache()
    generation = generation_next(cache.get(GENERATION_KEY))
    cache.set(GENERATION_KEY, generation, timeout=None)
    generation_memo_advance(generation)  # this process knows at once; others at their next request


def _after_commit() -> None:
    _bump_generation()
    front_cache_purge_sites()


def front_cache_purge_sites() -> None:
    """Ask the front cache to drop each site's pages.

    Milepost's Varnish configuration drops every page of a host on any PURGE for it; a CDN
    drops the home page here, and Wagtail itself purges a page when it is published.
    """
    if settings.WAGTAILFRONTENDCACHE:
        purge_urls_from_cache([f"{site.root_url}/" for site in Site.objects.all()])


def page_cache_clear() -> None:
    """Delete every entry the page cache holds, not only make it stale.

    Invalidation leaves old pages stored until they expire; after an erasure they would keep
    the person's story. In Redis the page cache may share a database with other caches, so only
    keys under its own prefix go; any other backend is the page cache's own store (the settings
    give it its own folder), which `clear()` empties.
    """
    cache = page_cache()
    if not isinstance(cache, RedisCache):
        cache.clear()
        return
    # A glob pattern: the prefix's own *, ?, [ or \ must match only themselves.
    pattern = re.sub(r"([*?\[\]\\])", r"\\\1", cache.make_key("pagecache:")) + "*"
    # Its own connection: Django's RedisCache keeps its client private. Rare (an erasure).
    with redis.Redis.from_url(settings.CACHES[CACHE_ALIAS]["LOCATION"]) as client:
        keys = list(client.scan_iter(match=pattern, count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])


def _accepts_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()


def page_cache_key(request) -> str:
    variant = "gz" if _accepts_gzip(request) else "id"
    location = f"{request.get_host()}{request.get_full_path()}"
    return f"pagecache:page:{variant}:{hashlib.sha256(location.encode()).hexdigest()}"


def request_is_cacheable(request) -> bool:
    if not settings.MILEPOST_PAGE_CACHE or request.method != "GET":
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES)
    if any(name in request.COOKIES for name in cookies):
        return False
    return not request.path.startswith(tuple(settings.MILEPOST_PAGE_CACHE_SKIP_PATHS))


def response_is_cacheable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if directives & UNCACHEABLE_DIRECTIVES:
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part}
    return vary <= SAFE_VARY


def _stored(response) -> dict:
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(time.time())
    return {
        "status": response.status_code,
        "headers": [(k, v) for k, v in response.headers.items() if k != HEADER],
        "content": response.content,
    }


def _restored(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    return response


def _seconds_left(response, seconds: int) -> int:
    """`seconds`, cut short at the response's Expires (a page whose words change at a
    deadline, `core.caching.cache_public_until`)."""
    expires = parse_http_date_safe(response.get("Expires", ""))
    if expires is None:
        return seconds
    return max(0, min(seconds, int(expires - time.time())))


class PageCacheMiddleware:
    """Answers anonymous GETs from the shared page cache; stores what is safe to share.

    Sits above GZipMiddleware, so a hit costs no rendering and no compression.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_cacheable(request):
            return self.get_response(request)
        key = page_cache_key(request)
        found = page_cache().get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or page_cache_generation()
        request.page_cache_generation = generation  # the memo below needs it too
        entry = found.get(key)
        if entry and entry["generation"] == generation:
            return self._hit(request, entry["response"])
        response = self.get_response(request)
        timeout = _seconds_left(response, settings.MILEPOST_PAGE_CACHE_SECONDS)
        if response_is_cacheable(response) and timeout > 0:
            stored = {"generation": generation, "response": _stored(response)}
            page_cache().set(key, stored, timeout=timeout)
            response[HEADER] = "miss"
        return response

    def _hit(self, request, stored: dict):
        response = _restored(stored)
        if response.has_header("Expires"):
            # Varnish and browsers may keep it only until what the page says changes.
            max_age = _seconds_left(response, get_max_age(response) or 0)
            patch_cache_control(response, max_age=max_age)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        response = get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
        response[HEADER] = "hit"
        return response
