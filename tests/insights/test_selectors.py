"""Each figure of the Insights report against the small callout in conftest, counted by hand."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from milepost.insights import selectors
from milepost.insights.selectors import Period, percentile
from milepost.submissions.models import Submission

from .conftest import PERIOD, submission_make


@pytest.mark.django_db
def test_submissions_per_week_by_channel_with_photos_guidance_duplicates_and_spam(insights):
    table = selectors.submissions_by_week_get(insights.callout, PERIOD)
    assert table.columns == [
        "Week of", "Email (IMAP mailbox)", "Email (file import)", "Email (provider webhook)",
        "Web form", "All", "With photos", "Over the word guidance", "Possible duplicates", "Spam",
    ]  # fmt: skip
    assert table.rows == [
        ["2026-11-02", 2, 0, 0, 2, 4, 1, 1, 1, 1],
        ["2026-11-09", 0, 0, 1, 1, 2, 0, 0, 0, 0],
    ]


@pytest.mark.django_db
def test_decisions_rates_and_days_to_decision_and_publication(insights):
    table = selectors.decisions_get(insights.callout, PERIOD)
    assert table.rows == [
        ["Arrived", 5],
        ["Accepted (published or not)", 2],
        ["Declined", 1],
        ["Withdrawn", 1],
        ["Acceptance rate", "67%"],
        # Days to a first decision: 1, 2 and 4 (an "in review" is not a decision).
        ["Median days to first decision", 2.0],
        ["90th percentile days to first decision", 4.0],
        ["Median days to publication", 6.0],
        ["90th percentile days to publication", 6.0],
    ]


def test_percentile_is_the_nearest_rank():
    assert percentile([], 0.9) is None
    assert percentile([3.0], 0.9) == 3.0
    assert percentile([float(n) for n in range(10, 0, -1)], 0.9) == 9.0
    assert percentile([1.0, 2.0, 4.0], 0.5) == 2.0


@pytest.mark.django_db
def test_waiting_now_by_age(story_index):
    now = timezone.now()
    callout = story_index.callout
    for days, status in [(1, "received"), (3, "in_review"), (10, "received"), (60, "received")]:
        submission_make(callout, "web", status, now - timedelta(days=days))
    submission_make(callout, "web", "accepted", now - timedelta(days=2))
    assert selectors.waiting_by_age_get(callout).rows == [
        ["Under a week", 2],
        ["1 to 2 weeks", 1],
        ["2 to 4 weeks", 0],
        ["4 to 8 weeks", 0],
        ["8 weeks or more", 1],
    ]


@pytest.mark.django_db
def test_top_stories_with_views_on_the_day_the_week_all_time_and_the_first_week(insights):
    table = selectors.top_stories_get(insights.callout, PERIOD)
    assert table.rows == [
        ["The hill on Pine Street", "2026-11-08", 14, 4, 9, 121, 10],
        ["Our favourite miles", "2026-10-01", 6, 0, 6, 56, 0],
    ]
    assert table.columns[3] == "Views on 15 Nov 2026"


@pytest.mark.django_db
def test_period_views_add_whole_weeks_and_the_days_either_side(insights):
    first, desk = insights.first_story.pk, insights.desk_story.pk
    # Sunday 8 to Monday 16 November: the whole week of the 9th, and a day either side.
    around_a_week = Period(date(2026, 11, 8), date(2026, 11, 16))
    assert selectors.story_period_views_get(insights.callout, around_a_week) == {
        first: 5 + (3 + 2 + 4) + 100,
        desk: 6,
    }
    # Wednesday 11 to Tuesday 17 November: no whole week, only days.
    midweek = Period(date(2026, 11, 11), date(2026, 11, 17))
    assert selectors.story_period_views_get(insights.callout, midweek) == {first: 2 + 4 + 100}


@pytest.mark.django_db
def test_period_views_are_the_sum_of_the_days_for_every_period(insights):
    days = {
        story.pk: dict(story.reading_days.values_list("day", "views"))
        for story in (insights.first_story, insights.desk_story)
    }
    for start in (date(2026, 10, 18) + timedelta(days=n) for n in range(36)):
        for end in (start + timedelta(days=n) for n in range(0, 22, 3)):
            expected = {
                pk: total
                for pk, counts in days.items()
                if (total := sum(v for day, v in counts.items() if start <= day <= end))
            }
            period = Period(start, end)
            assert selectors.story_period_views_get(insights.callout, period) == expected, period


@pytest.mark.django_db
def test_views_by_channel_of_origin(insights):
    assert selectors.views_by_channel_get(insights.callout, PERIOD).rows == [
        ["Web form", 1, 14],
        ["Written by the desk", 1, 6],
    ]


@pytest.mark.django_db
def test_funnel_per_channel_from_arrival_to_readers(insights):
    assert selectors.funnel_get(insights.callout, PERIOD).rows == [
        ["Email (IMAP mailbox)", 1, 0, 0, 0],
        ["Email (file import)", 0, 0, 0, 0],
        ["Email (provider webhook)", 1, 0, 0, 0],
        ["Web form", 3, 2, 1, 1],
    ]


@pytest.mark.django_db
def test_a_period_with_nothing_in_it(insights):
    empty = Period(PERIOD.start.replace(year=2020), PERIOD.end.replace(year=2020))
    tables = selectors.insights_report_get(insights.callout, empty)
    assert [
        table.rows for table in tables if table.key in {"submissions", "stories", "channels"}
    ] == [
        [],
        [],
        [],
    ]
    decisions = dict(next(table for table in tables if table.key == "decisions").rows)
    assert decisions["Acceptance rate"] == "" and decisions["Median days to publication"] == ""


@pytest.mark.django_db
def test_the_report_counts_in_a_fixed_number_of_queries(insights, django_assert_max_num_queries):
    Submission.objects.bulk_create(
        Submission(callout=insights.callout, channel="web", received_at=PERIOD.starts_at)
        for _ in range(200)
    )
    with django_assert_max_num_queries(13):
        selectors.insights_report_get(insights.callout, PERIOD)
