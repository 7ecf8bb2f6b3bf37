import base64
import hashlib
import re

from csp.decorators import csp_update
from django.conf import settings
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.http import http_date
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from milepost.stories import selectors

from .sitemaps import SITEMAPS

SEARCH_RESULTS_PER_PAGE = 20


@require_safe
@cache_control(public=True, max_age=60)
def search(request):
    query = selectors.search_terms_clean(request.GET.get("q", ""))
    story_ids = selectors.site_story_ids_search(query) if query else []
    page = Paginator(story_ids, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page", "1"))
    page.object_list = selectors.story_list_by_ids(list(page.object_list))
    context = {
        "query": query,
        "results": page,
        "capped": len(story_ids) >= settings.MILEPOST_SEARCH_MAX_RESULTS,
    }
    return TemplateResponse(request, "site/search.html", context)


@require_safe
@x_robots_tag
def sitemap_file(request, section: str):
    """One file of the sitemap index (`?p=2` onwards), as Django's sitemap view answers it."""
    if section not in SITEMAPS:
        raise Http404(f"No sitemap section {section!r}")
    base_url = f"{request.scheme}://{get_current_site(request).domain}"
    try:
        xml, newest = SITEMAPS[section](request).urlset(request.GET.get("p", 1), base_url)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(str(error)) from error
    response = HttpResponse(xml, content_type="application/xml")
    if newest:
        response["Last-Modified"] = http_date(newest.timestamp())
    return response


@require_safe
@cache_control(public=True, max_age=60 * 60 * 24)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; send them the stylesheet's sibling."""
    return redirect(static("img/favicon.ico"))


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the failure may be in what that context needs.
    response = render(None, "500.html", status=500)
    # Its styles are inline (static files may be what failed): the CSP allows them by hash.
    # django-csp's decorator is its one public way to add to a response's policy.
    allowed = csp_update({"style-src": [_inline_style_hash(response.content)]})
    return allowed(lambda: response)()


def _inline_style_hash(html: bytes) -> str:
    style = re.search(rb"<style>(.*?)</style>", html, re.DOTALL)
    digest = hashlib.sha256(style.group(1) if style else b"").digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
