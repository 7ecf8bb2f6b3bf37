"""Wagtail's page signals keep a submission and its story in step."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from milepost.core.models import OutgoingEmail
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


def _publication_notices(submission):
    return OutgoingEmail.objects.filter(to=submission.submitter_email, subject__endswith="is live")


def test_scheduling_a_story_tells_the_submitter_nothing_until_it_goes_live(
    editor, submission, client
):
    submission, story = _draft_of_accepted(submission, editor)
    story.go_live_at = timezone.now() + timedelta(minutes=5)
    story.save_revision(user=editor).publish(user=editor)  # "Schedule to publish"

    story.refresh_from_db()
    assert not story.live
    assert client.get(story.url).status_code == 404
    submission.refresh_from_db()
    assert submission.status == "accepted"
    assert not _publication_notices(submission).exists()


def test_a_scheduled_story_is_published_at_its_go_live_time_and_nothing_is_sent_unseen(
    editor, submission, client
):
    submission, story = _draft_of_accepted(submission, editor)
    go_live = timezone.now() + timedelta(minutes=5)
    story.go_live_at = go_live
    story.save_revision(user=editor).publish(user=editor)
    emails_before = OutgoingEmail.objects.count()

    with mock.patch("django.utils.timezone.now", return_value=go_live + timedelta(seconds=1)):
        call_command("publish_scheduled")
        call_command("publish_scheduled")

    story.refresh_from_db()
    assert story.live
    assert client.get(story.url).status_code == 200
    submission.refresh_from_db()
    assert submission.status == "published"
    assert submission.events.filter(action=EventAction.PUBLISHED).count() == 1
    # The editor tells the submitter from the submission's page, having read the notice.
    assert OutgoingEmail.objects.count() == emails_before
