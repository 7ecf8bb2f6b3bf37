"""Site-wide pages: search, sitemap, robots.txt and error pages."""

import base64
import hashlib
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from milepost.site.views import server_error
from milepost.stories.models import StoryPage
from tests.factories import story_create

pytestmark = pytest.mark.django_db


# Page creation rules


def test_site_search(client, story_index):
    story_create(story_index, title="Snow on the towpath", body="<p>The canal was frozen.</p>")
    story_create(story_index, title="Heat on the boardwalk")
    response = client.get("/search/", {"q": "frozen canal"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Snow on the towpath" in html and "Heat on the boardwalk" not in html
    assert client.get("/search/", {"q": "\x00<script>'\""}).status_code == 200


def test_site_search_is_capped_and_reads_a_page_of_cards_at_once(client, settings, story_index):
    settings.MILEPOST_SEARCH_MAX_RESULTS = 25
    for number in range(30):
        story_create(story_index, title=f"Canal mile {number}", photo=number < 3)

    client.get("/search/", {"q": "canal"})  # the first request fills per-process caches
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/search/", {"q": "canal"}).content.decode()
    last = client.get("/search/", {"q": "canal", "page": "2"}).content.decode()

    assert "The newest 25 matching stories." in first
    assert "Canal mile 29" in first and "Canal mile 4" not in first + last
    assert first.count('class="story-card"') == 20 and last.count('class="story-card"') == 5
    assert "Page 2 of 2" in last
    assert len(queries) < 15  # not one per story card


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locs(response, element: str) -> list[str]:
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.findall(f"s:{element}/s:loc", SITEMAP_NS)]


def test_sitemap_is_an_index_of_files_listing_live_pages(client, settings, story_index):
    settings.MILEPOST_SITEMAP_URLS_PER_FILE = 2
    stories = [story_create(story_index, title=f"Mile {number}") for number in range(3)]
    draft = story_create(story_index, title="Draft", publish=False)

    files = _locs(client.get("/sitemap.xml"), "sitemap")
    urls = [url for file in files for url in _locs(client.get(file), "url")]

    # Home, callout page and three stories, two to a file.
    assert files == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-pages.xml?p=2",
        "http://testserver/sitemap-pages.xml?p=3",
    ]
    assert f"http://testserver{story_index.url}" in urls
    assert all(f"http://testserver{story.url}" in urls for story in stories)
    assert not any(draft.slug in url for url in urls)
    assert len(urls) == 5
    assert client.get("/sitemap-pages.xml?p=9").status_code == 404


def test_sitemap_file_dates_each_page_and_itself(client, settings, story_index):
    settings.MILEPOST_SITEMAP_URLS_PER_FILE = 2
    story_create(story_index, title="Old mile", days_ago=400)
    story_create(story_index, title="New mile", days_ago=3)

    response = client.get("/sitemap-pages.xml?p=2")
    root = ET.fromstring(response.content)
    entries = {
        url.find("s:loc", SITEMAP_NS).text: url.find("s:lastmod", SITEMAP_NS).text
        for url in root.findall("s:url", SITEMAP_NS)
    }
    newest = max(StoryPage.objects.values_list("last_published_at", flat=True))

    # Home and callout page fill the first file; the second holds the two stories, each dated.
    assert entries == {
        f"http://testserver{story.url}": f"{story.last_published_at:%Y-%m-%d}"
        for story in StoryPage.objects.all()
    }
    assert response["Content-Type"] == "application/xml"
    assert response["Last-Modified"] == http_date(newest.timestamp())
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert client.get("/sitemap-pages.xml?p=abc").status_code == 404
    assert client.get("/sitemap-other.xml").status_code == 404


def test_robots_txt_points_at_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_missing_page_gets_a_helpful_404(client, home_page):
    response = client.get("/no-such-story/")
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()


def test_server_error_page_is_plain_html(client, home_page):
    response = server_error(None)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_server_error_page_styles_are_allowed_by_hash_only(client, home_page, monkeypatch):
    def broken(query):
        raise RuntimeError("the search index is gone")

    monkeypatch.setattr("milepost.site.views.selectors.site_story_ids_search", broken)
    client.raise_request_exception = False
    response = client.get("/search/", {"q": "hill"})
    assert response.status_code == 500
    style = re.search(rb"<style>(.*?)</style>", response.content, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(style).digest()).decode()
    csp = response["Content-Security-Policy"]
    assert f"style-src 'self' 'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp


def test_favicon_is_found(client, home_page):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].endswith("/img/favicon.ico")
    with open(finders.find("img/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
    assert 'rel="icon"' in client.get("/").content.decode()
