"""The daily digest: to each editor who asked for it, once a day at the set hour of the site's
time zone, the Today panel's lines (`desk.today`) and the new submissions with their status."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from milepost.core.links import site_absolute_url
from milepost.core.outbox import outgoing_email_queue
from milepost.core.quoting import title_quoted
from milepost.submissions.models import SubmissionStatus

from .models import DeskPreference
from .selectors import callout_list_for_user, submission_list_for_user
from .today import day_start, today_items_get


def desk_digest_render(user, now: datetime) -> str:
    """The digest's text, or "" when nothing waits for `user`."""
    items = today_items_get(user, now)
    if not items:
        return ""
    lines = ["Today in Milepost:", ""]
    for item in items:
        lines += [f"- {item.text}", f"  {site_absolute_url(None, item.url)}"]
    since = day_start(timezone.localdate(now) - timedelta(days=1))
    for callout in callout_list_for_user(user):
        new = (
            submission_list_for_user(user)
            .filter(callout=callout, received_at__gte=since)
            .exclude(status=SubmissionStatus.SPAM)
        )
        if new:
            lines += ["", f"New in {callout.title} since yesterday:"]
            lines += [
                f"  {s.reference} {title_quoted(s.shown_title)} ({s.get_status_display()})"
                for s in new
            ]
    return "\n".join(lines) + "\n"


def desk_digests_send(now: datetime | None = None) -> int:
    """Write each digest due today (`core.outbox` sends them); returns how many were written.
    Before the hour, nothing; after it, one per editor per day however often this runs."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < settings.MILEPOST_DIGEST_HOUR:
        return 0
    not_today = Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=day_start(local.date()))
    due = DeskPreference.objects.filter(not_today, daily_digest=True, user__is_active=True)
    sent = 0
    for preference in due.select_related("user"):
        # Claimed with the email written, so a second run cannot send it again.
        with transaction.atomic():
            claimed = DeskPreference.objects.filter(not_today, pk=preference.pk).update(
                last_digest_at=now
            )
            text = desk_digest_render(preference.user, now) if claimed else ""
            if text and preference.user.email:
                outgoing_email_queue(
                    to=[preference.user.email],
                    subject=f"Milepost digest, {local:%B} {local.day}",
                    body=text,
                )
                sent += 1
    return sent
