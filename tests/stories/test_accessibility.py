"""A callout's page and a story as axe-core reads them in a real browser, on a desktop and on
a phone."""

import pytest
from wagtail.models import Site

from tests.browser import axe_report, axe_violations
from tests.factories import story_create

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def published_story(story_index, live_server):
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.update(hostname=host, port=int(port))
    return story_create(story_index, title="The hill on Pine Street", tags=["comeback"])


def test_a_story_passes_axe(page, live_server, published_story):
    page.goto(live_server.url + published_story.url)
    assert page.get_by_role("heading", level=1).inner_text() == "The hill on Pine Street"
    violations = axe_violations(page)
    assert not violations, axe_report(violations)


def test_a_callouts_page_passes_axe(page, live_server, published_story, story_index):
    page.goto(live_server.url + story_index.url)
    assert page.get_by_role("link", name="The hill on Pine Street").is_visible()
    violations = axe_violations(page)
    assert not violations, axe_report(violations)
