"""The callout's RSS feed."""

import html
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from tests.factories import story_create

pytestmark = pytest.mark.django_db


# Page creation rules


def test_feed_lists_stories_with_photos(client, story_index):
    older = story_create(story_index, title="Older", days_ago=3, tags=["hills", "family"])
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
    assert [c.text for c in items[1].findall("category")] == ["family", "hills"]
    assert items[0].findall("category") == []
    assert older.byline in items[1].findtext("description")


class _Tags(HTMLParser):
    """The elements a feed reader would make from a description's HTML."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def test_a_description_is_text_a_feed_reader_cannot_run(client, story_index):
    lede = 'I ran <img src=x onerror="alert(1)"> & then <script>alert(2)</script> rested.'
    story_create(story_index, runner_name="<b onmouseover=alert(3)>Jane</b>", lede=lede)
    response = client.get(f"{story_index.url}feed/")
    description = ET.fromstring(response.content).find("channel/item").findtext("description")
    parser = _Tags()
    parser.feed(description)
    parser.close()
    assert parser.tags == []
    assert "<script" not in description
    # What the reader shows is what the submitter typed, as text.
    assert lede in html.unescape(description)
