"""The acknowledgment: editors' templates filled safely, sent once."""

import base64
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from milepost.callouts.models import Callout
from milepost.intake.services import inbound_message_receive
from milepost.submissions.acknowledgments import placeholders_fill, submission_acknowledge
from milepost.submissions.models import (
    EventAction,
    Submission,
    SuppressedAddress,
    SuppressionReason,
)
from milepost.submissions.services import submissions_unacknowledged_enqueue
from tests.intake.mail import story_email


def test_placeholders_are_filled():
    assert placeholders_fill("Dear {name}, re {title}", {"name": "Jane", "title": "Hill"}) == (
        "Dear Jane, re Hill"
    )


@pytest.mark.parametrize(
    "template",
    ["{unknown}", "{name.__class__}", "{name[0]}", "{0}", "{{name}}", "{ name }", "{"],
)
def test_anything_but_a_known_placeholder_is_left_as_typed(template):
    filled = placeholders_fill(template, {"name": "Jane"})

    assert filled == template.replace("{name}", "Jane")


def test_a_value_is_not_filled_again():
    assert placeholders_fill("{name}", {"name": "{title}", "title": "X"}) == "{title}"


@pytest.mark.django_db
def test_the_email_is_sent_once_with_the_callouts_template(
    callout, django_capture_on_commit_callbacks
):
    callout.acknowledgment_subject = "Thanks,\n  {reference}"
    callout.acknowledgment_body = "We read {title} ({reference}). {status_link} {nonsense}"
    callout.save()
    with django_capture_on_commit_callbacks(execute=True):
        submission = inbound_message_receive(story_email(), channel="import").submission

    [email] = mail.outbox
    assert submission_acknowledge(submission.pk) is False  # sent on receipt already
    assert len(mail.outbox) == 1
    assert email.subject == f"Thanks, {submission.reference}"
    assert submission.reference in email.body and "{nonsense}" in email.body
    assert submission.get_status_url() in email.body


# Not a relay: fixed subjects, a daily cap, never to an address that bounced or complained

HOSTILE_TITLE = "WIN $5000 NOW at http://evil.example"


def web_story(client, story_index, *, email="jane@example.com", title=HOSTILE_TITLE):
    fields = {
        "name": "Mallory",
        "email": email,
        "title": title,
        "story": "Words.",
        "consent_web": "on",
    }
    return client.post(
        f"{story_index.url}submit/", fields, REMOTE_ADDR=f"198.51.100.{len(mail.outbox)}"
    )


@pytest.mark.django_db
def test_the_subject_never_carries_what_the_submitter_typed(
    client, story_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert web_story(client, story_index).status_code == 303
    [email] = mail.outbox
    reference = Submission.objects.get().reference
    assert email.subject == f"We have your story for Most Important Mile ({reference})"
    assert "evil" not in email.subject and "Mallory" not in email.subject


@pytest.mark.django_db
@pytest.mark.parametrize("subject", ["Re: {title}", "Dear {name}", "{status_link}"])
def test_a_subject_with_submitter_text_cannot_be_saved(callout, subject):
    callout.acknowledgment_subject = subject
    with pytest.raises(ValidationError, match="The subject cannot use"):
        callout.full_clean()
    with pytest.raises(ValidationError):
        callout.save()


@pytest.mark.django_db
def test_an_unsafe_subject_stored_earlier_falls_back_to_the_fixed_one(
    client, story_index, django_capture_on_commit_callbacks
):
    Callout.objects.filter(pk=story_index.callout.pk).update(acknowledgment_subject="Re: {title}")
    with django_capture_on_commit_callbacks(execute=True):
        web_story(client, story_index)
    assert "evil" not in mail.outbox[0].subject
    assert mail.outbox[0].subject.startswith("We have your story for Most Important Mile")


@pytest.mark.django_db
def test_acknowledgments_to_one_address_are_capped_per_day(
    client, story_index, settings, django_capture_on_commit_callbacks
):
    settings.MILEPOST_ACKNOWLEDGMENTS_PER_ADDRESS_PER_DAY = 2
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert web_story(client, story_index, title=f"Story {number}").status_code == 303
    assert len(mail.outbox) == 2
    last = Submission.objects.get(title="Story 2")
    assert last.acknowledged_at is None
    event = last.events.get(action=EventAction.NOT_ACKNOWLEDGED)
    assert "2 acknowledgments went to this address in the last day (the cap is 2)" in event.detail
    assert submissions_unacknowledged_enqueue(timedelta(0)) == 0  # the sweep leaves it alone
    with django_capture_on_commit_callbacks(execute=True):
        web_story(client, story_index, email="someone-else@example.com")
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_a_bounce_reported_by_webhook_stops_acknowledgments(
    client, story_index, settings, django_capture_on_commit_callbacks
):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret"}
    settings.MILEPOST_WEBHOOK_PROVIDERS = ["postmark"]
    bounce = {
        "RecordType": "Bounce",
        "ID": 4323372036854775807,
        "Type": "HardBounce",
        "TypeCode": 1,
        "Name": "Hard bounce",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "ServerID": 23,
        "MessageStream": "outbound",
        "Description": "The server was unable to deliver your message (ex: unknown user).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": "Jane@Example.com",
        "From": "stories@milepost.example",
        "BouncedAt": "2026-11-25T10:00:00Z",
        "Inactive": True,
        "CanActivate": True,
        "Subject": "We have your story",
    }
    auth = "Basic " + base64.b64encode(b"hook:secret").decode()
    response = client.post(
        "/webhooks/postmark/tracking/",
        json.dumps(bounce),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )
    assert response.status_code == 200
    suppressed = SuppressedAddress.objects.get()
    assert (suppressed.email, suppressed.reason) == ("jane@example.com", SuppressionReason.BOUNCE)

    with django_capture_on_commit_callbacks(execute=True):
        assert web_story(client, story_index).status_code == 303
    assert mail.outbox == []
    submission = Submission.objects.get()  # stored all the same
    assert "suppression list" in submission.events.get(action=EventAction.NOT_ACKNOWLEDGED).detail


@pytest.mark.django_db
def test_a_submission_marked_as_spam_before_its_acknowledgment_gets_none(story_index):
    from milepost.submissions.services import submission_transition

    # The acknowledgment task had not run yet (a slow queue) when an editor marked it as spam.
    submission = inbound_message_receive(story_email(), channel="import").submission
    submission_transition(submission, "spam", actor=None)
    assert submissions_unacknowledged_enqueue(timedelta(0)) == 0
    assert submission_acknowledge(submission.pk) is False
    assert mail.outbox == []
    submission.refresh_from_db()
    assert submission.acknowledged_at is None
