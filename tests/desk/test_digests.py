"""The daily digest: off by default, per callout, new stories and ones waiting, once a day."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from milepost.desk.digests import desk_digests_send
from milepost.desk.models import DeskPreference
from milepost.submissions.models import Submission

pytestmark = pytest.mark.django_db


def test_nobody_gets_a_digest_until_they_ask(editor, submission):
    mail.outbox.clear()
    assert desk_digests_send() == 0
    assert mail.outbox == []


def test_the_digest_lists_new_and_waiting_stories_once_a_day(
    editor, submission, django_capture_on_commit_callbacks
):
    old = Submission.objects.create(
        callout=submission.callout,
        channel="web",
        title="An old one",
        received_at=timezone.now() - timedelta(days=10),
    )
    DeskPreference.objects.create(user=editor, daily_digest=True, waiting_days=7)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # kept, then sent by its task
        assert desk_digests_send() == 1
    [digest] = mail.outbox
    assert digest.to == ["edna@milepost.example"]
    assert digest.subject == "Milepost digest: Most Important Mile"
    assert f"{submission.reference} Back on Pine Street" in digest.body
    assert f"{old.reference} An old one" in digest.body
    assert "more than 7 days: 1" in digest.body
    assert desk_digests_send() == 0  # the task ran twice: still one digest


def test_editors_turn_the_digest_on_in_their_account(editor_client, editor):
    page = editor_client.get("/admin/account/").content.decode()
    assert "Daily digest" in page
    assert not DeskPreference.objects.exists()
    editor_client.post(
        "/admin/account/",
        {
            "desk_digest-daily_digest": "on",
            "desk_digest-waiting_days": "3",
            "name_email-first_name": "Edna",
            "name_email-last_name": "E",
            "name_email-email": "edna@milepost.example",
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    preference = DeskPreference.objects.get(user=editor)
    assert preference.daily_digest and preference.waiting_days == 3
