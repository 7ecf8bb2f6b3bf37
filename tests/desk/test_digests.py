"""The daily digest: off by default; once a day at the set hour of the site's time zone, the
Today panel's lines and the new submissions with their status."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from milepost.callouts.models import Callout
from milepost.core.models import OutgoingEmail
from milepost.core.quoting import title_quoted
from milepost.desk.digests import desk_digests_send
from milepost.desk.models import CalloutEditor, DeskPreference
from milepost.submissions.models import Submission, SubmissionStatus

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture
def chicago(settings):
    settings.TIME_ZONE = "America/Chicago"
    settings.MILEPOST_DIGEST_HOUR = 7
    timezone.activate(CHICAGO)
    yield
    timezone.deactivate()


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=CHICAGO)


def _received(submission, when, **fields):
    Submission.objects.filter(pk=submission.pk).update(received_at=when, **fields)
    submission.refresh_from_db()
    return submission


def test_nobody_gets_a_digest_until_they_ask(editor, submission, chicago):
    mail.outbox.clear()
    assert desk_digests_send(_at(5, 8)) == 0
    assert mail.outbox == []


def test_the_digest_goes_once_a_day_at_the_set_local_hour(editor, submission, chicago):
    _received(submission, _at(4, 20))
    DeskPreference.objects.create(user=editor, daily_digest=True)
    digests = OutgoingEmail.objects.filter(subject__startswith="Milepost digest")

    assert desk_digests_send(_at(5, 6, 59)) == 0  # 12:59 UTC: not yet 7 in Chicago
    assert desk_digests_send(_at(5, 7, 1)) == 1
    assert desk_digests_send(_at(5, 7, 16)) == 0  # the task runs every 15 minutes
    assert desk_digests_send(_at(5, 23, 50)) == 0
    assert desk_digests_send(_at(6, 6, 0)) == 0
    Submission.objects.create(callout=submission.callout, channel="web", received_at=_at(5, 22))
    assert desk_digests_send(_at(6, 7, 5)) == 1  # the next morning
    assert sorted(digests.values_list("subject", flat=True)) == [
        "Milepost digest, December 5",
        "Milepost digest, December 6",
    ]
    assert DeskPreference.objects.get().last_digest_at == _at(6, 7, 5)


def test_the_digest_lists_the_today_lines_and_new_submissions_with_their_status(
    editor, submission, chicago
):
    _received(submission, _at(4, 20), status=SubmissionStatus.DECLINED)
    other = Callout.objects.create(title="Other Roads", slug="other-roads")
    Submission.objects.create(callout=other, channel="web", title="Far", received_at=_at(4, 9))
    Submission.objects.create(
        callout=submission.callout,
        channel="web",
        title="Long ago",
        received_at=_at(1, 9) - timedelta(days=30),
    )
    CalloutEditor.objects.create(user=editor, callout=submission.callout)
    DeskPreference.objects.create(user=editor, daily_digest=True)

    assert desk_digests_send(_at(5, 7)) == 1

    [digest] = OutgoingEmail.objects.filter(subject__startswith="Milepost digest")
    cid = submission.callout.pk
    assert digest.to == "edna@milepost.example"
    assert "- Most Important Mile: 1 new submission since yesterday" in digest.body
    assert f"/admin/submissions/?callout={cid}&received_at_from=2026-12-04" in digest.body
    assert "Most Important Mile: 1 waiting for a decision longer than 14 days" in digest.body
    assert f"?callout={cid}&undecided=true&received_at_to=2026-11-20" in digest.body
    title = title_quoted(submission.shown_title)
    assert f"  {submission.reference} {title} (Declined)" in digest.body
    assert "Other Roads" not in digest.body and "Far" not in digest.body


def test_editors_turn_the_digest_on_in_their_account(editor_client, editor):
    page = editor_client.get("/admin/account/").content.decode()
    assert "Daily digest" in page
    assert not DeskPreference.objects.exists()
    editor_client.post("/admin/account/", _account_form(first_name="Edna", last_name="E"))
    assert DeskPreference.objects.get(user=editor).daily_digest


def test_the_digest_choice_is_saved_though_the_name_is_missing(editor_client, editor):
    editor_client.post("/admin/account/", _account_form(first_name="", last_name=""))
    assert DeskPreference.objects.get(user=editor).daily_digest
    editor.refresh_from_db()
    assert editor.first_name == ""  # the profile's own rule still stands


def _account_form(**names) -> dict:
    return {
        "desk_digest-daily_digest": "on",
        "name_email-first_name": names["first_name"],
        "name_email-last_name": names["last_name"],
        "name_email-email": "edna@milepost.example",
        "locale-preferred_language": "en",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
    }
