"""The sitemap: an index at /sitemap.xml and files of live pages, in tree order.

Pages are read as plain rows (no per-type query) and located from the site's root URL, so a
file costs one query for its slice whatever the mix of page types.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max
from wagtail.contrib.sitemaps import Sitemap


class PageSitemap(Sitemap):
    @property
    def limit(self) -> int:
        return settings.MILEPOST_SITEMAP_URLS_PER_FILE

    def items(self):
        root = self.get_wagtail_site().root_page
        self.root_path_length = len(root.url_path) - 1
        return (
            root.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .only("url_path", "last_published_at", "latest_revision_created_at")
        )

    def location(self, page) -> str:
        return page.url_path[self.root_path_length :]

    def get_latest_lastmod(self):
        # In SQL: Django's default reads every page to find the newest.
        return self.items().aggregate(newest=Max("last_published_at"))["newest"]

    def _urls(self, page, protocol, domain):
        # Django's own loop: Wagtail's asks each page for its full URL, a lookup per page.
        return DjangoSitemap._urls(self, page, protocol, domain)


SITEMAPS = {"pages": PageSitemap}
