"""Callout index pages and feature story pages as readers see them."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import parse_http_date
from wagtail.models import Page

from milepost.callouts.models import Callout
from milepost.stories.models import StoryIndexPage, StoryPage, StoryPagePhoto
from tests.factories import story_create, story_index_create

pytestmark = pytest.mark.django_db


# Page creation rules


def test_story_pages_live_only_under_a_callout_index(home_page, story_index):
    assert StoryPage.can_create_at(story_index)
    assert not StoryPage.can_create_at(home_page)
    assert StoryIndexPage.can_create_at(home_page)
    assert not StoryIndexPage.can_create_at(story_index)
    assert not StoryIndexPage.can_create_at(Page.get_first_root_node())


def test_every_story_photo_needs_alt_text(story_index):
    story = story_create(story_index)
    photo = story.photos.first()
    photo.alt_text = "   "
    with pytest.raises(ValidationError):
        photo.full_clean()


def test_story_page_shows_the_feature(client, story_index):
    story = story_create(story_index, tags=["first race"])
    response = client.get(story.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="story__headline">The hill on Pine Street</h1>' in html
    assert "St. Louis, MO mother runner Jane Doe, 32" in html
    assert "I stopped counting and started breathing." in html
    assert "At the top of the hill, at last." in html
    assert 'alt="A runner at the top of a hill at sunrise"' in html
    # The closing call for stories comes from the callout page, not the story.
    assert "Send us your own most important mile." in html
    assert "What was your most important mile?" in html
    assert "mile at milepost dot example" in html
    assert "mile@milepost.example" not in html


def test_story_byline_degrades_without_age_or_city(client, story_index):
    story = story_create(story_index, runner_age=None, city="", region="UK", descriptor="")
    html = client.get(story.url).content.decode()
    assert "Jane Doe, of UK" in html


def test_story_photos_are_responsive_pictures(client, story_index):
    story = story_create(story_index)
    html = client.get(story.url).content.decode()
    assert "<picture>" in html
    assert 'type="image/avif"' in html
    assert 'type="image/webp"' in html
    assert 'width="' in html and 'height="' in html


def test_story_page_metadata(client, story_index):
    story = story_create(story_index)
    html = client.get(story.url).content.decode()
    assert f'<link rel="canonical" href="http://localhost{story.url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:image" content="http://localhost/media/images/' in html
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    import json

    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "Article"
    assert data["headline"] == "The hill on Pine Street"
    assert data["author"]["name"] == "Jane Doe"
    assert data["image"].startswith("http://localhost/media/images/")
    assert "datePublished" in data


def test_json_ld_cannot_break_out_of_its_script(client, story_index):
    story = story_create(story_index, title="</script><script>alert(1)</script>")
    html = client.get(story.url).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_public_pages_may_be_cached_but_not_for_editors(client, admin_client, story_index):
    story = story_create(story_index)
    assert "public" in client.get(story.url)["Cache-Control"]
    assert "private" in admin_client.get(story.url)["Cache-Control"]


def test_draft_story_is_not_public(client, story_index):
    story = story_create(story_index, publish=False)
    assert client.get(f"/{story_index.slug}/{story.slug}/").status_code == 404
    assert story.title not in client.get(story_index.url).content.decode()


def test_index_lists_stories_newest_first_and_paginates(client, settings, story_index):
    settings.MILEPOST_STORIES_PER_PAGE = 2
    for days_ago, title in enumerate(["Newest", "Middle", "Oldest"]):
        story_create(story_index, title=title, days_ago=days_ago)
    first = client.get(story_index.url).content.decode()
    assert first.index("Newest") < first.index("Middle")
    assert "Oldest" not in first
    assert "Page 1 of 2" in first
    second = client.get(story_index.url, {"page": 2}).content.decode()
    assert "Oldest" in second and "Newest" not in second
    # An out-of-range or junk page number shows a real page, not an error.
    assert client.get(story_index.url, {"page": "999"}).status_code == 200
    assert client.get(story_index.url, {"page": "abc"}).status_code == 200


def _listed_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="story-card__headline"><a [^>]*>([^<]+)</a>', html)


@pytest.mark.parametrize("filters", [{}, {"tag": "hills"}])
def test_every_page_of_a_long_listing_in_order(client, settings, story_index, filters):
    """Late pages are read from the oldest end: each story still shows once, in its place."""
    settings.MILEPOST_STORIES_PER_PAGE = 2
    titles = [f"Mile {days_ago}" for days_ago in range(7)]  # newest first
    for days_ago, title in enumerate(titles):
        story_create(story_index, title=title, days_ago=days_ago, photo=False, tags=["hills"])
    story_create(story_index, title="Draft mile", publish=False, photo=False, tags=["hills"])

    def page(number) -> str:
        return client.get(story_index.url, {**filters, "page": number}).content.decode()

    pages = [page(number) for number in (1, 2, 3, 4)]

    assert [_listed_titles(html) for html in pages] == [
        titles[0:2],
        titles[2:4],
        titles[4:6],
        titles[6:],
    ]
    assert all(f"Page {n} of 4" in html for n, html in enumerate(pages, start=1))
    assert 'rel="next"' not in pages[3] and 'rel="prev"' in pages[3]
    assert _listed_titles(page(99)) == titles[6:]


def test_index_shows_how_to_submit(client, story_index):
    html = client.get(story_index.url).content.decode()
    assert "What was your most important mile?" in html
    assert "Please keep it under 300 words." in html
    assert "mile at milepost dot example" in html
    assert "mile@milepost.example" not in html


def test_index_filters_by_tag(client, story_index):
    story_create(story_index, title="Trail story", tags=["trail"])
    story_create(story_index, title="Road story", tags=["comeback"])
    html = client.get(story_index.url, {"tag": "trail"}).content.decode()
    assert "Trail story" in html and "Road story" not in html
    assert "Stories tagged “trail”" in html
    # An unknown tag shows every story rather than an error.
    html = client.get(story_index.url, {"tag": "nope"}).content.decode()
    assert "Trail story" in html and "Road story" in html


def test_index_offers_the_tags_its_live_stories_use(client, home_page, story_index):
    other_index = story_index_create(home_page, title="First Race", slug="first-race")
    story_create(story_index, title="Trail story", tags=["trail", "hills"], photo=False)
    story_create(story_index, title="Draft", tags=["unpublished"], publish=False, photo=False)
    story_create(other_index, title="Elsewhere", tags=["track"], photo=False)

    html = client.get(story_index.url).content.decode()
    nav = html[html.index('class="tag-filter"') : html.index("</nav>")]

    assert re.findall(r"\?tag=([\w-]+)", nav) == ["hills", "trail"]


def test_index_lists_only_its_own_callouts_stories(client, home_page, story_index):
    other_index = story_index_create(home_page, title="First Race", slug="first-race")
    story_create(other_index, title="Another callout's story")
    story_create(story_index, title="Our story")
    html = client.get(story_index.url).content.decode()
    assert "Our story" in html and "Another callout's story" not in html


def test_search_within_a_callout(client, home_page, story_index):
    other_index = story_index_create(home_page, title="First Race", slug="first-race")
    story_create(story_index, title="Snow on the towpath", body="<p>The canal was frozen.</p>")
    story_create(story_index, title="Heat on the boardwalk", body="<p>It was July.</p>")
    story_create(other_index, title="Canal in the other callout", body="<p>canal</p>")
    html = client.get(story_index.url, {"q": "canal"}).content.decode()
    assert "Snow on the towpath" in html
    assert "Heat on the boardwalk" not in html
    assert "Canal in the other callout" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_search_lists_the_newest_matches_up_to_the_cap(client, settings, story_index):
    settings.MILEPOST_SEARCH_MAX_RESULTS = 3
    settings.MILEPOST_STORIES_PER_PAGE = 2
    for days_ago in range(5):
        story_create(story_index, title=f"Canal {days_ago}", days_ago=days_ago, photo=False)
    story_create(story_index, title="Towpath", photo=False)

    pages = [client.get(story_index.url, {"q": "canal", "page": n}).content.decode() for n in "12"]

    assert [_listed_titles(html) for html in pages] == [["Canal 0", "Canal 1"], ["Canal 2"]]
    assert "Page 2 of 2" in pages[1]


def test_editors_can_use_heic_photos(client, admin_client, story_index):
    """An iPhone's HEIC photo uploads through the admin and is served as AVIF/WebP/JPEG."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images import get_image_model

    from tests.photos.images import heic_with_exif

    upload = SimpleUploadedFile("IMG_0001.HEIC", heic_with_exif(), content_type="image/heic")
    response = admin_client.post("/admin/images/add/", {"title": "iPhone photo", "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="iPhone photo")
    story = story_create(story_index, photo=False)
    StoryPagePhoto.objects.create(page=story, image=image, alt_text="A runner on a bridge")
    html = client.get(story.url).content.decode()
    assert 'alt="A runner on a bridge"' in html
    assert 'type="image/avif"' in html and ".jpg" in html


def test_the_web_form_may_be_indexed_where_readers_find_it(client, story_index):
    # Readers search for where to send a story: the form is a public page like the others.
    response = client.get(story_index.url + "submit/")

    assert response.status_code == 200
    assert 'name="robots"' not in response.content.decode()


# A callout's deadline on its pages


def deadline_set(story_index, **times):
    Callout.objects.filter(pk=story_index.callout.pk).update(**times)


def max_age(response) -> int:
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))


