"""Reads for the Insights report: a callout's submissions, decisions and readers in a period.
Every figure is one aggregate query (GROUP BY in the database); only the percentiles sort a
list of durations in Python, which no database here computes in common."""

import heapq
import math
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from milepost.callouts.models import Callout
from milepost.stories.models import StoryIndexPage, StoryPage
from milepost.submissions.models import (
    Channel,
    CheckCode,
    EventAction,
    Submission,
    SubmissionCheck,
    SubmissionPhoto,
    SubmissionStatus,
)

from .models import StoryReadingDay, StoryReadingWeek, week_of

TOP_STORIES = 20
DESK_WRITTEN = "Written by the desk"
ACCEPTED_STATUSES = (SubmissionStatus.ACCEPTED, SubmissionStatus.PUBLISHED)
WAITING_STATUSES = (SubmissionStatus.RECEIVED, SubmissionStatus.IN_REVIEW)
# (label, from days old, to days old): how long the submissions waiting now have waited.
WAITING_AGES = [
    ("Under a week", 0, 7),
    ("1 to 2 weeks", 7, 14),
    ("2 to 4 weeks", 14, 28),
    ("4 to 8 weeks", 28, 56),
    ("8 weeks or more", 56, None),
]


@dataclass(frozen=True)
class Period:
    """From one day to another, both included, in the site's time zone."""

    start: date
    end: date

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def ends_before(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))


@dataclass
class Table:
    """One table of the report; its chart, the CSV and the XLSX sheet show the same rows."""

    key: str
    caption: str
    description: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    # The column the chart draws, against the first column; None: no chart.
    chart_column: int | None = None


def callout_story_list(callout: Callout) -> QuerySet[StoryPage]:
    """The stories under the callout's pages (a story written by the desk has no submission)."""
    paths = StoryIndexPage.objects.filter(callout=callout).values_list("path", flat=True)
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return StoryPage.objects.filter(condition)


def _submissions_in(callout: Callout, period: Period) -> QuerySet[Submission]:
    return Submission.objects.filter(
        callout=callout, received_at__gte=period.starts_at, received_at__lt=period.ends_before
    )


def _check_exists(code: str) -> Exists:
    return Exists(SubmissionCheck.objects.filter(submission=OuterRef("pk"), code=code))


def _weekly_counts(callout: Callout, period: Period) -> QuerySet:
    return (
        _submissions_in(callout, period)
        .annotate(
            week=TruncWeek("received_at"),
            photographed=Exists(SubmissionPhoto.objects.filter(submission=OuterRef("pk"))),
            over=_check_exists(CheckCode.OVER_WORD_LIMIT),
            duplicate=_check_exists(CheckCode.POSSIBLE_DUPLICATE),
        )
        .values("week")
        .annotate(
            **{f"from_{channel}": Count("pk", filter=Q(channel=channel)) for channel in Channel},
            total=Count("pk"),
            with_photos=Count("pk", filter=Q(photographed=True)),
            over_guidance=Count("pk", filter=Q(over=True)),
            duplicates=Count("pk", filter=Q(duplicate=True)),
            spam=Count("pk", filter=Q(status=SubmissionStatus.SPAM)),
        )
        .order_by("week")
    )


def submissions_by_week_get(callout: Callout, period: Period) -> Table:
    """Per week (from Monday): arrivals by channel, with photos, over the word guidance,
    flagged as possible duplicates, and marked as spam."""
    weeks = _weekly_counts(callout, period)
    table = Table(
        "submissions",
        "Submissions per week",
        "Stories that arrived each week (weeks begin on Monday), by channel.",
        ["Week of", *Channel.labels, "All", "With photos", "Over the word guidance"]
        + ["Possible duplicates", "Spam"],
        chart_column=len(Channel) + 1,
    )
    for row in weeks:
        week: dict[str, Any] = dict(row)
        counts = [week[f"from_{channel}"] for channel in Channel]
        table.rows.append(
            [
                timezone.localtime(week["week"]).date().isoformat(),
                *counts,
                week["total"],
                week["with_photos"],
            ]
            + [week["over_guidance"], week["duplicates"], week["spam"]]
        )
    return table


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value with `share` of them at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)), 1) - 1]


def _days_until(submissions: QuerySet[Submission], actions) -> list[float]:
    """Days from arrival to each submission's first event among `actions` (those with one)."""
    waits = (
        submissions.annotate(first_at=Min("events__at", filter=Q(events__action__in=actions)))
        .filter(first_at__isnull=False)
        .annotate(wait=ExpressionWrapper(F("first_at") - F("received_at"), DurationField()))
        .values_list("wait", flat=True)
    )
    return [wait.total_seconds() / 86400 for wait in waits]


