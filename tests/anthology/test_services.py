from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from milepost.anthology.emails import book_permission_reminders_send
from milepost.anthology.models import BookPermission, EntryStatus
from milepost.anthology.services import (
    book_permission_grant,
    book_permission_request,
    entry_shortlist,
    entry_transition,
)
from milepost.core.states import InvalidTransition


def test_shortlisting_twice_keeps_one_entry_and_logs_it(anthology, story, editor):
    first = entry_shortlist(anthology, story=story, actor=editor)
    again = entry_shortlist(anthology, submission=story.submission, actor=editor)
    assert first == again
    assert anthology.entries.count() == 1
    assert [(e.to_status, e.actor) for e in first.events.all()] == [("shortlisted", editor)]


def test_transitions_are_enforced_and_logged(entry, editor):
    with pytest.raises(InvalidTransition, match="cannot become final"):
        entry_transition(entry, EntryStatus.FINAL, actor=editor)
    entry_transition(entry, EntryStatus.PERMISSION_REQUESTED, actor=editor)
    entry_transition(entry, EntryStatus.PERMISSION_GRANTED, actor_label="contributor")
    entry.refresh_from_db()
    assert entry.status == "permission_granted"
    log = [(e.from_status, e.to_status, e.actor, e.actor_label) for e in entry.events.all()]
    assert log[1:] == [
        ("shortlisted", "permission_requested", editor, ""),
        ("permission_requested", "permission_granted", None, "contributor"),
    ]


def test_a_draft_story_cannot_be_shortlisted(anthology, story_index):
    from tests.factories import story_create

    draft = story_create(story_index, title="Unpublished", publish=False)
    with pytest.raises(InvalidTransition, match="not published"):
        entry_shortlist(anthology, story=draft)


def test_permission_request_emails_the_private_link(entry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        permission = book_permission_request(entry)
    (email,) = mail.outbox
    assert email.to == ["jane@example.com"]
    assert f"/your-book-permission/{permission.token}/" in email.body
    assert permission.wording in email.body
    assert "The hill was steep & long." in permission.text
    assert len(permission.snapshot_hash) == 64


def test_reminder_goes_once_after_the_delay_not_before(
    entry, settings, django_capture_on_commit_callbacks
):
    settings.MILEPOST_BOOK_PERMISSION_REMINDER_DAYS = 7
    permission = book_permission_request(entry)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # kept, then sent by its task
        assert book_permission_reminders_send(timezone.now() + timedelta(days=6)) == 0
        assert book_permission_reminders_send(timezone.now() + timedelta(days=8)) == 1
        assert book_permission_reminders_send(timezone.now() + timedelta(days=9)) == 0
    (reminder,) = mail.outbox
    assert reminder.subject.startswith("Reminder:")
    assert permission.token in reminder.body


def test_no_reminder_after_an_answer(entry):
    permission = book_permission_request(entry)
    book_permission_grant(permission, name="Jane Doe", address="127.0.0.1")
    mail.outbox.clear()
    assert book_permission_reminders_send(timezone.now() + timedelta(days=30)) == 0
    assert BookPermission.objects.get().reminded_at is None
