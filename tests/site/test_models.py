"""The home page."""

import pytest

from tests.factories import story_create

pytestmark = pytest.mark.django_db


# Page creation rules


def test_home_page_leads_to_callouts_and_latest_stories(client, story_index):
    story_create(story_index)
    html = client.get("/").content.decode()
    assert f'href="{story_index.url}"' in html
    assert "What was your most important mile?" in html
    assert "The hill on Pine Street" in html


def test_home_page_title_names_the_site_once_and_other_pages_add_it(client, story_index):
    home = client.get("/").content.decode()
    assert "<title>Milepost</title>" in home
    callout_page = client.get(story_index.url).content.decode()
    assert f"<title>{story_index.title} · Milepost</title>" in callout_page
