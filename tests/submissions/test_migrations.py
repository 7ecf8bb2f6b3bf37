"""Emails written before the outbox keep their delivery: sent, not sent and why, or still to go;
history written before the list of actions keeps what it says."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from milepost.callouts.models import Callout
from milepost.submissions.models import EventAction

BEFORE = [("submissions", "0012_checks_sender_address"), ("core", "0005_outgoing_email")]
AFTER = [("submissions", "0013_email_delivery_in_outbox")]


@pytest.mark.django_db(transaction=True)
def test_each_kept_email_moves_its_delivery_to_the_outbox():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    # The callouts' tables are untouched by these migrations: today's model fills their defaults.
    callout = Callout.objects.create(title="Most Important Mile", slug="mile", prompt="?")
    submission = old.get_model("submissions", "Submission").objects.create(
        callout_id=callout.pk, channel="web", received_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    SubmissionEmail = old.get_model("submissions", "SubmissionEmail")
    sent_at = datetime(2026, 1, 2, tzinfo=UTC)
    for subject, fields in (
        ("Sent", {"sent_at": sent_at}),
        ("Withheld", {"suppressed": "The address bounced or complained."}),
        ("Never sent", {}),
    ):
        SubmissionEmail.objects.create(
            submission=submission,
            kind="question",
            to="jane@example.com",
            subject=subject,
            body="Hello",
            **fields,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    rows = {
        email.subject: (email.outgoing.status, email.outgoing.sent_at, email.outgoing.reason)
        for email in new.get_model("submissions", "SubmissionEmail").objects.all()
    }
    assert rows == {
        "Sent": ("sent", sent_at, ""),
        "Withheld": ("withheld", None, "The address bounced or complained."),
        "Never sent": ("pending", None, ""),  # the outbox sweep sends it now
    }
    assert {e.to for e in new.get_model("core", "OutgoingEmail").objects.all()} == {
        "jane@example.com"
    }
    call_command("migrate", verbosity=0)  # the rest of the suite runs on the latest schema


@pytest.mark.django_db(transaction=True)
def test_the_first_desk_s_raw_email_downloads_get_today_s_action():
    before = [("submissions", "0013_email_delivery_in_outbox")]
    after = [("submissions", "0014_event_action_choices")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    callout = Callout.objects.create(title="Most Important Mile", slug="mile", prompt="?")
    submission = old.get_model("submissions", "Submission").objects.create(
        callout_id=callout.pk, channel="web", received_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    SubmissionEvent = old.get_model("submissions", "SubmissionEvent")
    for action in ("received", "download", "note"):
        SubmissionEvent.objects.create(submission=submission, action=action, actor_label="edna")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    actions = new.get_model("submissions", "SubmissionEvent").objects.values_list("action")
    assert sorted(action for (action,) in actions) == [
        EventAction.NOTE,
        EventAction.RAW_EMAIL_DOWNLOADED,
        EventAction.RECEIVED,
    ]
    call_command("migrate", verbosity=0)
