"""Readership counted without tracking: one number per story per day, nothing about the reader."""

from datetime import date

import pytest
from django.utils import timezone

from milepost.insights import counting
from milepost.insights.models import StoryReadingDay
from tests.factories import story_create

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/131.0 Safari/537.36"
)


def beacon(client, page_id, **headers):
    return client.post(
        f"/readership/{page_id}/",
        headers={"User-Agent": BROWSER, "Sec-Fetch-Site": "same-origin", **headers},
    )


def views_today(story) -> int:
    row = StoryReadingDay.objects.filter(page=story, day=timezone.localdate()).first()
    return row.views if row else 0


@pytest.fixture
def story(story_index):
    return story_create(story_index, photo=False)


@pytest.mark.django_db
def test_a_view_is_counted_for_the_day_with_no_cookie_and_nothing_about_the_reader(client, story):
    first, second = beacon(client, story.pk), beacon(client, story.pk)
    assert (first.status_code, second.status_code) == (204, 204)
    assert views_today(story) == 2  # the once-a-minute rule is the script's (sessionStorage)
    assert not first.cookies and "no-cache" in first["Cache-Control"]
    assert list(StoryReadingDay.objects.values("page", "day", "views")) == [
        {"page": story.pk, "day": timezone.localdate(), "views": 2}
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
        {"User-Agent": "Mozilla/5.0 AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36"},
        {"User-Agent": "curl/8.5.0"},
        {"User-Agent": ""},
        {"Sec-Purpose": "prefetch"},
        {"Sec-Purpose": "prefetch;prerender"},
        {"Purpose": "prefetch"},
        {"DNT": "1"},
        {"Sec-GPC": "1"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
    ids=lambda headers: ":".join(headers.items().__iter__().__next__())[:30],
)
def test_robots_prefetches_and_readers_refusing_tracking_are_not_counted(client, story, headers):
    assert beacon(client, story.pk, **headers).status_code == 204
    assert not StoryReadingDay.objects.exists()


@pytest.mark.django_db
def test_only_a_live_story_is_counted(client, story_index, story):
    draft = story_create(story_index, title="Not yet", publish=False, photo=False)
    for page_id in (draft.pk, story_index.pk, 987654):
        assert beacon(client, page_id).status_code == 204
    assert client.get(f"/readership/{story.pk}/").status_code == 405
    assert not StoryReadingDay.objects.exists()


@pytest.mark.django_db
def test_the_story_page_loads_the_counting_script_from_our_own_origin(client, story):
    html = client.get(story.url).content.decode()
    assert f'data-count-url="/readership/{story.pk}/"' in html
    assert 'src="/static/js/readership.js"' in html


@pytest.mark.django_db(transaction=True)
def test_the_database_counter_adds_up_when_rows_are_created_concurrently(story):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    day = date(2026, 12, 1)

    def add(_):
        try:
            counting.story_views_add(page_id=story.pk, day=day, views=1)
        finally:
            connection.close()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(add, range(12)))
    assert StoryReadingDay.objects.get(page=story, day=day).views == 12


@pytest.mark.django_db
def test_with_redis_views_wait_in_redis_until_the_flush_moves_them_once(
    client, story, redis_counts
):
    for _ in range(3):
        beacon(client, story.pk)
    assert not StoryReadingDay.objects.exists()
    assert counting.story_views_flush() == 3
    assert views_today(story) == 3
    assert counting.story_views_flush() == 0  # read and deleted together: never counted twice
    beacon(client, story.pk)
    counting.story_views_flush()
    assert views_today(story) == 4
    assert not list(redis_counts.scan_iter(f"{counting.REDIS_KEY_PREFIX}*"))


@pytest.mark.django_db
def test_the_flush_skips_a_story_deleted_since_it_was_read(story, redis_counts):
    day_key = f"{counting.REDIS_KEY_PREFIX}2026-11-30"
    redis_counts.hset(day_key, mapping={str(story.pk): 5, "999999": 2})
    assert counting.story_views_flush() == 5
    assert StoryReadingDay.objects.get(page=story, day=date(2026, 11, 30)).views == 5


def test_the_flush_runs_from_the_scheduler():
    from milepost.core.schedule import periodic_task_list

    assert "story_views_flush" in {job.name for job in periodic_task_list()}


@pytest.mark.django_db
def test_the_privacy_notice_says_what_is_counted(client, home_page):
    from milepost.privacy.models import PrivacyNoticePage

    notice = home_page.add_child(
        instance=PrivacyNoticePage(title="Privacy notice", slug="privacy", body="<p>Ours.</p>")
    )
    notice.save_revision().publish()
    text = client.get(notice.url).content.decode()
    assert "What we count when you read a story" in text
    assert "no IP address" in text and "Do Not Track" in text and "Global Privacy Control" in text