def _days(value: float | None) -> float | str:
    return "" if value is None else round(value, 1)


def decisions_get(callout: Callout, period: Period) -> Table:
    """What became of the stories that arrived in the period, and how long the desk took."""
    submissions = _submissions_in(callout, period)
    counts = submissions.aggregate(
        arrived=Count("pk", filter=~Q(status=SubmissionStatus.SPAM)),
        accepted=Count("pk", filter=Q(status__in=ACCEPTED_STATUSES)),
        declined=Count("pk", filter=Q(status=SubmissionStatus.DECLINED)),
        withdrawn=Count("pk", filter=Q(status=SubmissionStatus.WITHDRAWN)),
    )
    decided = counts["accepted"] + counts["declined"]
    rate = f"{100 * counts['accepted'] / decided:.0f}%" if decided else ""
    decisions = _days_until(submissions, [EventAction.ACCEPTED, EventAction.DECLINED])
    publications = _days_until(submissions, [EventAction.PUBLISHED])
    return Table(
        "decisions",
        "Decisions",
        "Stories that arrived in the period (spam left out), by what became of them; "
        "acceptance rate is accepted out of accepted and declined; days from arrival, the "
        "90th percentile being the longest wait of the quickest nine in ten.",
        ["Measure", "Value"],
        [
            ["Arrived", counts["arrived"]],
            ["Accepted (published or not)", counts["accepted"]],
            ["Declined", counts["declined"]],
            ["Withdrawn", counts["withdrawn"]],
            ["Acceptance rate", rate],
            ["Median days to first decision", _days(_median(decisions))],
            ["90th percentile days to first decision", _days(percentile(decisions, 0.9))],
            ["Median days to publication", _days(_median(publications))],
            ["90th percentile days to publication", _days(percentile(publications, 0.9))],
        ],
    )


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def waiting_by_age_get(callout: Callout) -> Table:
    """The callout's stories waiting for a decision now, by how long they have waited."""
    now = timezone.now()
    buckets = {}
    for label, younger, older in WAITING_AGES:
        condition = Q(received_at__lte=now - timedelta(days=younger))
        if older is not None:
            condition &= Q(received_at__gt=now - timedelta(days=older))
        buckets[label] = Count("pk", filter=condition)
    counts = Submission.objects.filter(callout=callout, status__in=WAITING_STATUSES).aggregate(
        **{f"age_{index}": count for index, count in enumerate(buckets.values())}
    )
    return Table(
        "waiting",
        "Waiting now, by age",
        "Stories received or in review today, by how long ago they arrived.",
        ["Waiting for", "Stories"],
        [[label, counts[f"age_{index}"]] for index, label in enumerate(buckets)],
        chart_column=1,
    )


def _views(condition: Q | None = None) -> Sum:
    return Sum("views", filter=condition, default=0)


def _story_figures(story_ids: list[int], period: Period) -> dict[int, dict[str, Any]]:
    """Each story's title, first publication and views on the period's last day, in its last
    seven days, of all time and in its first week, grouped by story id alone."""
    published = "page__first_published_at"
    first_week = Q(
        day__gte=TruncDate(published), day__lt=TruncDate(F(published) + timedelta(days=7))
    )
    rows = (
        StoryReadingDay.objects.filter(page__in=story_ids)
        .values("page")
        .annotate(
            on_day=_views(Q(day=period.end)),
            in_week=_views(Q(day__gt=period.end - timedelta(days=7), day__lte=period.end)),
            all_time=_views(),
            first_week=_views(first_week),
        )
        .order_by()
    )
    figures = {row["page"]: dict(row) for row in rows}
    for story in StoryPage.objects.filter(pk__in=story_ids).values(
        "pk", "title", "first_published_at"
    ):
        figures[story["pk"]].update(story)
    return figures


def story_period_views_get(callout: Callout, period: Period) -> dict[int, int]:
    """Each of the callout's stories read in the period, with its views: the one reading of the
    period's counts, which the top stories and the views by channel share. Its whole weeks are
    read from the weekly counts, only the days before and after them from the daily ones."""
    stories = callout_story_list(callout)
    weeks = _whole_weeks(period)
    if weeks is None:
        days = StoryReadingDay.objects.filter(day__range=(period.start, period.end))
        return _views_by_story(days, stories)
    first_monday, last_monday = weeks
    views = _views_by_story(StoryReadingWeek.objects.filter(week__range=weeks), stories)
    before = Q(day__gte=period.start, day__lt=first_monday)
    after = Q(day__gt=last_monday + timedelta(days=6), day__lte=period.end)
    for page, extra in _views_by_story(
        StoryReadingDay.objects.filter(before | after), stories
    ).items():
        views[page] = views.get(page, 0) + extra
    return views


