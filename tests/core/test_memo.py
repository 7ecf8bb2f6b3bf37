"""Published content remembered per process for one page-cache generation (core.memo).

A reader's second request reads nothing again; any change that starts a new generation, in this
process or in another web process sharing the cache, shows on the next request.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from milepost.core import memo
from milepost.core.generations import generation_next
from milepost.core.memo import remembered
from milepost.core.pagecache import GENERATION_KEY, page_cache, page_cache_clear
from milepost.stories.models import StoryPage
from tests.factories import story_create


def test_outside_a_request_nothing_is_remembered(db):
    calls = []
    for _ in range(2):
        remembered(("key",), lambda: calls.append(1))
    assert len(calls) == 2


def test_a_change_made_by_another_process_shows_at_its_next_generation(client, story_index):
    story = story_create(story_index, title="Up the hill")
    assert b"Up the hill" in client.get(story.url).content

    # Another web process publishes: the rows change and the shared generation moves on,
    # while this process's memo still holds the old page.
    StoryPage.objects.filter(pk=story.pk).update(title="Down the valley")
    page_cache().set(
        GENERATION_KEY, generation_next(page_cache().get(GENERATION_KEY)), timeout=None
    )

    assert b"Down the valley" in client.get(story.url).content
    assert b"Down the valley" in client.get(story_index.url).content


def test_a_publish_shows_on_the_story_its_callout_page_and_the_feed(client, story_index):
    story = story_create(story_index, title="Up the hill")
    for url in (story.url, story_index.url, story_index.url + "feed/"):
        client.get(url)

    story.title = "Down the valley"
    story.save_revision().publish()

    for url in (story.url, story_index.url, story_index.url + "feed/"):
        assert b"Down the valley" in client.get(url).content, url


def test_a_view_restriction_added_later_is_enforced_at_once(client, story_index):
    story = story_create(story_index, title="Up the hill")
    assert client.get(story.url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(story.url).status_code == 200
    assert len(queries) == 0

    PageViewRestriction.objects.create(
        page=Page.objects.get(pk=story_index.pk), restriction_type=PageViewRestriction.LOGIN
    )

    assert client.get(story.url).status_code == 302  # to the sign-in page
    assert b"Up the hill" not in client.get(story_index.url).content


def test_with_a_cache_that_keeps_nothing_nothing_is_remembered(client, story_index, settings):
    story = story_create(story_index, title="Up the hill")
    settings.CACHES = {
        **settings.CACHES,
        "page_cache": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    assert b"Up the hill" in client.get(story.url).content

    StoryPage.objects.filter(pk=story.pk).update(title="Down the valley")

    assert b"Down the valley" in client.get(story.url).content


def test_the_memo_keeps_what_is_read_most_recently(monkeypatch):
    monkeypatch.setattr(memo, "MAX_REMEMBERED", 3)
    generation = generation_next(None)
    token = memo.generation_memo_activate(generation)
    try:
        for key in ("first", "second", "third"):
            remembered(key, lambda key=key: key)
        remembered("first", lambda: "read again")  # a hit: "first" is now the newest
        remembered("fourth", lambda: "fourth")
        assert [key for _, key in memo._remembered] == ["third", "first", "fourth"]  # noqa: SLF001 (Milepost's own)
        assert remembered("first", lambda: "not read") == "first"
    finally:
        memo.generation_memo_deactivate(token)


def test_a_request_that_began_under_an_older_generation_leaves_the_newer_one_remembered():
    """It read the generation just before another request moved the process on: it works its
    values out afresh and keeps none, and the process never goes back to the older generation.
    """
    older = generation_next(None)
    newer = generation_next(older)
    for generation, value in ((newer, "after the change"), (older, "before the change")):
        token = memo.generation_memo_activate(generation)
        try:
            assert remembered("listing", lambda value=value: value) == value
        finally:
            memo.generation_memo_deactivate(token)

    token = memo.generation_memo_activate(newer)
    try:
        assert remembered("listing", lambda: "read again") == "after the change"
    finally:
        memo.generation_memo_deactivate(token)


def test_pages_are_remembered_again_after_the_cache_loses_the_generation(
    client, story_index, django_assert_num_queries
):
    story = story_create(story_index)
    client.get(story.url)
    page_cache_clear()  # as after an erasure; a restart or an eviction loses it as well
    assert client.get(story.url).status_code == 200  # read afresh under a new generation
    with django_assert_num_queries(0):
        assert client.get(story.url).status_code == 200


def test_the_process_follows_the_shared_generation_when_a_lower_number_was_written_last(
    client, story_index, django_assert_num_queries
):
    """Two processes started a generation at the same moment; the one with the lower number was
    written last, after this process had seen the other: it follows the cache, and remembers."""
    story = story_create(story_index)
    lower = generation_next(page_cache().get(GENERATION_KEY))
    higher = generation_next(lower)
    page_cache().set(GENERATION_KEY, higher, timeout=None)
    client.get(story.url)
    page_cache().set(GENERATION_KEY, lower, timeout=None)

    assert client.get(story.url).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(story.url).status_code == 200
