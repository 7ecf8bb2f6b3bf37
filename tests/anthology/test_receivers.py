"""A book's entries in privacy's find and erasure: found by the contributor's address, erased
with their story unless an editor keeps the story."""

from pathlib import Path

import pytest
from django.conf import settings

from milepost.anthology.models import AnthologyEntry, AnthologyExport, BookPermission, ExportStatus
from milepost.anthology.services import anthology_export_create, book_permission_record
from milepost.privacy.selectors import person_data_get
from milepost.privacy.services import KeptStory, person_data_erase_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(entry, editor):
    book_permission_record(entry, name="Jane Doe", actor=editor)
    return entry


def test_the_entry_is_found_with_the_persons_data(granted):
    found = person_data_get("JANE@example.com")

    [record] = [r for r in found.other if r.kind == "anthology entry"]
    assert "Miles That Mattered" in record.label
    assert record.data["permissions"][0]["name_typed"] == "Jane Doe"


def test_erasing_the_person_removes_the_entry_and_its_permission(granted, editor):
    record = person_data_erase_all("jane@example.com", actor=editor)

    assert not AnthologyEntry.objects.exists() and not BookPermission.objects.exists()
    assert record.other == ["anthology: 1 entries removed, 0 kept with their story"]


def test_a_kept_story_keeps_its_place_in_the_book(granted, story, editor):
    keep = (KeptStory(page_id=story.pk, reason="Printed in Miles That Mattered"),)

    person_data_erase_all("jane@example.com", actor=editor, keep=keep)

    entry = AnthologyEntry.objects.get()
    assert entry.story_id == story.pk and entry.submission_id is None
    assert entry.permissions.get().granted_name == "Jane Doe"


def test_a_shortlisted_submission_is_printed_as_its_story_once_published(
    anthology, editor, story_index
):
    from milepost.anthology.services import entry_shortlist
    from milepost.desk.services import story_draft_create
    from milepost.intake.services import inbound_message_receive
    from milepost.submissions.models import Submission, SubmissionStatus
    from tests.intake.mail import story_email

    submission = inbound_message_receive(story_email(), channel="import").submission
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.ACCEPTED)
    submission.refresh_from_db()
    entry = entry_shortlist(anthology, submission=submission, actor=editor)
    page = story_draft_create(submission, actor=editor)
    page.title = "The edited title"
    page.save_revision(user=editor).publish()

    entry.refresh_from_db()
    assert entry.story_id == page.pk and entry.submission_id is None
    assert entry.title == "The edited title"


def test_erasure_outranks_a_final_book(final_book, editor, django_capture_on_commit_callbacks):
    """The lock keeps editors from changing a printed book, not a person from being erased: the
    final DOCX that printed their story goes too."""
    (final_docx,) = AnthologyExport.objects.filter(anthology=final_book)
    with django_capture_on_commit_callbacks(execute=True):
        person_data_erase_all("jane@example.com", actor=editor)

    assert [entry.title for entry in final_book.entries.all()] == ["The bridge"]
    final_book.refresh_from_db()
    assert final_book.final_at is not None
    assert not final_docx.file.storage.exists(final_docx.file.name)


def _private_files_holding(needle: bytes) -> list[str]:
    return [
        str(path)
        for path in Path(settings.PRIVATE_ROOT).rglob("*")
        if path.is_file() and needle in path.read_bytes()
    ]


def test_exports_that_printed_the_person_go_with_them(
    granted, editor, client, django_capture_on_commit_callbacks
):
    """The contributors' list holds the address, the book files the story: they must not stay
    in private storage after the person is erased."""
    contributors = anthology_export_create(
        granted.anthology, fmt="contributors", draft=True, run_now=True
    )
    assert _private_files_holding(b"jane@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        record = person_data_erase_all("jane@example.com", actor=editor)

    assert _private_files_holding(b"jane@example.com") == []
    contributors.refresh_from_db()
    assert contributors.status == ExportStatus.ERASED and not contributors.file
    assert record.other == [
        "anthology: 1 entries removed, 0 kept with their story, 1 exports removed"
    ]
    client.force_login(editor)
    page = client.get(f"/admin/anthology/{granted.anthology.pk}/").content.decode()
    assert "Removed: it held a person&#x27;s erased data" in page
    download = client.get(f"/admin/anthology/exports/{contributors.pk}/download/")
    assert download.status_code == 404


def test_a_kept_story_keeps_the_exports_that_print_it(
    granted, story, editor, django_capture_on_commit_callbacks
):
    export = anthology_export_create(
        granted.anthology, fmt="contributors", draft=True, run_now=True
    )
    keep = (KeptStory(page_id=story.pk, reason="Printed in Miles That Mattered"),)

    with django_capture_on_commit_callbacks(execute=True):
        person_data_erase_all("jane@example.com", actor=editor, keep=keep)

    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.file.storage.exists(export.file.name)
