"""A book's entries in privacy's find and erasure: found by the contributor's address, erased
with their story unless an editor keeps the story."""

import pytest

from milepost.anthology.models import AnthologyEntry, BookPermission
from milepost.anthology.services import book_permission_record
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


def test_erasure_outranks_a_final_book(final_book, editor):
    """The lock keeps editors from changing a printed book, not a person from being erased."""
    person_data_erase_all("jane@example.com", actor=editor)

    assert [entry.title for entry in final_book.entries.all()] == ["The bridge"]
    final_book.refresh_from_db()
    assert final_book.final_at is not None
