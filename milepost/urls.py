from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.documents import urls as wagtaildocs_urls

from milepost.core.views import media_serve
from milepost.site import views as site_views
from milepost.site.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", site_views.search, name="search"),
    path("favicon.ico", site_views.favicon, name="favicon"),
    # An index of sitemap files, each within the protocol's 50,000 URLs.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", site_views.sitemap_file, name="sitemap_section"),
    # The submitter's erasure request beside their status page, and the list of all their
    # stories (first: its "all/" would otherwise be taken for a status page's token).
    path("your-story/", include("milepost.privacy.urls")),
    path("your-story/", include("milepost.submissions.urls")),
    path("your-book-permission/", include("milepost.anthology.urls")),
    # The story page's script counts a view here (never cached: POST only).
    path("readership/", include("milepost.insights.urls")),
    # Inbound mail from providers: /webhooks/mailgun/inbound_mime/, /webhooks/postmark/inbound/
    path("webhooks/", include("milepost.intake.urls")),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
]

if settings.MILEPOST_SERVE_MEDIA:
    urlpatterns += [
        # Images only, by name and by content; documents go through /documents/ as downloads.
        re_path(r"^media/(?P<path>.*)$", media_serve, name="media")
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "milepost.site.views.page_not_found"
handler500 = "milepost.site.views.server_error"
