import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from milepost.stories.models import StoryIndexPage, StoryPage
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


# The story page as a reader sees it


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


# The callout index


def test_home_page_leads_to_callouts_and_latest_stories(client, story_index):
    story_create(story_index)
    html = client.get("/").content.decode()
    assert f'href="{story_index.url}"' in html
    assert "What was your most important mile?" in html
    assert "The hill on Pine Street" in html


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


def test_site_search(client, story_index):
    story_create(story_index, title="Snow on the towpath", body="<p>The canal was frozen.</p>")
    story_create(story_index, title="Heat on the boardwalk")
    response = client.get("/search/", {"q": "frozen canal"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Snow on the towpath" in html and "Heat on the boardwalk" not in html
    assert client.get("/search/", {"q": "\x00<script>'\""}).status_code == 200


# Feed, sitemap, robots, errors


def test_feed_lists_stories_with_photos(client, story_index):
    older = story_create(story_index, title="Older", days_ago=3, tags=["family"])
    newer = story_create(story_index, title="Newer", days_ago=1)
    response = client.get(f"{story_index.url}feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Most Important Mile"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Newer", "Older"]
    assert items[0].findtext("link") == f"http://localhost{newer.url}"
    enclosure = items[1].find("enclosure")
    assert enclosure.get("type") == "image/jpeg"
    assert enclosure.get("url").startswith("http://localhost/media/images/")
    assert int(enclosure.get("length")) > 0
    assert [c.text for c in items[1].findall("category")] == ["family"]
    assert older.byline in items[1].findtext("description")


def test_sitemap_lists_live_pages(client, story_index):
    story = story_create(story_index)
    draft = story_create(story_index, title="Draft", publish=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)]
    assert f"http://localhost{story.url}" in urls
    assert f"http://localhost{story_index.url}" in urls
    assert not any(draft.slug in url for url in urls)


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
    from milepost.site.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_editors_can_use_heic_photos(client, admin_client, story_index):
    """An iPhone's HEIC photo uploads through the admin and is served as AVIF/WebP/JPEG."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images import get_image_model

    from milepost.stories.models import StoryPagePhoto
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
