"""The daily digest: per editor who asked for it, per callout they work on, what is new and
what has waited too long for a decision."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from milepost.core.links import site_absolute_url
from milepost.core.outbox import outgoing_email_queue
from milepost.submissions.models import SubmissionStatus

from .models import DeskPreference
from .selectors import callout_list_for_user, submission_list_for_user

UNDECIDED = [SubmissionStatus.RECEIVED, SubmissionStatus.IN_REVIEW]
# The digest is daily; a task that runs twice in one morning must not send it twice.
MIN_GAP = timedelta(hours=20)


def desk_digest_render(preference: DeskPreference, callout, now) -> str:
    submissions = submission_list_for_user(preference.user).filter(callout=callout)
    new = submissions.filter(received_at__gte=now - timedelta(days=1)).exclude(
        status=SubmissionStatus.SPAM
    )
    waiting = submissions.filter(
        status__in=UNDECIDED, received_at__lt=now - timedelta(days=preference.waiting_days)
    )
    if not new.exists() and not waiting.exists():
        return ""
    lines = [f"{callout.title}", "", f"New since yesterday: {new.count()}"]
    lines += [f"  {s.reference} {s.title or '(untitled)'} — {s.submitter_name}" for s in new]
    lines += [
        "",
        f"Waiting on a decision for more than {preference.waiting_days} days: {waiting.count()}",
    ]
    lines += [
        f"  {s.reference} {s.title or '(untitled)'} (since {s.received_at:%b %d})" for s in waiting
    ]
    return "\n".join(lines)


def desk_digests_send() -> int:
    """Write each due digest (`core.outbox` sends them); returns how many."""
    now = timezone.now()
    sent = 0
    due = DeskPreference.objects.filter(daily_digest=True, user__is_active=True).exclude(
        last_digest_at__gt=now - MIN_GAP
    )
    for preference in due.select_related("user"):
        if not preference.user.email:
            continue
        with transaction.atomic():
            for callout in callout_list_for_user(preference.user):
                text = desk_digest_render(preference, callout, now)
                if text:
                    link = site_absolute_url(None, "/admin/submissions/")
                    outgoing_email_queue(
                        to=[preference.user.email],
                        subject=f"Milepost digest: {callout.title}",
                        body=f"{text}\n\nThe queue: {link}\n",
                    )
                    sent += 1
            DeskPreference.objects.filter(pk=preference.pk).update(last_digest_at=now)
    return sent
