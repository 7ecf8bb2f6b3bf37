"""What a submission's history can say."""

from milepost.submissions.models import EventAction, SubmissionStatus


def test_every_status_a_submission_can_become_is_an_action_of_its_history():
    assert {EventAction(status) for status in SubmissionStatus} == {
        EventAction.RECEIVED,
        EventAction.IN_REVIEW,
        EventAction.ACCEPTED,
        EventAction.PUBLISHED,
        EventAction.DECLINED,
        EventAction.WITHDRAWN,
        EventAction.SPAM,
    }
