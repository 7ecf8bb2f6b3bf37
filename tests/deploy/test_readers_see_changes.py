"""What readers see is current on the very next request, on each server Milepost runs on.

Each change an editor makes (publish, edit a title, unpublish, make private, delete, move) shows
on the story, its callout page, the feed, the home page and the sitemap on the next request:
under `milepost serve` (runserver's threads, as `make serve` runs it), under gunicorn with two
sync workers, and under one gunicorn worker of eight threads while another client keeps loading
the callout page. The test process makes the changes, as an editor's process would, and shares
the servers' database and page cache.
"""

import http.client
import threading

import pytest
from django.conf import settings as django_settings
from wagtail.models import Page, PageViewRestriction

from tests.deploy import servers
from tests.factories import story_create, story_index_create

# The servers see what the test commits. Restored rather than flushed: a flush would give the
# content types new ids, and the servers, which live for the whole module, remember the old ones.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CALLOUT_URL = "/most-important-mile/"  # story_index_create's slug
FEED_URL = CALLOUT_URL + "feed/"
SITEMAP_URL = "/sitemap-pages.xml"
CHANGES = ["publish", "retitle", "unpublish", "make private", "delete", "move"]


def fetch(port: int, path: str):
    """(status, body) of one GET, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "localhost"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class Hammer:
    """Another client loading the callout page again and again while the test runs."""

    def __init__(self, port: int):
        self.port, self.loads = port, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            fetch(self.port, CALLOUT_URL)
            self.loads += 1

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join(timeout=30)


@pytest.fixture(scope="module", params=["milepost serve", "gunicorn -w 2", "gunicorn --threads 8"])
def server(request, django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    env = servers.served_environment(folder)
    port, log = servers.free_port(), folder / "server.log"
    with django_db_blocker.unblock():
        if request.param == "milepost serve":
            running = servers.milepost_serve(env, port, log)
        elif request.param == "gunicorn -w 2":
            running = servers.gunicorn(env, port, log, workers=2)
        else:
            running = servers.gunicorn(env, port, log, workers=1, threads=8)
        with running:
            if request.param == "gunicorn --threads 8":
                with Hammer(port) as hammer:
                    yield port, folder, hammer
            else:
                yield port, folder, None


@pytest.fixture
def port(server, settings):
    """The server's port; this process shares its page cache and media folder."""
    port, folder, _ = server
    settings.MILEPOST_PAGE_CACHE = True
    settings.MEDIA_ROOT = folder / "media"
    settings.CACHES = {
        **django_settings.CACHES,
        "page_cache": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": folder / "page-cache",
        },
    }
    return port


def pages(story_url: str) -> list[str]:
    return [story_url, CALLOUT_URL, FEED_URL, "/", SITEMAP_URL]


def read_all(port: int, urls: list[str]) -> dict[str, tuple[int, bytes]]:
    return {url: fetch(port, url) for url in urls}


def change_make(change: str, story, home_page):
    """Makes the change; returns the story's address afterwards and what readers should see."""
    if change == "publish":
        story.save_revision().publish()
        return story.url, {"shown": True, "title": b"Up the hill"}
    if change == "retitle":
        story.title = "Over the bridge"
        story.save_revision().publish()
        return story.url, {"shown": True, "title": b"Over the bridge", "gone": b"Up the hill"}
    if change == "unpublish":
        story.unpublish()
    elif change == "make private":
        PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)
    elif change == "delete":
        Page.objects.get(pk=story.pk).delete()
    elif change == "move":
        other = story_index_create(home_page, title="First Race", slug="first-race")
        story.move(other, pos="last-child")
        story.refresh_from_db()
        return story.url, {"moved to": other.url}
    return story.url, {"shown": False}


@pytest.mark.parametrize("change", CHANGES)
def test_readers_see_the_change_on_the_next_request(port, server, home_page, story_index, change):
    story_create(story_index, title="Along the river", days_ago=1)
    story = story_create(story_index, title="Up the hill", publish=change != "publish")
    old_url = story.url
    for _ in range(2):  # remembered and cached as the pages were before the change
        before = read_all(port, pages(old_url))
    assert before[CALLOUT_URL][0] == 200
    hammer = server[2]
    loads_before = hammer.loads if hammer else 0

    url, expected = change_make(change, story, home_page)
    after = read_all(port, pages(url) + [old_url])

    if hammer:
        assert hammer.loads > loads_before  # the other client was loading the page meanwhile
    for listing in (CALLOUT_URL, FEED_URL, "/"):
        assert after[listing][0] == 200, listing
        assert b"Along the river" in after[listing][1], listing
    if "moved to" in expected:
        assert_moved(after, old_url, url, expected["moved to"], port)
    elif expected["shown"]:
        assert_shown(after, url, expected)
    else:
        assert_hidden(after, old_url, change)


def assert_shown(after, url, expected):
    status, body = after[url]
    assert status == 200
    assert expected["title"] in body
    for listing in (CALLOUT_URL, FEED_URL, "/"):
        assert expected["title"] in after[listing][1], listing
        assert expected.get("gone", b"\0") not in after[listing][1], listing
    assert expected.get("gone", b"\0") not in body
    assert url.encode() in after[SITEMAP_URL][1]


def assert_hidden(after, old_url, change):
    status, body = after[old_url]
    assert status == (302 if change == "make private" else 404)  # private: to the sign-in page
    assert b"Up the hill" not in body
    for listing in (CALLOUT_URL, FEED_URL, "/"):
        assert b"Up the hill" not in after[listing][1], listing
    assert old_url.encode() not in after[SITEMAP_URL][1]


def assert_moved(after, old_url, url, other_callout_url, port):
    status, body = after[url]
    assert status == 200
    assert b"Up the hill" in body
    assert after[old_url][0] == 301  # Wagtail's redirect to the new address
    for listing in (CALLOUT_URL, FEED_URL):
        assert b"Up the hill" not in after[listing][1], listing
    assert url.encode() in after["/"][1]
    assert b"Up the hill" in fetch(port, other_callout_url)[1]
    sitemap = after[SITEMAP_URL][1]
    assert url.encode() in sitemap
    assert old_url.encode() not in sitemap
