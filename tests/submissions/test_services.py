"""Status changes go through one service that enforces and logs them."""

import pytest
from django.contrib.auth.models import User
from django.core import mail

from milepost.core.exceptions import DomainError
from milepost.core.outbox import outgoing_email_send
from milepost.core.states import InvalidTransition
from milepost.submissions.emails import EmailRefused
from milepost.submissions.models import (
    EventAction,
    SubmissionEmail,
    SubmissionStatus,
    SuppressedAddress,
)
from milepost.submissions.services import (
    submission_decide,
    submission_email_queue,
    submission_note_add,
    submission_transition,
    submission_vote_cast,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return User.objects.create_user("edna", email="edna@milepost.example")


def test_a_transition_is_logged_with_actor_and_time(submission, editor):
    submission_transition(submission, SubmissionStatus.IN_REVIEW, actor=editor, note="reading")
    submission.refresh_from_db()
    assert submission.status == "in_review"
    event = submission.events.get(action=EventAction.IN_REVIEW)
    assert event.actor == editor and event.actor_label == "edna"
    assert event.detail == "Received → In review: reading"
    assert event.at is not None


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        (["withdrawn"], "accepted"),
        (["declined"], "published"),
        (["spam"], "accepted"),
        ([], "published"),
    ],
)
def test_invalid_transitions_are_refused_with_a_clear_message(submission, editor, path, refused):
    for status in path:
        submission_transition(submission, status, actor=editor)
    before = submission.events.count()
    with pytest.raises(InvalidTransition) as refusal:
        submission_transition(submission, refused, actor=editor)
    assert submission.reference in str(refusal.value)
    assert f"cannot become {SubmissionStatus(refused).label.lower()}" in str(refusal.value)
    assert submission.events.count() == before


def test_an_unknown_status_is_refused(submission, editor):
    with pytest.raises(ValueError):
        submission_transition(submission, "lost", actor=editor)


def test_accepting_sends_the_edited_email_to_the_submitter(
    submission, editor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission_decide(
            submission, "accept", subject="Yes!", body="Dear Jane, we will run it.", actor=editor
        )
    submission.refresh_from_db()
    assert submission.status == "accepted"
    [sent] = mail.outbox
    assert sent.to == ["jane@example.com"] and sent.subject == "Yes!"
    assert sent.body == "Dear Jane, we will run it."
    kept = SubmissionEmail.objects.get(submission=submission)
    assert kept.sent_at is not None and kept.written_by == editor and kept.kind == "accept"
    assert submission.events.filter(action=EventAction.EMAIL, detail="Acceptance: Yes!").exists()


def test_spam_stops_all_mail_to_the_sender(submission, editor):
    submission_transition(submission, SubmissionStatus.SPAM, actor=editor)
    with pytest.raises(EmailRefused, match="spam"):
        submission_email_queue(submission, kind="question", subject="Q", body="?", actor=editor)
    assert not SubmissionEmail.objects.exists()


def test_an_email_left_queued_is_not_sent_once_marked_spam(submission, editor, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    email = submission_email_queue(submission, kind="question", subject="Q", body="?", actor=editor)
    submission_transition(submission, SubmissionStatus.SPAM, actor=editor)
    mail.outbox.clear()
    assert outgoing_email_send(email.outgoing.pk) is False
    email.refresh_from_db()
    assert mail.outbox == [] and email.sent_at is None and "spam" in email.suppressed


def test_no_decision_email_goes_to_an_address_that_bounced(
    submission, editor, django_capture_on_commit_callbacks
):
    SuppressedAddress.objects.create(email="Jane@Example.com", reason="bounce")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        email = submission_email_queue(
            submission, kind="question", subject="Q", body="?", actor=editor
        )
    email.refresh_from_db()
    assert mail.outbox == [] and email.sent_at is None and "bounced" in email.suppressed


def test_an_empty_email_is_refused(submission, editor):
    with pytest.raises(EmailRefused):
        submission_email_queue(submission, kind="question", subject=" ", body="x", actor=editor)


def test_notes_and_votes_are_kept_and_a_second_vote_replaces_the_first(submission, editor):
    submission_note_add(submission, author=editor, text="Lovely ending.")
    with pytest.raises(DomainError, match="A note needs some text."):
        submission_note_add(submission, author=editor, text="   ")
    submission_vote_cast(submission, reviewer=editor, choice="maybe")
    submission_vote_cast(submission, reviewer=editor, choice="yes", note="Run it")
    assert submission.notes.get().text == "Lovely ending."
    vote = submission.votes.get()
    assert (vote.choice, vote.note) == ("yes", "Run it")
    assert list(
        submission.events.filter(action=EventAction.VOTE).values_list("detail", flat=True)
    ) == [
        "Maybe",
        "Yes",
    ]
