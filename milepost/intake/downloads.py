"""Who read an email as received: every download of the raw bytes is recorded where editors look."""

from wagtail.log_actions import log

from milepost.submissions.events import submission_event_record
from milepost.submissions.models import EventAction, Submission

from .models import InboundMessage

RAW_EMAIL_DOWNLOADED = "milepost.raw_email_downloaded"


def inbound_message_download_record(message: InboundMessage, *, user) -> None:
    """Notes the download in the message's history and, when it made one, the submission's."""
    log(instance=message, action=RAW_EMAIL_DOWNLOADED, user=user)
    try:
        submission = message.submission
    except Submission.DoesNotExist:
        return  # unrouted or failed mail: the message's own history is the only record
    submission_event_record(submission, EventAction.RAW_EMAIL_DOWNLOADED, actor=user)
