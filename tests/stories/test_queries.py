"""Each public page reads the database a fixed number of times, however many photos, tags or
stories it shows (renditions made ahead, as the worker does after a publish), and not at all
when a reader asks again in the same page-cache generation (core.memo)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from milepost.core.memo import generation_memo_clear
from milepost.stories.models import StoryPagePhoto
from milepost.stories.services import story_renditions_generate
from tests.factories import image_create, story_create


def _counted(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _queries(client, url) -> int:
    """What the first reader of a generation costs, once the renditions' markup is cached."""
    client.get(url)
    generation_memo_clear()
    first = _counted(client, url)
    if not url.startswith("/sitemap"):  # sitemaps are read by crawlers, not kept in memory
        again = _counted(client, url)
        assert again == 0, f"{url} read the database again in the same generation"
    return first


def _stories(story_index, count: int):
    """Stories with small photos: the counts, not the image work, are under test."""
    for number in range(count):
        story = story_create(
            story_index, title=f"Mile {number}", photo=False, tags=["hills", f"tag-{number}"]
        )
        StoryPagePhoto.objects.create(
            page=story, image=image_create(f"mile-{number}", 160, 120), alt_text="A road"
        )


def _story_with_photos(story_index, photo_count: int):
    story = story_create(story_index, photo=False, tags=[f"tag-{n}" for n in range(photo_count)])
    for number in range(photo_count):
        StoryPagePhoto.objects.create(
            page=story, image=image_create(f"extra-{number}", 480, 320), alt_text="A road"
        )
    story_renditions_generate(story.pk)
    return story


@pytest.mark.parametrize("photo_count", [1, 5])
def test_story_page_queries_do_not_grow_with_photos_or_tags(client, story_index, photo_count):
    story = _story_with_photos(story_index, photo_count)

    assert _queries(client, story.url) == 9


CALLOUT_PAGE_QUERIES = {"": 12, "?tag=hills": 13, "?q=mile": 13, "?page=2": 12, "feed/": 11}
SITE_QUERIES = {"/": 8, "/sitemap.xml": 4, "/sitemap-pages.xml": 4}


@pytest.mark.parametrize("story_count", [3, 30])
def test_listing_queries_do_not_grow_with_stories(client, story_index, story_count):
    _stories(story_index, story_count)

    callout_page = {path: _queries(client, story_index.url + path) for path in CALLOUT_PAGE_QUERIES}
    site = {url: _queries(client, url) for url in SITE_QUERIES}

    assert (callout_page, site) == (CALLOUT_PAGE_QUERIES, SITE_QUERIES)
