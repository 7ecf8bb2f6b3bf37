from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from milepost.core.views import media_serve
from milepost.site import views as site_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", site_views.search, name="search"),
    path("favicon.ico", site_views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("your-story/", include("milepost.submissions.urls")),
    path("your-book-permission/", include("milepost.anthology.urls")),
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
