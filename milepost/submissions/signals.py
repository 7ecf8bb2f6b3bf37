"""Hooks for higher layers: they connect here instead of being imported from below."""

from django.dispatch import Signal

# Sent in the transaction of a status change: sender=Submission, submission, from_status,
# to_status, actor. The desk unpublishes a withdrawn submission's story and tells editors.
submission_status_changed = Signal()

# Sent in the transaction of the submitter's answer to a request to approve the edit:
# sender=Submission, submission, approved, message. The desk tells the editors.
submission_approval_answered = Signal()

# Sent by `selectors.submission_live_url_get`: sender=Submission, submission. A receiver returns
# where the submission's story is live ("" if nowhere), so the status page links to it.
submission_live_url_asked = Signal()

# Sent in the transaction of a published story's submitter asking to be named another way:
# sender=Submission, submission. The desk tells the editors, who apply it to the story.
submission_naming_change_asked = Signal()
