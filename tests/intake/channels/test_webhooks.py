"""Provider webhooks (through django-anymail) feed the same intake service."""

import base64
import hashlib
import hmac
import io
import json
import secrets
import time

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from milepost.callouts.models import Callout
from milepost.intake.channels import webhooks
from milepost.intake.models import InboundMessage, InboundState
from milepost.intake.tasks import inbound_message_process
from milepost.submissions.models import Submission
from tests.intake.mail import story_email

pytestmark = pytest.mark.django_db

SECRET = "hook-user:hook-password"
SIGNING_KEY = "mailgun-signing-key"


@pytest.fixture(autouse=True)
def webhook_settings(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    settings.MILEPOST_WEBHOOK_PROVIDERS = ["mailgun", "postmark"]


@pytest.fixture
def callout(db):
    return Callout.objects.create(
        title="Most Important Mile", slug="most-important-mile", prompt="?"
    )


def basic_auth(secret=SECRET) -> str:
    return "Basic " + base64.b64encode(secret.encode()).decode()


def mailgun_fields(raw: bytes, key=SIGNING_KEY, age=0) -> dict:
    timestamp, token = str(int(time.time() - age)), secrets.token_hex(25)
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "body-mime": raw.decode(),
        "timestamp": timestamp,
        "token": token,
        "signature": signature,
    }


def post_mailgun(client, fields, auth=None):
    return client.post(
        "/webhooks/mailgun/inbound_mime/", fields, HTTP_AUTHORIZATION=auth or basic_auth()
    )


def post_postmark(client, payload, auth=None):
    return client.post(
        "/webhooks/postmark/inbound/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth or basic_auth(),
    )


def postmark_payload(raw: bytes) -> dict:
    return {
        "From": "jane@example.com",
        "FromFull": {"Email": "jane@example.com", "Name": "Jane Doe"},
        "To": "mile@milepost.example",
        "ToFull": [{"Email": "mile@milepost.example", "Name": ""}],
        "Subject": "Most Important Mile: Back on Pine Street",
        "MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b",
        "TextBody": "It was the first mile.",
        "Headers": [],
        "Attachments": [],
        "RawEmail": raw.decode(),
    }


def test_mailgun_message_becomes_a_submission(client, callout):
    response = post_mailgun(client, mailgun_fields(story_email()))
    assert response.status_code == 200
    submission = Submission.objects.get()
    assert submission.title == "Back on Pine Street"
    assert submission.photos.count() == 1
    assert InboundMessage.objects.get().channel == "webhook"


def test_postmark_message_becomes_a_submission(client, callout):
    response = post_postmark(client, postmark_payload(story_email()))
    assert response.status_code == 200
    assert Submission.objects.get().submitter_email == "jane@example.com"


def test_a_provider_retry_is_not_a_second_submission(client, callout):
    raw = story_email()
    assert post_mailgun(client, mailgun_fields(raw)).status_code == 200
    assert post_mailgun(client, mailgun_fields(raw)).status_code == 200  # newly signed
    assert Submission.objects.count() == 1


# Replays and providers not in use


def test_a_replayed_mailgun_post_is_refused_and_stores_nothing(client, callout):
    fields = mailgun_fields(story_email())
    assert post_mailgun(client, fields).status_code == 200
    other_mail = fields | {"body-mime": story_email(subject="Most Important Mile: Again").decode()}
    response = post_mailgun(client, other_mail)  # same timestamp, token and signature
    assert response.status_code == 400
    assert InboundMessage.objects.count() == 1
    assert Submission.objects.count() == 1


def test_a_stale_mailgun_post_is_refused_and_stores_nothing(client, callout, settings):
    response = post_mailgun(client, mailgun_fields(story_email(), age=30 * 24 * 3600))
    assert response.status_code == 400
    assert InboundMessage.objects.count() == 0
    settings.MILEPOST_WEBHOOK_MAX_AGE_SECONDS = 60
    assert post_mailgun(client, mailgun_fields(story_email(), age=120)).status_code == 400
    assert post_mailgun(client, mailgun_fields(story_email(), age=30)).status_code == 200


def test_a_token_that_failed_with_a_server_error_may_come_again(client, callout, monkeypatch):
    fields = mailgun_fields(story_email())

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(webhooks, "inbound_message_store", broken)
    client.raise_request_exception = False
    assert post_mailgun(client, fields).status_code == 500
    monkeypatch.undo()
    assert post_mailgun(client, fields).status_code == 200  # the provider's retry
    assert Submission.objects.count() == 1


def test_only_the_configured_providers_answer(client, callout, settings):
    settings.MILEPOST_WEBHOOK_PROVIDERS = ["mailgun"]
    response = post_postmark(client, postmark_payload(story_email()))
    assert response.status_code == 404
    assert InboundMessage.objects.count() == 0
    assert post_mailgun(client, mailgun_fields(story_email())).status_code == 200


def test_bad_mailgun_signature_is_refused_and_nothing_stored(client, callout):
    response = post_mailgun(client, mailgun_fields(story_email(), key="wrong-key"))
    assert response.status_code == 400
    assert InboundMessage.objects.count() == 0


@pytest.mark.parametrize("post", [post_mailgun, post_postmark])
def test_bad_shared_secret_is_refused_and_nothing_stored(client, callout, post):
    payload = (
        mailgun_fields(story_email()) if post is post_mailgun else postmark_payload(story_email())
    )
    response = post(client, payload, auth=basic_auth("hook-user:wrong"))
    assert response.status_code == 400
    assert InboundMessage.objects.count() == 0


def test_malformed_postmark_json_is_refused(client, callout):
    response = client.post(
        "/webhooks/postmark/inbound/",
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=basic_auth(),
    )
    assert response.status_code == 400
    assert InboundMessage.objects.count() == 0


def test_webhooks_are_off_until_a_secret_is_set(client, callout, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "", "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    response = post_mailgun(client, mailgun_fields(story_email()))
    assert response.status_code == 404
    assert InboundMessage.objects.count() == 0


def test_mailgun_post_without_a_message_is_refused(client, callout):
    fields = mailgun_fields(story_email())
    del fields["body-mime"]
    response = post_mailgun(client, fields)
    assert response.status_code == 400
    assert InboundMessage.objects.count() == 0


@pytest.mark.django_db(transaction=True)  # the worker opens and closes its own connections
def test_webhook_mail_is_stored_at_once_and_processed_from_the_queue(client, callout, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = post_mailgun(client, mailgun_fields(story_email()))
    assert response.status_code == 200
    stored = InboundMessage.objects.get()
    assert stored.state == InboundState.RECEIVED  # stored, not yet processed
    assert not Submission.objects.exists()
    [queued] = DBTaskResult.objects.all()
    assert queued.args_kwargs["args"] == [stored.pk]

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    assert Submission.objects.get().inbound_message == stored
    stored.refresh_from_db()
    assert stored.state == InboundState.PROCESSED
    # The task may run twice (a retry, the sweep): nothing more happens.
    assert inbound_message_process.call(stored.pk) == ""
    assert Submission.objects.count() == 1
