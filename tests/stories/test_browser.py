"""A reader's path through the site in a real browser, on a desktop and on a phone."""

from urllib.parse import quote

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
    # The page needs no script to work: one shares it, one counts the reading (milepost/insights).
    scripts = page.evaluate("[...document.querySelectorAll('script[src]')].map(s => s.src)")
    assert sorted(src.removeprefix(live_server.url) for src in scripts) == [
        "/static/js/readership.js",
        "/static/js/share.js",
    ]


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


def test_share_copies_the_link_where_the_browser_has_no_share_sheet(
    page, live_server, published_story
):
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(str(error)))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    # Desktop Chromium on Linux has no share sheet; the phone profile may: take it away.
    page.add_init_script("delete Navigator.prototype.share; delete Navigator.prototype.canShare;")
    page.goto(live_server.url + published_story.url)

    share = page.get_by_role("button", name="Share this story")
    share.scroll_into_view_if_needed()
    share.click()

    status = page.get_by_role("status")
    status.get_by_text("Link copied: paste it wherever you like.").wait_for()
    assert status.get_attribute("aria-live") == "polite"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(published_story.url)
    assert copied == page.locator("link[rel=canonical]").get_attribute("href")
    assert not [message for message in console if "Content Security Policy" in message]
    assert not [message for message in console if "Error" in message]


def test_without_javascript_the_email_link_shares(browser, live_server, published_story):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + published_story.url)
    assert not page.get_by_role("button", name="Share this story").is_visible()
    link = page.get_by_role("link", name="Share by email")
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert link.get_attribute("href") == (
        f"mailto:?subject=The%20hill%20on%20Pine%20Street&body={quote(canonical, safe='')}"
    )
    context.close()
