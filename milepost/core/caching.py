"""Public pages: their cache headers, and what each reader's request would otherwise re-read."""

from django.db.models import Q
from django.utils.cache import patch_cache_control
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
            patch_cache_control(response, public=True, max_age=self.public_max_age)
        return response

    def get_view_restrictions(self):
        read = super().get_view_restrictions
        restrictions = remembered(("view-restrictions", self.pk), lambda: list(read()))
        # Handed back as an evaluated queryset: Wagtail's serve hook iterates it, and the
        # admin's privacy view, which orders it, reads the table afresh.
        queryset = PageViewRestriction.objects.filter(pk__in=[r.pk for r in restrictions])
        return queryset_evaluated_as(queryset, restrictions)


def private_pages_q() -> Q:
    """Wagtail's `private_q()` (pages under a view restriction), read once per generation."""
    return remembered(("private-pages",), Page.objects.private_q)


def public_pages_q() -> Q:
    return ~private_pages_q()
