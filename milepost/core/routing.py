"""Routing a request to its page in one query instead of one per level of the tree."""

from wagtail.models import Page

from .memo import remembered


class DirectRouteMixin:
    """For the site's root page: find the deepest page on the path by its URL path at once.

    Wagtail's own `route` fetches each level's child, then its specific page, level by level. Here
    the pages on the path are matched by slug (indexed) and full URL path in one query; the deepest
    one then routes what is left of the path itself, as Wagtail would (a routable page's `feed/`,
    or a 404 for an unknown child), and is served only if live.
    """

    def route(self, request, path_components):
        """The page at this path, remembered for the generation (core.memo); a 404 is not."""
        key = ("route", self.pk, tuple(path_components))
        return remembered(key, lambda: self._route_direct(request, path_components))

    def _route_direct(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "/".join(path_components[:depth]) + "/"
            for depth in range(1, len(path_components) + 1)
        ]
        deepest = (
            Page.objects.filter(slug__in=path_components, url_path__in=prefixes)
            .order_by("-depth")
            .first()
        )
        if deepest is None:
            return super().route(request, path_components)  # Wagtail's 404
        matched = deepest.depth - self.depth
        return deepest.specific.route(request, path_components[matched:])
