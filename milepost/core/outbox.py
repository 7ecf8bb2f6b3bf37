"""The one way mail leaves Milepost: kept with the action that writes it, sent by a task.

`outgoing_email_queue` stores an `OutgoingEmail` in the caller's transaction and enqueues its
task once that commits, so a person's action never waits for, or fails with, the mail server.
The task sends it once; a failure is kept with its reason and retried later, waiting longer
each time, until MILEPOST_EMAIL_ATTEMPTS have failed: then it is marked failed, for editors to
see under **Outgoing email**. `outgoing_emails_sweep` (run by `run_scheduler`) enqueues every
email whose next attempt is due, which also finds mail whose task the queue lost.

Apps above may refuse an email at the moment it would go: `outgoing_email_checking` receivers
return why it must not be sent ("" when it may), e.g. the address bounced since it was written.
"""

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from . import tasks
from .models import OutgoingEmail, OutgoingEmailStatus

logger = logging.getLogger(__name__)

# sender=OutgoingEmail, email=the OutgoingEmail; each receiver returns a reason or "".
outgoing_email_checking = Signal()

# Sent in the transaction that marks an email sent, withheld or failed for good: sender=
# OutgoingEmail, email. A receiver may blank what must not be kept once it can no longer go.
outgoing_email_done = Signal()

# How long the sweep leaves a new email to its own task before sending it itself.
QUEUE_GRACE = timedelta(minutes=2)


def outgoing_email_queue(
    *,
    to: list[str],
    subject: str,
    body: str,
    headers: dict[str, str] | None = None,
    kept_with_record: bool = False,
) -> OutgoingEmail:
    """Keep the email in the caller's transaction; it is sent from the queue once that commits.
    `kept_with_record`: a record of the caller's keeps it (and erases it), so it never expires."""
    email = OutgoingEmail.objects.create(
        to=", ".join(to),
        subject=" ".join(subject.split())[:300],
        body=body,
        headers=headers or {},
        next_attempt_at=timezone.now() + QUEUE_GRACE,
        kept_with_record=kept_with_record,
    )
    # Robust: a queue that cannot be reached leaves the email pending for the sweep.
    transaction.on_commit(lambda: tasks.outgoing_email_send.enqueue(email.pk), robust=True)
    return email


def outgoing_email_send(email_id: int) -> bool:
    """Send one pending email, once (a task run twice finds it sent). Returns whether it went."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update()
            .filter(pk=email_id, status=OutgoingEmailStatus.PENDING)
            .first()
        )
        if email is None or (email.attempts and email.next_attempt_at > timezone.now()):
            return False  # gone already, or a retry whose time has not come
        if refusal := _refusal(email):
            _outgoing_email_finish(email, OutgoingEmailStatus.WITHHELD, refusal)
            return False
        message = EmailMessage(
            subject=email.subject, body=email.body, to=email.recipients, headers=email.headers
        )
        try:
            message.send()
        except Exception as error:  # any backend's failure: SMTP, a provider's API, DNS
            _attempt_failed(email, error)
            return False
        email.attempts += 1
        email.sent_at = timezone.now()
        _outgoing_email_finish(email, OutgoingEmailStatus.SENT, "")
    return True


def _refusal(email: OutgoingEmail) -> str:
    replies = outgoing_email_checking.send(sender=OutgoingEmail, email=email)
    return next((reason for _receiver, reason in replies if reason), "")


def _outgoing_email_finish(email: OutgoingEmail, status: str, reason: str) -> None:
    email.status, email.reason = status, reason
    email.save(update_fields=["status", "reason", "attempts", "sent_at"])
    outgoing_email_done.send(sender=OutgoingEmail, email=email)


def _attempt_failed(email: OutgoingEmail, error: Exception) -> None:
    email.attempts += 1
    email.reason = f"{type(error).__name__}: {error}"[:1000]
    if email.attempts >= settings.MILEPOST_EMAIL_ATTEMPTS:
        email.status = OutgoingEmailStatus.FAILED
    else:  # 1, 2, 4, 8… times the first delay
        delay = settings.MILEPOST_EMAIL_RETRY_SECONDS * 2 ** (email.attempts - 1)
        email.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    email.save(update_fields=["attempts", "reason", "status", "next_attempt_at"])
    if email.status == OutgoingEmailStatus.FAILED:
        outgoing_email_done.send(sender=OutgoingEmail, email=email)
    logger.warning("Email %s not sent (attempt %s): %s", email.pk, email.attempts, email.reason)


def outgoing_emails_sweep(now: datetime | None = None) -> int:
    """Enqueue each pending email whose next attempt is due; returns how many."""
    due = OutgoingEmail.objects.filter(
        status=OutgoingEmailStatus.PENDING, next_attempt_at__lte=now or timezone.now()
    ).values_list("pk", flat=True)
    count = 0
    for email_id in due.iterator():
        tasks.outgoing_email_send.enqueue(email_id)
        count += 1
    return count


def outgoing_emails_expire(now: datetime | None = None) -> int:
    """Delete mail that went (or failed) MILEPOST_OUTGOING_EMAIL_DAYS ago and that no other
    record keeps: editors' notices and digests name submitters, and are not kept for ever."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.MILEPOST_OUTGOING_EMAIL_DAYS)
    return (
        OutgoingEmail.objects.filter(created_at__lt=cutoff, kept_with_record=False)
        .exclude(status=OutgoingEmailStatus.PENDING)
        .delete()[0]
    )


def outgoing_emails_erase(
    *, address: str = "", ids: Sequence[int] = (), mentions: Sequence[str] = ()
) -> int:
    """Delete the mail to `address`, the emails `ids`, and any that `mentions` one of these
    words (an erased submission's reference, in an editors' notice); returns how many."""
    erased = Q(pk__in=ids)
    if address:  # one address of the list, not another that ends with it
        erased |= (
            Q(to__iexact=address)
            | Q(to__istartswith=f"{address},")
            | Q(to__iendswith=f", {address}")
            | Q(to__icontains=f", {address},")
        )
    for word in filter(None, mentions):
        erased |= Q(subject__contains=word) | Q(body__contains=word)
    return OutgoingEmail.objects.filter(erased).delete()[0]
