"""A reader opens a story in a real browser: its view is counted once, and shows in the report."""

import time
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.utils import timezone
from wagtail.models import Site

from milepost.insights.models import StoryReadingDay
from tests.browser import DESKTOP, admin_sign_in
from tests.factories import story_create

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
READER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/131.0 Safari/537.36"
)
ROBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture
def story(story_index, live_server):
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.update(hostname=host, port=int(port))
    return story_create(story_index, title="The hill on Pine Street", photo=False)


def views(story) -> int:
    return sum(StoryReadingDay.objects.filter(page=story).values_list("views", flat=True))


def read(browser, url, **context_options) -> list[str]:
    """Open `url` in a fresh browser; returns the beacons it sent (none may be pending)."""
    context = browser.new_context(**{**DESKTOP, "user_agent": READER, **context_options})
    page = context.new_page()
    sent = []
    page.on(
        "requestfinished",
        lambda request: sent.append(request.url) if "/readership/" in request.url else None,
    )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.reload()
    page.wait_for_load_state("networkidle")
    context.close()
    return sent


def report_row(browser, live_server, story) -> list[str]:
    User.objects.create_user("edna", password="pw-e2e-1").groups.add(
        Group.objects.get(name="Editors")
    )
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    admin_sign_in(page, live_server.url, "edna", "pw-e2e-1")
    today = timezone.localdate()
    page.goto(
        f"{live_server.url}/admin/insights/?callout={story.get_parent().specific.callout_id}"
        f"&date_from={today}&date_to={today}"
    )
    assert page.get_by_role(
        "img", name="Top stories of the period: Views in the period"
    ).is_visible()
    row = page.locator("#stories tbody tr").first.locator("th, td").all_inner_texts()
    context.close()
    return row


def test_a_view_is_counted_once_not_for_robots_or_dnt_and_shows_in_the_report(
    browser, live_server, story
):
    # The migrations' groups and grants: a transactional test before may have flushed them.
    import_module("milepost.desk.migrations.0002_groups_and_editor_review").forwards(apps, None)
    import_module("milepost.insights.migrations.0001_story_reading_day").insights_grant(apps, None)
    url = live_server.url + story.url

    assert len(read(browser, url)) == 1  # opened, then reloaded within the minute: one beacon
    deadline = time.monotonic() + 5
    while not views(story) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert views(story) == 1

    read(browser, url, user_agent=ROBOT)
    read(browser, url, extra_http_headers={"DNT": "1"})
    time.sleep(0.5)
    assert views(story) == 1

    row = report_row(browser, live_server, story)
    assert row[0] == "The hill on Pine Street" and row[2] == "1"
