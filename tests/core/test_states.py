"""The one status-change helper, on the submission's table (a real model and its real rules)."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connections

from milepost.core.states import InvalidTransition
from milepost.submissions.models import SUBMISSION_STATES, Submission, SubmissionStatus

S = SubmissionStatus


@pytest.fixture
def submission(callout):
    return Submission.objects.create(
        callout=callout, channel="web", received_at=datetime(2026, 5, 1, tzinfo=UTC)
    )


def test_the_table_says_which_status_may_follow_which():
    assert SUBMISSION_STATES.can_become(S.RECEIVED, S.SPAM)
    assert SUBMISSION_STATES.can_become("spam", "received")
    assert not SUBMISSION_STATES.can_become(S.SPAM, S.ACCEPTED)
    assert not SUBMISSION_STATES.can_become(S.WITHDRAWN, S.RECEIVED)


@pytest.mark.django_db
def test_an_allowed_change_is_saved_and_recorded_with_both_statuses(submission):
    recorded = []
    changed = SUBMISSION_STATES.transition(
        submission, "in_review", name="S-1", record=lambda *args: recorded.append(args)
    )
    assert recorded == [(changed, S.RECEIVED, S.IN_REVIEW)]
    submission.refresh_from_db()
    assert submission.status == changed.status == S.IN_REVIEW


@pytest.mark.django_db
def test_a_refused_change_names_the_row_and_both_statuses_and_changes_nothing(submission):
    recorded = []
    SUBMISSION_STATES.transition(submission, S.SPAM, name="S-1", record=lambda *args: None)
    with pytest.raises(InvalidTransition) as refusal:
        SUBMISSION_STATES.transition(
            submission, S.ACCEPTED, name="S-1", record=lambda *args: recorded.append(args)
        )
    assert refusal.value.message == "S-1 is spam; it cannot become accepted."
    assert recorded == []
    submission.refresh_from_db()
    assert submission.status == S.SPAM


@pytest.mark.django_db
def test_a_record_that_fails_undoes_the_change(submission):
    def record(*args):
        raise InvalidTransition("The story cannot be taken down.")

    with pytest.raises(InvalidTransition, match="taken down"):
        SUBMISSION_STATES.transition(submission, S.SPAM, name="S-1", record=record)
    submission.refresh_from_db()
    assert submission.status == S.RECEIVED


def _in_thread(target, outcome: dict) -> threading.Thread:
    def run():
        try:
            outcome["result"] = target()
        except InvalidTransition as refusal:
            outcome["refused"] = refusal.message
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_of_two_changes_at_once_the_second_waits_and_sees_the_first(submission):
    """One editor marks it as spam while another accepts it: the row is locked while it
    changes, so the second reads "spam" once the first commits and is refused, instead of
    both going through on what each read before."""
    first_locked, first_may_commit = threading.Event(), threading.Event()

    def hold(*args):
        first_locked.set()
        first_may_commit.wait(10)

    first, second = {}, {}
    spam = _in_thread(
        lambda: SUBMISSION_STATES.transition(submission, S.SPAM, name="S-1", record=hold), first
    )
    assert first_locked.wait(10)
    accept = _in_thread(
        lambda: SUBMISSION_STATES.transition(
            submission, S.ACCEPTED, name="S-1", record=lambda *args: None
        ),
        second,
    )
    accept.join(1)
    assert accept.is_alive()  # waiting for the first change's lock
    first_may_commit.set()
    spam.join(10)
    accept.join(10)
    assert first["result"].status == S.SPAM
    assert second == {"refused": "S-1 is spam; it cannot become accepted."}
    submission.refresh_from_db()
    assert submission.status == S.SPAM
