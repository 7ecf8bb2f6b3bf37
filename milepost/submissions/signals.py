"""Hooks for higher layers: they connect here instead of being imported from below."""

from django.dispatch import Signal

# Sent in the transaction of a status change: sender=Submission, submission, from_status,
# to_status, actor. The desk unpublishes a withdrawn submission's story and tells editors.
submission_status_changed = Signal()