def _whole_weeks(period: Period) -> tuple[date, date] | None:
    """The Mondays of the first and the last whole week in the period; None when none is."""
    first_monday = week_of(period.start + timedelta(days=6))
    last_monday = week_of(period.end + timedelta(days=1)) - timedelta(days=7)
    return (first_monday, last_monday) if first_monday <= last_monday else None


def _views_by_story(counts: QuerySet, stories: QuerySet[StoryPage]) -> dict[int, int]:
    """Views per story of `counts` (daily or weekly), for the stories read."""
    return dict(
        counts.filter(page__in=stories)
        .values("page")
        .annotate(period_views=Sum("views"))
        .filter(period_views__gt=0)
        .order_by()
        .values_list("page", "period_views")
    )


def top_stories_get(
    callout: Callout, period: Period, period_views: dict[int, int] | None = None
) -> Table:
    """The callout's most read stories of the period, with their views on its last day, in its
    last seven days, of all time, and in the week after each was first published."""
    if period_views is None:
        period_views = story_period_views_get(callout, period)
    top = heapq.nsmallest(TOP_STORIES, period_views.items(), key=lambda item: (-item[1], item[0]))
    figures = _story_figures([pk for pk, _ in top], period)
    table = Table(
        "stories",
        "Top stories of the period",
        f"The {TOP_STORIES} most read stories of the period (readings counted without tracking).",
        ["Story", "First published", "Views in the period", f"Views on {period.end:%-d %b %Y}"]
        + ["Views in the last 7 days", "Views of all time", "Views in its first week"],
        chart_column=2,
    )
    for pk, views in top:
        story = figures[pk]
        first = story["first_published_at"]
        table.rows.append(
            [story["title"], timezone.localdate(first).isoformat() if first else ""]
            + [views, story["on_day"], story["in_week"], story["all_time"]]
            + [story["first_week"]]
        )
    return table


def _channel_label(value: str | None) -> str:
    return Channel(value).label if value else DESK_WRITTEN


def views_by_channel_get(
    callout: Callout, period: Period, period_views: dict[int, int] | None = None
) -> Table:
    """The period's views of the callout's stories, by the channel each story arrived through."""
    if period_views is None:
        period_views = story_period_views_get(callout, period)
    stories: Counter[str | None] = Counter()
    views: Counter[str | None] = Counter()
    for pk, channel in callout_story_list(callout).values_list("pk", "submission__channel"):
        if pk in period_views:
            stories[channel] += 1
            views[channel] += period_views[pk]
    order = sorted(views, key=lambda channel: (-views[channel], _channel_label(channel)))
    return Table(
        "channels",
        "Views by channel of origin",
        "The period’s views of the callout’s stories, by how each story reached us.",
        ["Channel", "Stories read", "Views"],
        [[_channel_label(channel), stories[channel], views[channel]] for channel in order],
        chart_column=2,
    )


def funnel_get(callout: Callout, period: Period) -> Table:
    """Per channel, the stories that arrived in the period (spam left out), how many were
    accepted, published, and read at least once."""
    read = Exists(StoryReadingDay.objects.filter(page__submission=OuterRef("pk")))
    published = Q(status=SubmissionStatus.PUBLISHED)
    counts: dict[str, dict[str, Any]] = {
        row["channel"]: dict(row)
        for row in _submissions_in(callout, period)
        .exclude(status=SubmissionStatus.SPAM)
        .annotate(read=read)
        .values("channel")
        .annotate(
            arrived=Count("pk"),
            accepted=Count("pk", filter=Q(status__in=ACCEPTED_STATUSES)),
            published=Count("pk", filter=published),
            was_read=Count("pk", filter=published & Q(read=True)),
        )
        .order_by("channel")
    }
    stages = ["arrived", "accepted", "published", "was_read"]
    return Table(
        "funnel",
        "From arrival to readers, by channel",
        "Of the stories that arrived in the period: accepted (published or not), published "
        "now, and read at least once.",
        ["Channel", "Arrived", "Accepted", "Published", "Read"],
        [
            [channel.label, *[counts.get(channel.value, {}).get(stage, 0) for stage in stages]]
            for channel in Channel
        ],
        chart_column=1,
    )


def insights_report_get(callout: Callout, period: Period) -> list[Table]:
    """Every table of the report, in the order the page, the CSV and the XLSX show them."""
    period_views = story_period_views_get(callout, period)
    return [
        submissions_by_week_get(callout, period),
        decisions_get(callout, period),
        waiting_by_age_get(callout),
        top_stories_get(callout, period, period_views),
        views_by_channel_get(callout, period, period_views),
        funnel_get(callout, period),
    ]
