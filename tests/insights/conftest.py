"""A small callout whose every figure is worked out by hand in the tests, and another callout
whose figures must never show."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
import redis
from django.contrib.auth.models import Group, User

from milepost.desk.models import CalloutEditor
from milepost.insights import counting
from milepost.insights.selectors import Period
from milepost.stories.models import StoryPage
from milepost.submissions.models import (
    CheckCode,
    EventAction,
    Submission,
    SubmissionCheck,
    SubmissionEvent,
    SubmissionPhoto,
)
from tests.factories import story_create, story_index_create

PERIOD = Period(date(2026, 11, 2), date(2026, 11, 15))  # Monday 2 to Sunday 15 November


def at(day: int, hour: int = 12, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def submission_make(callout, channel, status, received_at, events=(), checks=(), photo=False):
    submission = Submission.objects.create(
        callout=callout, channel=channel, status=status, received_at=received_at
    )
    for action, days in events:
        event = SubmissionEvent.objects.create(
            submission=submission, action=action, actor_label="editor"
        )
        SubmissionEvent.objects.filter(pk=event.pk).update(at=received_at + timedelta(days=days))
    for code in checks:
        SubmissionCheck.objects.create(submission=submission, code=code, message=code)
    if photo:
        SubmissionPhoto.objects.create(
            submission=submission,
            file="x.jpg",
            sha256="0" * 64,
            original_format="JPEG",
            master_format="JPEG",
            width=10,
            height=10,
            print_ready=False,
        )
    return submission


def story_make(index, title, submission, published_at, views: dict):
    story = story_create(index, title=title, photo=False)
    StoryPage.objects.filter(pk=story.pk).update(
        submission=submission, first_published_at=published_at
    )
    for day, count in views.items():
        counting.story_views_add(page_id=story.pk, day=day, views=count)
    return story


@dataclass
class Insights:
    callout: object
    other_callout: object
    first_story: StoryPage
    desk_story: StoryPage


@pytest.fixture
def insights(home_page):
    index = story_index_create(home_page)
    other_index = story_index_create(home_page, title="First Race", slug="first-race")
    callout = index.callout
    submission_make(callout, "web", "accepted", at(2, 10), [(EventAction.ACCEPTED, 2)], photo=True)
    submission_make(
        callout, "imap", "declined", at(3, 9), [(EventAction.DECLINED, 4)],
        checks=[CheckCode.OVER_WORD_LIMIT],
    )  # fmt: skip
    submission_make(callout, "imap", "spam", at(4), checks=[CheckCode.POSSIBLE_DUPLICATE])
    published = submission_make(
        callout, "web", "published", at(2, 8),
        [(EventAction.ACCEPTED, 1), (EventAction.IN_REVIEW, 0.5), (EventAction.PUBLISHED, 6)],
    )  # fmt: skip
    submission_make(callout, "webhook", "withdrawn", at(11))
    submission_make(callout, "web", "received", at(12))
    submission_make(callout, "web", "accepted", at(20, month=10), [(EventAction.ACCEPTED, 1)])
    first_story = story_make(
        index, "The hill on Pine Street", published, at(8, 8),
        {date(2026, 11, d): n for d, n in [(8, 5), (9, 3), (14, 2), (15, 4), (16, 100), (20, 7)]},
    )  # fmt: skip
    desk_story = story_make(
        index, "Our favourite miles", None, at(1, month=10),
        {date(2026, 10, 20): 50, date(2026, 11, 10): 6},
    )  # fmt: skip
    other = submission_make(other_index.callout, "web", "published", at(5), photo=True)
    story_make(other_index, "Another callout's story", other, at(6), {date(2026, 11, 10): 1000})
    return Insights(callout, other_index.callout, first_story, desk_story)


def member(username, group, callout=None):
    user = User.objects.create_user(username, email=f"{username}@milepost.example")
    user.groups.add(Group.objects.get(name=group))
    if callout is not None:
        CalloutEditor.objects.create(user=user, callout=callout)
    return user


REDIS_URL = "redis://127.0.0.1:6379/12"  # a spare database; only our keys are removed


@pytest.fixture
def redis_counts(settings):
    """Views counted in Redis, as with `REDIS_URL` set."""
    settings.REDIS_URL = REDIS_URL
    client = redis.Redis.from_url(REDIS_URL)
    yield client
    for key in client.scan_iter(f"{counting.REDIS_KEY_PREFIX}*"):
        client.delete(key)
