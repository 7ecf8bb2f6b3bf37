"""What a callout's page says about its opening and closing, and until when that holds.

Days are counted in the site's time zone (TIME_ZONE), so "Closing today" turns into "Closed on
5 March" at the close and "Open for 3 more days" into "Open for 2 more days" at local midnight,
daylight saving or not. `changes_at` is the next moment the words change: public pages showing
them must not be kept in any cache past it.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.formats import date_format

from .models import Callout


@dataclass(frozen=True)
class CalloutTiming:
    is_open: bool
    # What the page says: "Open for 3 more days", "Closing today", "Closed on 5 March"…
    text: str
    # The closing or opening time written out with the time zone, e.g. "Closes on 8 March at
    # 17:00 (Europe/London time)."; "" when the callout has no times.
    detail: str = ""
    changes_at: datetime | None = None
    opens_later: bool = False


def _day(moment: datetime, now: datetime) -> str:
    local = timezone.localtime(moment)
    same_year = local.year == timezone.localtime(now).year
    return date_format(local, "j F" if same_year else "j F Y")


def _detail(verb: str, moment: datetime) -> str:
    local = timezone.localtime(moment)
    when = date_format(local, "j F Y \\a\\t H:i")
    return f"{verb} {when} ({timezone.get_current_timezone_name()} time)."


def next_local_midnight(now: datetime) -> datetime:
    """The start of tomorrow in the site's time zone (23 or 25 hours away on a DST day)."""
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), tzinfo=timezone.get_current_timezone())


def _open_text(closes_at: datetime, now: datetime) -> str:
    days = (timezone.localtime(closes_at).date() - timezone.localtime(now).date()).days
    if days == 0:
        return "Closing today"
    if days == 1:
        return "Closing tomorrow"
    return f"Open for {days} more days"


def callout_timing(callout: Callout, now: datetime | None = None) -> CalloutTiming:
    """Whether the callout takes stories now, in the words its page shows."""
    now = now or timezone.now()
    if not (callout.opens_at or callout.closes_at):
        return CalloutTiming(
            is_open=callout.is_open,
            text="Taking stories now" if callout.is_open else "Closed to new stories",
        )
    # Dates without a year and day counts change at midnight too.
    midnight = next_local_midnight(now)
    if callout.closes_at and now >= callout.closes_at:
        text = f"Closed on {_day(callout.closes_at, now)}"
        return CalloutTiming(False, text, changes_at=midnight)
    if not callout.is_open:
        return CalloutTiming(False, "Closed to new stories", changes_at=midnight)
    if callout.opens_at and now < callout.opens_at:
        text = f"Opens on {_day(callout.opens_at, now)}"
        changes_at = min(midnight, callout.opens_at)
        detail = _detail("Opens on", callout.opens_at)
        return CalloutTiming(False, text, detail, changes_at, opens_later=True)
    if not callout.closes_at:
        return CalloutTiming(True, "Taking stories now")
    detail = _detail("Closes on", callout.closes_at)
    changes_at = min(midnight, callout.closes_at)
    return CalloutTiming(True, _open_text(callout.closes_at, now), detail, changes_at)
