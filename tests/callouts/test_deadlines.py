"""What a callout's page says about its deadline, in the site's time zone, and until when."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from milepost.callouts.deadlines import callout_timing, next_local_midnight
from milepost.callouts.models import Callout
from tests.demo.test_services import form_fields

NEW_YORK = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")


def at(*args, zone=NEW_YORK) -> datetime:
    return datetime(*args, tzinfo=zone)


@pytest.fixture(autouse=True)
def new_york(settings):
    # Daylight saving starts there at 2:00 on 8 March 2026: that day has 23 hours.
    settings.TIME_ZONE = "America/New_York"
    timezone.activate(NEW_YORK)
    yield
    timezone.deactivate()


def timed(**times) -> Callout:
    return Callout(title="Most Important Mile", slug="mile", prompt="?", **times)


def test_without_times_the_switch_alone_decides_as_before():
    assert callout_timing(timed()).text == "Taking stories now"
    assert callout_timing(timed()).changes_at is None
    closed = callout_timing(timed(is_open=False))
    assert (closed.is_open, closed.text, closed.changes_at) == (
        False,
        "Closed to new stories",
        None,
    )


@pytest.mark.parametrize(
    ("now", "text"),
    [
        (at(2026, 3, 6, 12), "Open for 4 more days"),
        (at(2026, 3, 9, 0, 0), "Closing tomorrow"),
        # 00:30 in New York is still the 9th in UTC's eyes: the day counts where the site is.
        (at(2026, 3, 10, 0, 30), "Closing today"),
        (at(2026, 3, 10, 16, 59), "Closing today"),
        (at(2026, 3, 10, 17, 0), "Closed on 10 March"),
        (at(2027, 1, 2, 9), "Closed on 10 March 2026"),
    ],
)
def test_the_page_counts_days_in_the_site_time_zone(now, text):
    callout = timed(closes_at=at(2026, 3, 10, 17))
    timing = callout_timing(callout, now)
    assert timing.text == text
    assert timing.is_open == text.startswith(("Open", "Closing"))


def test_the_closing_time_is_written_with_the_time_zone():
    timing = callout_timing(timed(closes_at=at(2026, 3, 10, 17)), at(2026, 3, 6, 12))
    assert timing.detail == "Closes on 10 March 2026 at 17:00 (America/New_York time)."


def test_before_the_opening_the_page_says_when_it_opens():
    callout = timed(opens_at=at(2026, 3, 9, 9), closes_at=at(2026, 3, 20, 17))
    timing = callout_timing(callout, at(2026, 3, 1, 12))
    assert (timing.is_open, timing.text, timing.opens_later) == (False, "Opens on 9 March", True)
    assert timing.detail == "Opens on 9 March 2026 at 09:00 (America/New_York time)."
    assert callout_timing(callout, at(2026, 3, 9, 8, 59)).changes_at == at(2026, 3, 9, 9)
    assert callout_timing(callout, at(2026, 3, 9, 9)).text == "Open for 11 more days"


def test_the_words_change_at_local_midnight_across_daylight_saving():
    now = at(2026, 3, 8, 1, 0)  # 06:00 UTC, before the clocks go forward
    assert next_local_midnight(now) == at(2026, 3, 9, 0, 0)
    # 22 hours, not 23 or 24: 1:00 EST to midnight EDT.
    assert next_local_midnight(now).astimezone(UTC) - now.astimezone(UTC) == timedelta(hours=22)
    timing = callout_timing(timed(closes_at=at(2026, 3, 20, 17)), now)
    assert timing.changes_at == at(2026, 3, 9, 0, 0)
    assert timing.changes_at.astimezone(UTC) == at(2026, 3, 9, 4, 0, zone=UTC)


def test_on_the_last_day_the_words_change_at_the_close():
    timing = callout_timing(timed(closes_at=at(2026, 3, 10, 17)), at(2026, 3, 10, 9))
    assert timing.changes_at == at(2026, 3, 10, 17)


def test_the_switch_closes_a_callout_whatever_its_times():
    callout = timed(is_open=False, closes_at=at(2026, 3, 10, 17))
    timing = callout_timing(callout, at(2026, 3, 6, 12))
    assert (timing.is_open, timing.text) == (False, "Closed to new stories")
    assert callout.late_at(at(2026, 3, 6, 12))


def test_late_means_after_the_close_or_while_switched_off_never_before_the_opening():
    callout = timed(opens_at=at(2026, 3, 1, 9), closes_at=at(2026, 3, 10, 17))
    assert not callout.late_at(at(2026, 2, 20))
    assert not callout_timing(callout, at(2026, 2, 20)).is_open
    assert not callout.late_at(at(2026, 3, 10, 16, 59))
    assert callout_timing(callout, at(2026, 3, 10, 16, 59)).is_open
    assert callout.late_at(at(2026, 3, 10, 17))


@pytest.mark.django_db
def test_the_admin_form_refuses_a_close_before_the_opening(admin_client, callout):
    url = f"/admin/snippets/callouts/callout/edit/{callout.pk}/"
    response = admin_client.get(url)
    html = response.content.decode()
    assert "In the site’s time zone (America/New_York)." in html
    data = form_fields(response, url)
    data |= {"opens_at": "2027-03-10 09:00", "closes_at": "2027-03-01 09:00"}

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "The callout must close after it opens" in response.content.decode()
    callout.refresh_from_db()
    assert callout.opens_at is None and callout.closes_at is None

    data["closes_at"] = "2027-03-31 17:00"
    assert admin_client.post(url, data).status_code == 302
    callout.refresh_from_db()
    assert callout.closes_at == at(2027, 3, 31, 17)
