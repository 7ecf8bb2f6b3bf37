"""The page cache as readers and editors meet it: hits, what is never cached, invalidation, 304s."""

import gzip
import re
import time
import uuid
from datetime import timedelta

import pytest
import redis
from django.core.cache import caches
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from milepost.callouts.models import Callout
from milepost.core.pagecache import page_cache_clear
from tests.factories import story_create, story_index_create

pytestmark = pytest.mark.django_db

REDIS = "django.core.cache.backends.redis.RedisCache"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.MILEPOST_PAGE_CACHE = True
    caches["page_cache"].clear()


def fetch_twice(client, url, **headers):
    first = client.get(url, headers=headers)
    second = client.get(url, headers=headers)
    return first, second


@pytest.mark.parametrize("path", ["story", "index", "feed", "/sitemap.xml", "/robots.txt", "/"])
def test_public_pages_are_served_from_the_cache_the_second_time(client, story_index, path):
    story = story_create(story_index)
    url = {"story": story.url, "index": story_index.url, "feed": story_index.url + "feed/"}.get(
        path, path
    )
    first, second = fetch_twice(client, url)
    assert first.status_code == second.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second.get("Cache-Control") == first.get("Cache-Control")


def test_a_hit_is_served_without_touching_the_database(
    client, story_index, django_assert_num_queries
):
    story = story_create(story_index)
    client.get(story.url)
    with django_assert_num_queries(0):
        response = client.get(story.url)
    assert response["X-Page-Cache"] == "hit"
    assert "The hill on Pine Street" in response.content.decode()


def test_gzip_and_plain_readers_get_their_own_copies(client, story_index):
    story = story_create(story_index)
    zipped = fetch_twice(client, story.url, accept_encoding="gzip, br")[1]
    plain = fetch_twice(client, story.url)[1]
    assert zipped["X-Page-Cache"] == plain["X-Page-Cache"] == "hit"
    assert zipped["Content-Encoding"] == "gzip"
    assert not plain.has_header("Content-Encoding")
    assert gzip.decompress(zipped.content) == plain.content


def test_each_query_string_is_its_own_page(client, settings, story_index):
    settings.MILEPOST_STORIES_PER_PAGE = 1
    story_create(story_index, title="Older story", days_ago=2)
    story_create(story_index, title="Newer story", days_ago=1)
    client.get(story_index.url)
    second_page = client.get(story_index.url + "?page=2")
    assert second_page["X-Page-Cache"] == "miss"
    assert "Older story" in second_page.content.decode()
    assert "Newer story" not in second_page.content.decode()


def test_the_web_form_and_admin_are_never_cached(client, story_index):
    for url in (story_index.url + "submit/", "/admin/login/"):
        first, second = fetch_twice(client, url)
        assert second.status_code == 200
        assert not second.has_header("X-Page-Cache"), url


def test_editors_never_get_or_fill_cached_pages(client, admin_client, story_index):
    story = story_create(story_index)
    client.get(story.url)  # cached for anonymous readers
    editor_view = admin_client.get(story.url)
    assert not editor_view.has_header("X-Page-Cache")
    assert "private" in editor_view["Cache-Control"]
    caches["page_cache"].clear()
    admin_client.get(story.url)
    assert client.get(story.url)["X-Page-Cache"] == "miss"


def test_missing_pages_are_not_cached(client, home_page):
    first, second = fetch_twice(client, "/no-such-page/")
    assert second.status_code == 404
    assert not second.has_header("X-Page-Cache")


def test_switched_off_it_caches_nothing(client, settings, story_index):
    settings.MILEPOST_PAGE_CACHE = False
    story = story_create(story_index)
    assert not fetch_twice(client, story.url)[1].has_header("X-Page-Cache")


# Invalidation: what readers see right after an editor's change


def test_publishing_a_story_shows_it_on_the_callout_page_and_feed_at_once(client, story_index):
    story_create(story_index, title="First story")
    feed_url = story_index.url + "feed/"
    fetch_twice(client, story_index.url)
    fetch_twice(client, feed_url)
    story_create(story_index, title="Second story")
    # The sitemap lists the story's address, the others its title.
    shown = {story_index.url: b"Second story", feed_url: b"Second story"}
    for url, second in {**shown, "/sitemap-pages.xml": b"/second-story/"}.items():
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert second in response.content, url


def test_republishing_a_story_serves_the_new_text(client, story_index):
    story = story_create(story_index)
    fetch_twice(client, story.url)
    story.title = "The hill on Elm Street"
    story.save_revision().publish()
    assert "The hill on Elm Street" in client.get(story.url).content.decode()


def test_unpublishing_a_story_takes_it_down_at_once(client, story_index):
    story = story_create(story_index)
    fetch_twice(client, story.url)
    story.unpublish()
    assert client.get(story.url).status_code == 404
    assert "The hill on Pine Street" not in client.get(story_index.url).content.decode()


def test_deleting_a_story_takes_it_off_the_callout_page(client, story_index):
    story = story_create(story_index)
    fetch_twice(client, story_index.url)
    Page.objects.get(pk=story.pk).delete()
    assert "The hill on Pine Street" not in client.get(story_index.url).content.decode()


def test_moving_a_story_serves_it_at_its_new_address(client, home_page, story_index):
    other_index = story_index_create(home_page, title="First Race", slug="first-race")
    story = story_create(story_index)
    old_url = story.url
    fetch_twice(client, old_url)
    story.move(other_index, pos="last-child")
    story.refresh_from_db()
    old = client.get(old_url)
    assert old.status_code == 301  # Wagtail's automatic redirect, never a stale copy
    assert old["Location"] == story.url
    assert client.get(story.url).status_code == 200


