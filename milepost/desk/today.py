"""What waits for an editor today: the Today panel on the admin's home page and the daily
digest show the same lines. The desk writes its own (new submissions, ones past their callout's
decision target, approvals awaited); the apps above it add theirs through the
`desk_today_items` hook: a function of (user, now) returning a list of `TodayItem`."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from milepost.submissions.models import ApprovalState, SubmissionStatus

from .selectors import callout_list_for_user, submission_list_for_user

UNDECIDED = [SubmissionStatus.RECEIVED, SubmissionStatus.IN_REVIEW]


@dataclass(frozen=True)
class TodayItem:
    text: str
    url: str  # the admin's list, filtered to what the line counts


def day_start(day: date) -> datetime:
    """Midnight of `day` in the site's time zone: the queue's date filters count in days."""
    return timezone.make_aware(datetime.combine(day, time.min))


def queue_url(**filters) -> str:
    return f"{reverse('desk_submissions:list')}?{urlencode(filters)}"


def today_items_get(user, now: datetime | None = None) -> list[TodayItem]:
    now = now or timezone.now()
    items = []
    for callout in callout_list_for_user(user):
        items += _callout_items(user, callout, timezone.localdate(now))
    for hook in hooks.get_hooks("desk_today_items"):
        items += hook(user, now)
    return items


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _callout_items(user, callout, today: date) -> list[TodayItem]:
    submissions = submission_list_for_user(user).filter(callout=callout)
    yesterday = today - timedelta(days=1)
    new = submissions.filter(received_at__gte=day_start(yesterday)).exclude(
        status=SubmissionStatus.SPAM
    )
    # Past the target: arrived before the day `decision_target_days` ago began.
    target_day = today - timedelta(days=callout.decision_target_days)
    waiting = submissions.filter(status__in=UNDECIDED, received_at__lt=day_start(target_day))
    approvals = submissions.filter(approval_state=ApprovalState.REQUESTED)
    past_target = f"waiting for a decision longer than {callout.decision_target_days} days"
    lines = [
        (
            new.count(),
            ("new submission since yesterday", "new submissions since yesterday"),
            {"received_at_from": yesterday.isoformat()},
        ),
        (
            waiting.count(),
            (past_target, past_target),
            {"undecided": "true", "received_at_to": (target_day - timedelta(days=1))},
        ),
        (
            approvals.count(),
            ("submitter approval awaited", "submitter approvals awaited"),
            {"approval_state": ApprovalState.REQUESTED},
        ),
    ]
    return [
        TodayItem(
            f"{callout.title}: {_plural(count, *words)}", queue_url(callout=callout.pk, **filters)
        )
        for count, words, filters in lines
        if count
    ]