def test_the_callout_page_and_its_stories_count_the_days_left(client, story_index, settings):
    settings.TIME_ZONE = "Europe/London"
    story = story_create(story_index)
    now = timezone.localtime(timezone.now())
    # Three days from now, at noon local time: three days from today, whatever the hour.
    closes_at = (now + timedelta(days=3)).replace(hour=12, minute=0, second=0, microsecond=0)
    deadline_set(story_index, closes_at=closes_at)
    for url in (story_index.url, story.url, "/"):
        text = client.get(url).content.decode()
        assert "Open for 3 more days" in text, url
    text = client.get(story_index.url).content.decode()
    assert f"Closes on {date_format(closes_at, 'j F Y')} at 12:00 (Europe/London time)." in text
    assert 'submit/">Or send it with our web form</a>' in text


def test_a_callout_closing_within_the_hour_says_so_and_no_cache_keeps_it_past_the_close(
    client, story_index
):
    story = story_create(story_index)
    closes_at = timezone.now() + timedelta(seconds=90)
    deadline_set(story_index, closes_at=closes_at)
    for url in (story_index.url, story.url, "/"):
        response = client.get(url)
        text = response.content.decode()
        assert "Closing today" in text or "Closing tomorrow" in text  # run just before midnight
        assert 0 < max_age(response) <= 90, url
        assert parse_http_date(response["Expires"]) <= closes_at.timestamp()


def test_after_the_close_the_page_says_when_it_closed_and_links_to_no_form(client, story_index):
    story = story_create(story_index)
    closes_at = timezone.now() - timedelta(minutes=1)
    deadline_set(story_index, closes_at=closes_at)
    for url in (story_index.url, story.url, "/"):
        text = client.get(url).content.decode()
        assert f"Closed on {date_format(timezone.localtime(closes_at), 'j F')}" in text, url
        assert "Or send it with our web form" not in text


def test_before_the_opening_the_page_says_when_it_opens(client, story_index):
    opens_at = timezone.now() + timedelta(days=10)
    deadline_set(story_index, opens_at=opens_at)
    text = client.get(story_index.url).content.decode()
    assert f"Opens on {date_format(timezone.localtime(opens_at), 'j F')}" in text
    assert "Or send it with our web form" not in text
    assert "This callout is closed" not in text


def test_a_callout_without_times_is_cached_as_long_as_before(client, story_index):
    response = client.get(story_index.url)
    assert max_age(response) == StoryIndexPage.public_max_age
    assert not response.has_header("Expires")
    assert "Taking stories now" in response.content.decode()
