"""What readers see is current on the very next request, on each server Milepost runs on.

Each change an editor makes (publish, edit a title, unpublish, make private, delete, move) shows
on the story, its callout page, the feed, the home page and the sitemap on the next request:
under `milepost serve` (runserver's threads, as `make serve` runs it), under gunicorn with two
sync workers, and under one gunicorn worker of eight threads while another client keeps loading
the callout page. The test process makes the changes, as an editor's process would, and shares
the servers' database and page cache. Its writes commit at once and stay for the module's servers
(no flush between steps: a flush would give the content types new ids, which the servers, living
for the whole module, would still hold); each step makes its own callout page and deletes it after.
"""

import http.client
import threading

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from milepost.callouts.models import Callout
from tests.deploy import servers
from tests.factories import home_page_get_or_create, story_create, story_index_create

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
    """Another client loading a page (the step's callout page) again and again."""

    def __init__(self, port: int):
        self.port, self.path, self.loads = port, "/", 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            fetch(self.port, self.path)
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
        # Left as any test whose writes commit leaves it (the log entries, the redirects).
        call_command("flush", interactive=False, verbosity=0)


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


@pytest.fixture
def callout_pages(port, django_db_blocker, request):
    """Makes callout pages whose writes commit at once; deletes them and their stories after."""
    made = []
    number = request.node.callspec.indices["change"]

    def make(title: str):
        slug = f"{title.lower().replace(' ', '-')}-{number}"
        made.append(story_index_create(home_page_get_or_create(), title=title, slug=slug))
        return made[-1]

    with django_db_blocker.unblock():
        yield make
        for index in made:
            Page.objects.filter(pk=index.pk).delete()
            Callout.objects.filter(pk=index.callout_id).delete()


def pages(story_url: str, callout_url: str) -> list[str]:
    return [story_url, callout_url, callout_url + "feed/", "/", SITEMAP_URL]


def read_all(port: int, urls: list[str]) -> dict[str, tuple[int, bytes]]:
    return {url: fetch(port, url) for url in urls}


def change_make(change: str, story, make_callout_page):
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
        other = make_callout_page("First Race")
        story.move(other, pos="last-child")
        story.refresh_from_db()
        return story.url, {"moved to": other.url}
    return story.url, {"shown": False}


@pytest.mark.parametrize("change", CHANGES)
def test_readers_see_the_change_on_the_next_request(port, server, callout_pages, change):
    callout_page = callout_pages("Most Important Mile")
    story_create(callout_page, title="Along the river", days_ago=1, photo=False)
    story = story_create(callout_page, title="Up the hill", publish=change != "publish")
    old_url, listings = story.url, [callout_page.url, callout_page.url + "feed/", "/"]
    hammer = server[2]
    if hammer:
        hammer.path = callout_page.url
    for _ in range(2):  # remembered and cached as the pages were before the change
        before = read_all(port, pages(old_url, callout_page.url))
    assert before[callout_page.url][0] == 200
    loads_before = hammer.loads if hammer else 0

    url, expected = change_make(change, story, callout_pages)
    after = read_all(port, pages(url, callout_page.url) + [old_url])

    if hammer:
        assert hammer.loads > loads_before  # the other client was loading the page meanwhile
    for listing in listings:
        assert after[listing][0] == 200, listing
        assert b"Along the river" in after[listing][1], listing
    if "moved to" in expected:
        assert_moved(after, old_url, url, listings, expected["moved to"], port)
    elif expected["shown"]:
        assert_shown(after, url, listings, expected)
    else:
        assert_hidden(after, old_url, listings, change)


def assert_shown(after, url, listings, expected):
    status, body = after[url]
    assert status == 200
    assert expected["title"] in body
    for listing in listings:
        assert expected["title"] in after[listing][1], listing
        assert expected.get("gone", b"\0") not in after[listing][1], listing
    assert expected.get("gone", b"\0") not in body
    assert url.encode() in after[SITEMAP_URL][1]


def assert_hidden(after, old_url, listings, change):
    status, body = after[old_url]
    assert status == (302 if change == "make private" else 404)  # private: to the sign-in page
    assert b"Up the hill" not in body
    for listing in listings:
        assert b"Up the hill" not in after[listing][1], listing
    assert old_url.encode() not in after[SITEMAP_URL][1]


def assert_moved(after, old_url, url, listings, other_callout_url, port):
    status, body = after[url]
    assert status == 200
    assert b"Up the hill" in body
    assert after[old_url][0] == 301  # Wagtail's redirect to the new address
    for listing in listings[:2]:  # the callout page it left and its feed
        assert b"Up the hill" not in after[listing][1], listing
    assert url.encode() in after["/"][1]
    assert b"Up the hill" in fetch(port, other_callout_url)[1]
    sitemap = after[SITEMAP_URL][1]
    assert url.encode() in sitemap
    assert old_url.encode() not in sitemap
