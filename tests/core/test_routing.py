"""A request finds its page in one step, and routes exactly as Wagtail would."""

import pytest
from wagtail.models import Page

from tests.factories import story_create, story_index_create


def test_a_story_its_callout_and_the_callouts_feed_are_found(client, story_index):
    story = story_create(story_index, title="Pine Street", photo=False)

    assert "Pine Street" in client.get(story.url).content.decode()
    assert client.get(story_index.url).status_code == 200
    feed = client.get(f"{story_index.url}feed/")
    assert feed["Content-Type"].startswith("application/rss+xml")


@pytest.mark.parametrize(
    "path",
    ["no-such-story/", "pine-street/more/", "feed/more/", "pine-street/feed/"],
)
def test_unknown_paths_below_a_page_are_not_found(client, story_index, path):
    story_create(story_index, title="Pine Street", slug="pine-street", photo=False)

    assert client.get(f"{story_index.url}{path}").status_code == 404


def test_a_page_that_is_not_live_is_not_found(client, story_index):
    draft = story_create(story_index, title="Draft", slug="draft", photo=False, publish=False)
    story = story_create(story_index, title="Gone", slug="gone", photo=False)
    story.unpublish()

    assert client.get(f"{story_index.url}draft/").status_code == 404
    assert client.get(f"{story_index.url}gone/").status_code == 404
    assert draft.live is False


def test_a_moved_story_is_found_at_its_new_address(client, home_page, story_index):
    story = story_create(story_index, title="Pine Street", slug="pine-street", photo=False)
    other = story_index_create(home_page, title="Other", slug="other-callout")
    Page.objects.get(pk=story.pk).move(other, pos="last-child")

    assert client.get("/other-callout/pine-street/").status_code == 200
    old = client.get(f"{story_index.url}pine-street/")  # Wagtail's redirect from a move
    assert (old.status_code, old["Location"]) == (301, "/other-callout/pine-street/")


def test_a_slug_that_repeats_along_the_path_is_matched_level_by_level(client, story_index):
    story = story_create(story_index, title="Mile", slug="most-important-mile", photo=False)

    assert story.url == "/most-important-mile/most-important-mile/"
    assert client.get(story.url).status_code == 200
    deeper = "/most-important-mile/most-important-mile/most-important-mile/"
    assert client.get(deeper).status_code == 404
