"""Wagtail's page signals keep a submission and its story in step."""

from datetime import timedelta

import pytest
from django.utils import timezone

from milepost.desk.services import story_draft_create
from milepost.desk.tasks import publish_scheduled
from milepost.submissions.models import EventAction, SubmissionStatus
from milepost.submissions.services import submission_transition, submission_withdraw

pytestmark = pytest.mark.django_db


def _draft_of_accepted(submission, editor):
    """The accepted submission's story draft, ready to publish (its photo described)."""
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=editor)
    story = story_draft_create(submission, actor=editor)
    story.photos.update(alt_text="A runner")
    return submission, story


def _scheduled_a_minute_ago(story, editor) -> None:
    revision = story.save_revision(user=editor)
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()


def test_a_story_scheduled_before_its_withdrawal_is_taken_down_when_it_goes_live(
    editor, submission
):
    submission, story = _draft_of_accepted(submission, editor)
    _scheduled_a_minute_ago(story, editor)
    submission_withdraw(submission)

    publish_scheduled.enqueue()  # the test settings run tasks immediately

    story.refresh_from_db()
    assert not story.live
    submission.refresh_from_db()
    assert submission.status == "withdrawn"
    event = submission.events.get(action=EventAction.UNPUBLISHED)
    assert event.detail == f"{story.title}: the submitter withdrew the story"


def test_a_story_in_review_when_it_was_withdrawn_does_not_stay_live_once_approved(
    editor, submission
):
    submission, story = _draft_of_accepted(submission, editor)
    story.save_revision(user=editor)
    workflow_state = story.get_workflow().start(story, editor)
    submission_withdraw(submission)

    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, editor, "approve")

    story.refresh_from_db()
    assert not story.live
    assert submission.events.filter(action=EventAction.UNPUBLISHED).exists()


def test_a_scheduled_story_the_submitter_has_not_approved_does_not_stay_live(editor, submission):
    submission.callout.submitter_approval = True
    submission.callout.save()
    submission, story = _draft_of_accepted(submission, editor)
    _scheduled_a_minute_ago(story, editor)

    publish_scheduled.enqueue()

    story.refresh_from_db()
    assert not story.live
    submission.refresh_from_db()
    assert submission.status == "accepted"
    event = submission.events.get(action=EventAction.UNPUBLISHED)
    assert event.detail == f"{story.title}: the submitter's approval of this edit is awaited"
