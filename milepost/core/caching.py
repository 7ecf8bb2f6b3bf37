"""Public pages: their cache headers, and what each reader's request would otherwise re-read."""

from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from wagtail.models import Page, PageViewRestriction

from .internals import queryset_evaluated_as
from .memo import remembered


class PublicCacheMixin:
    """Lets shared caches and browsers keep public pages briefly; never pages for editors.

    The page's view restrictions are remembered for the generation (core.memo): Wagtail reads
    them, with the page's ancestors, before it serves any page.
    """

    public_max_age = 300

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.has_header("Cache-Control"):
            return response  # the view decided, e.g. a form that must never be cached
        if request.user.is_authenticated or getattr(request, "is_preview", False):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            cache_public_until(response, self.public_max_age, self.public_cache_changes_at())
        return response

    def public_cache_changes_at(self) -> datetime | None:
        """The next moment this page's words change by themselves (a deadline), if any."""
        return None

    def get_view_restrictions(self):
        read = super().get_view_restrictions
        restrictions = remembered(("view-restrictions", self.pk), lambda: list(read()))
        # Handed back as an evaluated queryset: Wagtail's serve hook iterates it, and the
        # admin's privacy view, which orders it, reads the table afresh.
        queryset = PageViewRestriction.objects.filter(pk__in=[r.pk for r in restrictions])
        return queryset_evaluated_as(queryset, restrictions)


def cache_public_until(response, max_age: int, changes_at: datetime | None) -> None:
    """Let shared caches keep the response for `max_age` seconds, cut short at `changes_at`.

    The cut is said twice: max-age for Varnish and browsers, and Expires, which the page cache
    reads (for its own lifetime, and to shorten max-age when it answers later).
    """
    if changes_at is not None:
        left = int((changes_at - timezone.now()).total_seconds())
        max_age = max(0, min(max_age, left))
        response["Expires"] = http_date(changes_at.timestamp())
    patch_cache_control(response, public=True, max_age=max_age)


def private_pages_q() -> Q:
    """Wagtail's `private_q()` (pages under a view restriction), read once per generation."""
    return remembered(("private-pages",), Page.objects.private_q)


def public_pages_q() -> Q:
    return ~private_pages_q()