def test_a_callout_change_shows_on_its_page(client, story_index):
    fetch_twice(client, story_index.url)
    callout = story_index.callout
    callout.prompt = "Which mile do you remember best?"
    callout.save()
    assert "Which mile do you remember best?" in client.get(story_index.url).content.decode()


def test_a_site_change_drops_cached_pages(client, story_index):
    fetch_twice(client, "/robots.txt")
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Milepost Weekly"
    site.save()
    assert client.get("/robots.txt")["X-Page-Cache"] == "miss"


def test_making_a_story_private_takes_it_out_of_the_cache_at_once(client, story_index):
    story = story_create(story_index)
    fetch_twice(client, story.url)
    fetch_twice(client, story_index.url)

    restriction = PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(story.url).status_code == 302  # to the sign-in page, never the copy
    assert "The hill on Pine Street" not in client.get(story_index.url).content.decode()

    restriction.delete()
    assert client.get(story.url).status_code == 200


def test_the_second_bump_happens_on_commit(client, story_index, django_capture_on_commit_callbacks):
    """A page cached between the change and its commit is dropped once the commit lands."""
    callout = story_index.callout
    with django_capture_on_commit_callbacks(execute=True):
        callout.prompt = "Which mile do you remember best?"
        callout.save()
        client.get(story_index.url)  # another reader, before the commit
    assert client.get(story_index.url)["X-Page-Cache"] == "miss"


# Conditional GET


def test_a_browser_revalidating_by_etag_gets_304_from_the_cache(client, story_index):
    story = story_create(story_index)
    first, second = fetch_twice(client, story.url, accept_encoding="gzip")
    assert first["ETag"] == second["ETag"]
    assert first["ETag"].startswith('W/"')  # weak: the bytes differ with the encoding
    again = client.get(
        story.url, headers={"accept_encoding": "gzip", "if_none_match": first["ETag"]}
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again["X-Page-Cache"] == "hit"
    assert again["ETag"] == first["ETag"]


def test_a_browser_revalidating_by_date_gets_304_from_the_cache(client, story_index):
    story = story_create(story_index)
    first, _ = fetch_twice(client, story.url)
    again = client.get(story.url, headers={"if_modified_since": first["Last-Modified"]})
    assert again.status_code == 304
    assert again["X-Page-Cache"] == "hit"


def test_a_changed_page_answers_200_to_an_old_etag(client, story_index):
    story = story_create(story_index)
    first, _ = fetch_twice(client, story.url)
    story.title = "The hill on Elm Street"
    story.save_revision().publish()
    again = client.get(story.url, headers={"if_none_match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "The hill on Elm Street" in again.content.decode()


def test_the_first_request_also_answers_304(client, story_index):
    """Revalidation works when the page is not cached yet (a new generation, another host)."""
    story = story_create(story_index)
    etag = client.get(story.url)["ETag"]
    caches["page_cache"].clear()
    again = client.get(story.url, headers={"if_none_match": etag})
    assert again.status_code == 304


def test_clearing_empties_the_cache_so_the_next_read_is_a_miss(client, story_index):
    story = story_create(story_index)
    client.get(story.url)
    page_cache_clear()
    assert client.get(story.url)["X-Page-Cache"] == "miss"


def test_clearing_in_a_shared_redis_deletes_only_the_page_cache_keys(settings):
    location = "redis://127.0.0.1:6379/12"
    run = uuid.uuid4().hex
    # A glob character in the prefix must not let the pattern reach the other alias's keys.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "page_cache": {"BACKEND": REDIS, "LOCATION": location, "KEY_PREFIX": f"test-{run}*"},
        "other": {"BACKEND": REDIS, "LOCATION": location, "KEY_PREFIX": f"test-{run}-other"},
    }
    pages, other = caches["page_cache"], caches["other"]
    try:
        pages.set("pagecache:page:gz:abc", b"<p>Jane Doe</p>")
        pages.set("pagecache:generation", "g1")
        pages.set("session:xyz", "kept")
        other.set("pagecache:page:gz:abc", b"someone else's page")

        page_cache_clear()

        assert pages.get("pagecache:page:gz:abc") is None
        assert pages.get("pagecache:generation") is None
        assert pages.get("session:xyz") == "kept"
        assert other.get("pagecache:page:gz:abc") == b"someone else's page"
    finally:
        client = redis.Redis.from_url(location)
        for key in client.scan_iter(match=f"test-{run}*"):
            client.delete(key)


def test_a_cached_page_goes_at_the_deadline_it_announces(client, story_index):
    """Neither the page cache nor Varnish or a browser (told by max-age) may say "Closing
    today" after the close."""
    closes_at = timezone.now() + timedelta(seconds=4)
    Callout.objects.filter(pk=story_index.callout.pk).update(closes_at=closes_at)
    first = client.get(story_index.url)
    assert first["X-Page-Cache"] == "miss"
    assert int(re.search(r"max-age=(\d+)", first["Cache-Control"]).group(1)) <= 4

    time.sleep(1.5)
    second = client.get(story_index.url)
    assert second["X-Page-Cache"] == "hit"
    assert "Closing today" in second.content.decode() or "Closing tomorrow" in (
        second.content.decode()
    )
    # What is left of its life, not the max-age it had when it was stored.
    assert int(re.search(r"max-age=(\d+)", second["Cache-Control"]).group(1)) <= 2

    time.sleep(max(0.0, (closes_at - timezone.now()).total_seconds()) + 0.2)
    third = client.get(story_index.url)
    assert third["X-Page-Cache"] == "miss"
    assert "Closed on" in third.content.decode()
    assert "Closing" not in third.content.decode()
