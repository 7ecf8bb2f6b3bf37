"""The right of access: the ZIP holds a readable summary, every record, the photos and raw mail."""

import json
import os
import stat
import zipfile

import pytest
from django.core.management import CommandError, call_command

from milepost.privacy.exports import person_data_export
from milepost.privacy.selectors import person_data_get
from tests.privacy.conftest import EMAIL, NAME

pytestmark = pytest.mark.django_db


def test_the_zip_holds_summary_records_photos_and_raw_emails(person, tmp_path):
    person.approval_byline = f"Harbour runner {NAME}"
    person.approval_captions = [f"{NAME} at the harbour wall"]
    person.save(update_fields=["approval_byline", "approval_captions"])
    path = person_data_export(person_data_get(EMAIL.title()), tmp_path)

    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        assert names[:2] == ["data.json", "emails/" + names[1].split("/")[1]]
        assert [n for n in names if n.startswith("photos/")] == [
            f"photos/{person.reference}-1.jpeg"
        ]
        assert len([n for n in names if n.endswith(".eml")]) == 2
        assert archive.read(f"photos/{person.reference}-1.jpeg") == person.photos.get().file.read()
        emails = [archive.read(n) for n in names if n.endswith(".eml")]
        assert person.inbound_message.raw.open("rb").read() in emails
        summary = archive.read("summary.html").decode()
        assert NAME in summary and person.reference in summary and "counting gulls" in summary
        data = json.loads(archive.read("data.json"))
    (submission,) = data["submissions"]
    assert submission["email"] == EMAIL and submission["name"] == NAME
    assert submission["approval"]["byline"] == f"Harbour runner {NAME}"
    assert submission["approval"]["captions"] == [f"{NAME} at the harbour wall"]
    assert [note["text"] for note in submission["notes"]] == [f"Call {NAME} about the gulls"]
    assert [vote["choice"] for vote in submission["votes"]] == ["yes"]
    assert [email["kind"] for email in submission["emails"]] == ["accept", "published"]
    assert data["stories"][0]["live"] is True
    assert {m["subject"] for m in data["raw_emails"]} == {
        "hello?",
        "Most Important Mile: The harbour wall",
    }


def test_the_command_writes_the_zip_and_refuses_an_unknown_address(person, tmp_path, capsys):
    old_umask = os.umask(0o022)  # the usual umask, which would give 0644
    try:
        call_command("submitter_export", EMAIL, "--out", str(tmp_path / "out"))
    finally:
        os.umask(old_umask)
    (path,) = (tmp_path / "out").glob("*.zip")
    assert str(path) in capsys.readouterr().out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds the person's data
    with pytest.raises(CommandError, match="Nothing is held about nobody@example.org"):
        call_command("submitter_export", "nobody@example.org", "--out", str(tmp_path))


def test_the_erase_command_lists_what_goes_and_keeps_a_story_with_a_reason(person, capsys):
    story = person.story
    call_command(
        "submitter_erase", EMAIL, "--keep-story", str(story.pk), "--reason", "In the book", "--yes"
    )
    out = capsys.readouterr().out
    assert person.reference in out and f"story {story.pk}" in out and "kept" in out
    story.refresh_from_db()
    assert story.live and story.submission is None
    assert person_data_get(EMAIL).is_empty


def test_the_erase_command_without_yes_stops_unless_confirmed(person, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing was erased"):
        call_command("submitter_erase", EMAIL)
    assert not person_data_get(EMAIL).is_empty
