"""A reader's path through the site in a real browser, on a desktop and on a phone."""

import pytest

from tests.factories import story_create

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def published_story(story_index, live_server):
    from wagtail.models import Site

    address = live_server.url.removeprefix("http://")
    host, port = address.split(":")
    Site.objects.update(hostname=host, port=int(port))
    return story_create(story_index, title="The hill on Pine Street", tags=["comeback"])


def test_reader_goes_from_home_to_a_story(page, live_server, published_story):
    page.goto(live_server.url)
    page.get_by_role("link", name="Most Important Mile").first.click()

    assert page.get_by_role("heading", level=1).inner_text() == "Most Important Mile"
    assert page.get_by_text("What was your most important mile?").first.is_visible()
    page.get_by_role("link", name="The hill on Pine Street").click()

    assert page.get_by_role("heading", level=1).inner_text() == "The hill on Pine Street"
    assert page.get_by_text("St. Louis, MO mother runner Jane Doe, 32").is_visible()
    photo = page.get_by_role("img", name="A runner at the top of a hill at sunrise")
    photo.scroll_into_view_if_needed()
    assert photo.is_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert (
        page.locator("figcaption").first.inner_text().startswith("At the top of the hill, at last.")
    )
    call = page.get_by_role("complementary").filter(
        has_text="Send us your own most important mile."
    )
    call.scroll_into_view_if_needed()
    assert call.is_visible()


def test_story_fits_the_screen(page, live_server, published_story):
    page.goto(live_server.url + published_story.url)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    # The one script counts the reading (milepost/insights); the page needs none to work.
    scripts = page.evaluate("[...document.querySelectorAll('script[src]')].map(s => s.src)")
    assert [src.removeprefix(live_server.url) for src in scripts] == ["/static/js/readership.js"]


def test_skip_link_moves_focus_to_the_content(page, live_server, published_story):
    page.goto(live_server.url + published_story.url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("link => link === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_reader_filters_stories_by_tag(page, live_server, published_story, story_index):
    story_create(story_index, title="A different mile", tags=["family"])
    page.goto(live_server.url + story_index.url)
    page.get_by_role("navigation", name="Filter by tag").get_by_role(
        "link", name="comeback"
    ).click()
    assert page.get_by_role("link", name="The hill on Pine Street").is_visible()
    assert page.get_by_role("link", name="A different mile").count() == 0
