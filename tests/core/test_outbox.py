"""The outbox: every email kept, sent once by a task, retried with a growing wait, failed with
its reason after the last attempt, and found again by the sweep when the queue lost it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from milepost.core.models import OutgoingEmail, OutgoingEmailStatus
from milepost.core.outbox import (
    outgoing_email_queue,
    outgoing_email_send,
    outgoing_emails_erase,
    outgoing_emails_expire,
    outgoing_emails_sweep,
)
from milepost.submissions.models import SuppressedAddress
from tests.smtp import SmtpSink

pytestmark = pytest.mark.django_db


def _queue(to=("ada@example.com",)) -> OutgoingEmail:
    return outgoing_email_queue(to=list(to), subject="  Your\nstory ", body="Thank you.")


def test_an_email_is_kept_with_the_action_and_sent_once_it_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = _queue(to=["ada@example.com", "ben@example.com"])
        assert mail.outbox == []  # not before the action commits
    [sent] = mail.outbox
    assert sent.to == ["ada@example.com", "ben@example.com"] and sent.subject == "Your story"
    email.refresh_from_db()
    assert (email.status, email.attempts, email.reason) == (OutgoingEmailStatus.SENT, 1, "")
    assert outgoing_email_send(email.pk) is False  # the task ran twice: still one email
    assert len(mail.outbox) == 1


def test_an_action_rolled_back_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _queue()
        raise RuntimeError("the action failed")
    assert mail.outbox == [] and not OutgoingEmail.objects.exists()


def test_a_refused_email_waits_longer_each_time_then_fails_with_its_reason(settings):
    closed = SmtpSink(0)  # bound, then closed at once: a port nothing listens on
    closed.server_close()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed.server_address[1]
    settings.MILEPOST_EMAIL_RETRY_SECONDS, settings.MILEPOST_EMAIL_ATTEMPTS = 60, 3
    email = _queue()

    waits = []
    for _attempt in range(3):
        start = timezone.now()
        assert outgoing_email_send(email.pk) is False
        email.refresh_from_db()
        waits.append(round((email.next_attempt_at - start).total_seconds() / 60))
        assert outgoing_email_send(email.pk) is False  # not before its time: no attempt
        OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())

    email.refresh_from_db()
    assert waits[:2] == [1, 2]  # one minute, then two
    assert (email.status, email.attempts) == (OutgoingEmailStatus.FAILED, 3)
    assert "ConnectionRefusedError" in email.reason
    assert outgoing_emails_sweep(timezone.now() + timedelta(days=1)) == 0  # failed stays failed


def test_the_sweep_sends_what_the_queue_lost_once_its_grace_is_over():
    email = _queue()  # the test's transaction never commits: its task is never enqueued
    assert outgoing_emails_sweep() == 0  # its own task may still come
    assert outgoing_emails_sweep(timezone.now() + timedelta(minutes=3)) == 1
    [sent] = mail.outbox
    assert sent.subject == "Your story"
    email.refresh_from_db()
    assert email.status == OutgoingEmailStatus.SENT


def test_nothing_goes_to_an_address_that_bounced_since_it_was_written():
    email = _queue(to=["Ada@Example.com"])
    SuppressedAddress.objects.create(email="ada@example.com", reason="bounce")
    assert outgoing_email_send(email.pk) is False
    email.refresh_from_db()
    assert mail.outbox == [] and email.status == OutgoingEmailStatus.WITHHELD
    assert "bounced" in email.reason


def test_erasing_an_address_deletes_its_mail_the_notices_naming_it_and_no_one_elses():
    mine = [_queue(to=["ada@example.com"]), _queue(to=["ben@example.com", "ada@example.com"])]
    notice = outgoing_email_queue(
        to=["edna@milepost.example"], subject="Withdrawn: MP-000007: My mile", body="…"
    )
    others = [_queue(to=["nada@example.com"]), _queue(to=["ada@example.com.evil"])]
    erased = outgoing_emails_erase(address="ada@example.com", mentions=["MP-000007"])
    assert erased == 3 and not OutgoingEmail.objects.filter(pk=notice.pk).exists()
    assert set(OutgoingEmail.objects.values_list("pk", flat=True)) == {e.pk for e in others}
    assert all(e.pk not in OutgoingEmail.objects.values_list("pk", flat=True) for e in mine)


def test_mail_that_went_a_while_ago_expires_unless_a_record_keeps_it(settings):
    settings.MILEPOST_OUTGOING_EMAIL_DAYS = 30
    long_ago = timezone.now() - timedelta(days=31)
    sent, failed, waiting, recent = _queue(), _queue(), _queue(), _queue()
    kept = outgoing_email_queue(
        to=["ada@example.com"], subject="S", body="B", kept_with_record=True
    )
    for email, status in ((sent, "sent"), (failed, "failed"), (kept, "sent"), (recent, "sent")):
        OutgoingEmail.objects.filter(pk=email.pk).update(status=status)
    OutgoingEmail.objects.exclude(pk=recent.pk).update(created_at=long_ago)

    assert outgoing_emails_expire() == 2
    left = set(OutgoingEmail.objects.values_list("pk", flat=True))
    assert left == {waiting.pk, recent.pk, kept.pk}  # still to send, too young, kept
