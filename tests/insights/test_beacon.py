"""The readership beacon answered before Django (`insights.beacon`), as `milepost.wsgi` serves it:
the same counts as through Django, without Django for a story the process has counted before."""

import os
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.test import Client
from django.test.client import ClientHandler
from django.utils import timezone

from milepost.insights import counting
from milepost.insights.beacon import ReadershipBeaconApplication
from milepost.insights.models import StoryReadingDay
from tests.factories import story_create

from .test_counting import BROWSER

PASSED_ON = object()


class BeaconFirstHandler(ClientHandler):
    """The test client's handler with the beacon in front of it, as in `milepost.wsgi`; counts
    the requests that reached Django."""

    reached_django = 0

    def __call__(self, environ):
        answer = {}
        beacon = ReadershipBeaconApplication(lambda environ, start_response: PASSED_ON)
        body = beacon(
            environ, lambda status, headers: answer.update(status=status, headers=headers)
        )
        if body is PASSED_ON:
            BeaconFirstHandler.reached_django += 1
            return super().__call__(environ)
        response = HttpResponse(
            b"".join(body), status=int(answer["status"][:3]), headers=dict(answer["headers"])
        )
        response.wsgi_request = WSGIRequest(environ)  # what the test client reads back
        return response


class BeaconFirstClient(Client):
    def __init__(self, **defaults):
        super().__init__(**defaults)
        self.handler = BeaconFirstHandler()

    def beacon(self, page_id, **headers):
        return self.post(
            f"/readership/{page_id}/",
            headers={"User-Agent": BROWSER, "Sec-Fetch-Site": "same-origin", **headers},
        )

    def django_reached_by(self, send) -> int:
        before = BeaconFirstHandler.reached_django
        send()
        return BeaconFirstHandler.reached_django - before


@pytest.fixture(autouse=True)
def _new_generation():
    """A generation of this test's own: the page cache's files outlive the tests."""
    caches["page_cache"].clear()


@pytest.fixture
def story(story_index):
    return story_create(story_index, photo=False)


@pytest.fixture
def web():
    return BeaconFirstClient()


def views_today(story) -> int:
    row = StoryReadingDay.objects.filter(page=story, day=timezone.localdate()).first()
    return row.views if row else 0


@pytest.mark.django_db
def test_with_redis_a_story_counted_once_is_counted_again_before_django(web, story, redis_counts):
    assert web.django_reached_by(lambda: web.beacon(story.pk)) == 1  # Django checks the story
    for _ in range(5):
        response = web.beacon(story.pk)
        assert response.status_code == 204
        assert "no-store" in response["Cache-Control"] and not response.cookies
    assert web.django_reached_by(lambda: web.beacon(story.pk)) == 0
    assert counting.story_views_flush() == 7
    assert views_today(story) == 7


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"User-Agent": "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"},
        {"Sec-Purpose": "prefetch"},
        {"DNT": "1"},
        {"Sec-GPC": "1"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
    ids=["robot", "prefetch", "dnt", "gpc", "cross-site"],
)
def test_before_django_a_refusal_counts_nothing(web, story, redis_counts, headers):
    web.beacon(story.pk)
    counting.story_views_flush()
    assert web.django_reached_by(lambda: web.beacon(story.pk, **headers)) == 0
    assert web.beacon(story.pk, **headers).status_code == 204
    counting.story_views_flush()
    assert views_today(story) == 1


@pytest.mark.django_db
def test_the_first_view_after_a_change_is_checked_by_django_again(
    web, story_index, story, redis_counts
):
    other = story_create(story_index, title="Another mile", photo=False)
    web.beacon(story.pk)
    assert web.django_reached_by(lambda: web.beacon(story.pk)) == 0
    assert web.django_reached_by(lambda: web.beacon(other.pk)) == 1  # not counted before
    counting.story_views_flush()
    story.unpublish()  # a new generation: what the process found live is no longer trusted
    assert web.django_reached_by(lambda: web.beacon(story.pk)) == 1
    assert web.django_reached_by(lambda: web.beacon(other.pk)) == 1
    counting.story_views_flush()
    assert (views_today(story), views_today(other)) == (2, 2)


@pytest.mark.django_db
def test_views_of_a_story_unpublished_by_another_process_are_left_out_by_the_flush(
    web, story, redis_counts
):
    web.beacon(story.pk)
    counting.story_views_flush()
    # Unpublished where this process cannot see it: no signal, no new generation here.
    type(story).objects.filter(pk=story.pk).update(live=False)
    assert web.django_reached_by(lambda: web.beacon(story.pk)) == 0
    assert counting.story_views_flush() == 0
    assert views_today(story) == 1


@pytest.mark.django_db
def test_without_redis_every_view_goes_to_django_and_the_database(web, story, settings):
    settings.REDIS_URL = None
    web.beacon(story.pk)
    assert web.django_reached_by(lambda: web.beacon(story.pk)) == 1
    assert views_today(story) == 2


@pytest.mark.django_db
def test_other_requests_pass_through_to_django(web, story, redis_counts):
    web.beacon(story.pk)
    assert web.django_reached_by(lambda: web.get(f"/readership/{story.pk}/")) == 1
    assert web.get(f"/readership/{story.pk}/").status_code == 405
    long_id = "1" + "0" * 12
    assert web.django_reached_by(lambda: web.beacon(long_id)) == 1
    assert web.django_reached_by(lambda: web.post(f"/readership/{story.pk}/x/")) == 1
    counting.story_views_flush()
    assert views_today(story) == 1


@pytest.mark.django_db
def test_the_flush_moves_yesterdays_views_and_only_those_of_live_public_stories(
    story_index, story, redis_counts
):
    draft = story_create(story_index, title="Not yet", publish=False, photo=False)
    yesterday = timezone.localdate() - timedelta(days=1)
    key = f"{counting.REDIS_KEY_PREFIX}{yesterday:%Y-%m-%d}"
    redis_counts.hset(key, mapping={str(story.pk): 3, str(draft.pk): 4, "999999": 5})
    assert counting.story_views_flush() == 3
    assert list(StoryReadingDay.objects.values_list("page", "day", "views")) == [
        (story.pk, yesterday, 3)
    ]


def test_the_web_processes_serve_the_beacon_in_front_of_django():
    umask = os.umask(0o022)
    os.umask(umask)
    try:
        from milepost.wsgi import application
    finally:
        os.umask(umask)  # importing it restricts the process's umask, as a web process's
    assert isinstance(application, ReadershipBeaconApplication)
