"""export_submissions: JSON and CSV records."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from milepost.callouts.models import Callout
from milepost.intake.services import inbound_message_receive
from milepost.submissions.models import Submission
from tests.intake.mail import story_email

pytestmark = pytest.mark.django_db


def export(*args) -> str:
    out = StringIO()
    call_command("export_submissions", *args, stdout=out)
    return out.getvalue()


def test_export_json(submission, callout):
    duplicate = inbound_message_receive(
        story_email(body=submission.story_text), channel="import"
    ).submission
    records = json.loads(export("--format", "json"))
    assert [record["id"] for record in records] == [submission.pk, duplicate.pk]
    first, second = records
    assert set(first) >= {
        "id",
        "callout",
        "channel",
        "status",
        "received_at",
        "name",
        "email",
        "title",
        "word_count",
        "checks",
        "duplicate_of",
        "message_id",
        "photos",
    }
    assert first["callout"] == "most-important-mile"
    assert first["message_id"] == submission.inbound_message.message_id
    assert first["photos"] == [
        {
            "width": 2400,
            "height": 1600,
            "format": "jpeg",
            "original_format": "jpeg",
            "has_metadata": False,
            "print_ready": True,
        }
    ]
    assert second["checks"] == ["possible_duplicate"]
    assert second["duplicate_of"] == submission.pk


def test_export_csv_defuses_formulas(callout):
    inbound_message_receive(
        story_email(subject='Most Important Mile: =HYPERLINK("http://evil")'), channel="import"
    )
    rows = list(csv.DictReader(StringIO(export("--format", "csv"))))
    assert rows[0]["title"].startswith("'=")
    assert json.loads(rows[0]["photos"])[0]["print_ready"] is True


def test_export_filters_by_callout(submission):
    other = Callout.objects.create(title="First Race", slug="first-race", prompt="?")
    assert json.loads(export("--callout", other.slug)) == []
    assert len(json.loads(export("--callout", "most-important-mile"))) == 1
    with pytest.raises(CommandError):
        export("--callout", "nope")
    assert Submission.objects.count() == 1
