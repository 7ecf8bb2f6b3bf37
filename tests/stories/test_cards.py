"""A story's share card: drawn to size, readable, and kept by what it is made from."""

import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from milepost.stories import cards
from milepost.stories.models import StoryPage
from milepost.stories.services import story_share_card_make
from tests.factories import story_create


def _image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _storage_image(url: str) -> Image.Image:
    with default_storage.open(url.removeprefix("/media/")) as stored:
        return _image(stored.read())


def test_a_card_is_1200_by_630_with_no_metadata():
    photo = Image.new("RGB", (200, 100), (40, 120, 200))
    card = _image(
        cards.share_card_draw(
            headline="“Don’t pick me up”", byline="Zoë Ångström", site="Milepost", photo=photo
        )
    )
    assert (card.format, card.size) == ("JPEG", (1200, 630))
    assert not card.getexif() and "icc_profile" not in card.info and "comment" not in card.info
    # The small photo fills its side: right of the text panel, no ink shows through.
    assert card.getpixel((1190, 620)) == pytest.approx((40, 120, 200), abs=12)


@pytest.mark.parametrize("colour", cards.TEXT_COLOURS)
def test_every_text_colour_reads_on_the_card_at_wcag_aa(colour):
    assert cards.contrast_ratio(colour, cards.INK) >= 4.5


def test_a_long_headline_shrinks_then_ends_in_an_ellipsis_inside_its_box():
    font_name, width, height = cards.HEADLINE_FONT, 592, 300
    short = cards.block_fit("The hill", font_name, cards.HEADLINE_SIZES, width, height)
    assert short.font.size == cards.HEADLINE_SIZES[0] and short.lines == ["The hill"]

    long = cards.block_fit("step " * 400, font_name, cards.HEADLINE_SIZES, width, height)
    assert long.font.size == cards.HEADLINE_SIZES[-1]
    assert long.height <= height and long.lines[-1].endswith("…")
    assert all(long.font.getlength(line) <= width for line in long.lines)


def test_a_word_wider_than_the_line_is_broken_to_fit():
    font = cards.font_load(cards.HEADLINE_FONT, 60)
    lines = cards.wrap("Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch", font, 400)
    assert len(lines) > 1 and all(font.getlength(line) <= 400 for line in lines)


def test_text_the_fonts_cannot_draw_is_left_off_rather_than_boxed():
    assert cards.drawable("Łukasz Żółć, Ольга, Αλέξανδρος", cards.BYLINE_FONT)
    assert not cards.drawable("山田太郎", cards.BYLINE_FONT)
    assert cards.block_fit("山田太郎", cards.BYLINE_FONT, (32,), 500, 80).lines == []


@pytest.fixture
def story(story_index):
    return story_create(story_index, title="“Don’t pick me up”")


def test_the_worker_draws_the_card_and_the_page_shows_it(client, story):
    before = client.get(story.url).content.decode()
    assert "/media/share-cards/" not in before  # the lead photo stands in until it is drawn

    card = story_share_card_make(story.pk)

    assert card.url.startswith(f"/media/share-cards/{story.pk}/") and card.url.endswith(".jpg")
    assert _storage_image(card.url).size == (1200, 630)
    html = client.get(story.url).content.decode()
    assert f'<meta property="og:image" content="http://localhost{card.url}">' in html
    assert f'<meta name="twitter:image" content="http://localhost{card.url}">' in html
    assert client.get(card.url)["Content-Type"] == "image/jpeg"


def test_the_same_story_keeps_its_card_and_a_new_headline_gets_a_new_one(story):
    first = story_share_card_make(story.pk)
    assert story_share_card_make(story.pk).url == first.url

    story.title = "The hill on Pine Street"
    story.save_revision().publish()
    second = story_share_card_make(story.pk)

    assert second.url != first.url
    assert not default_storage.exists(first.url.removeprefix("/media/"))  # the old one goes
    assert _storage_image(second.url).tobytes() != b""


def test_a_new_byline_or_photo_focal_point_gets_a_new_card(story):
    first = story_share_card_make(story.pk).url
    story.runner_name = "Jo Doe"
    story.save_revision().publish()
    second = story_share_card_make(story.pk).url
    image = story.photos.get().image
    image.focal_point_x, image.focal_point_y, image.focal_point_width = 100, 100, 50
    image.focal_point_height = 50
    image.save()
    third = story_share_card_make(story.pk).url
    assert len({first, second, third}) == 3


def test_publishing_draws_the_card_in_the_worker(story_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        story = story_create(story_index, photo=False)
    story = StoryPage.objects.get(pk=story.pk)
    assert story.share_image.is_card and story.share_image.url.startswith("/media/share-cards/")
    assert "Jane Doe" in story.share_image_alt and story.title in story.share_image_alt


def test_a_draft_gets_no_card_and_an_unpublished_story_loses_its_card(
    story_index, django_capture_on_commit_callbacks
):
    draft = story_create(story_index, title="Not yet", publish=False)
    assert story_share_card_make(draft.pk) is None

    story = story_create(story_index)
    card = story_share_card_make(story.pk)
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert not default_storage.exists(card.url.removeprefix("/media/"))
    assert "/media/share-cards/" not in StoryPage.objects.get(pk=story.pk).share_image.url

    story.save_revision().publish()  # as it was: the same card, drawn again
    assert story_share_card_make(story.pk).url == card.url
    assert default_storage.exists(card.url.removeprefix("/media/"))


def test_link_previews_describe_the_card(client, story):
    story_share_card_make(story.pk)
    html = client.get(story.url).content.decode()
    alt = (
        "“Don’t pick me up” — St. Louis, MO mother runner Jane Doe, 32. "
        "Photo: A runner at the top of a hill at sunrise"
    )
    for tag in (
        '<meta property="og:image:width" content="1200">',
        '<meta property="og:image:height" content="630">',
        f'<meta property="og:image:alt" content="{alt}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:image:alt" content="{alt}">',
    ):
        assert tag in html


def test_the_feed_encloses_the_card(client, story):
    card = story_share_card_make(story.pk)
    feed = ET.fromstring(client.get(story.get_parent().url + "feed/").content)
    enclosure = feed.find("channel/item/enclosure")
    assert enclosure.get("url") == f"http://localhost{card.url}"
    assert (enclosure.get("length"), enclosure.get("type")) == (str(card.size), "image/jpeg")


@pytest.mark.parametrize("which", ["story", "callout"])
def test_the_share_button_runs_from_a_static_file_under_the_csp(client, story, which):
    url = story.url if which == "story" else story.get_parent().url
    response = client.get(url)
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert '<script src="/static/js/share.js" defer></script>' in html
    # Beside it only the story's structured data and the readership count (milepost/insights).
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert set(scripts) <= {"/static/js/share.js", "/static/js/readership.js"}
    assert html.count("<script") == len(scripts) + html.count('<script type="application/ld+json">')
    assert " onclick=" not in html and " style=" not in html
    label = "Share this story" if which == "story" else "Share this callout"
    assert f'class="share__button" data-share-url="http://localhost{url}"' in html
    assert f">{label}</button>" in html
    assert 'role="status" aria-live="polite"' in html
    assert 'href="mailto:?subject=' in html  # the plain link, without JavaScript
