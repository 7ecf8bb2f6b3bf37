"""The audit trail: every service that changes a submission records who did what here."""

from .models import EventAction, SubmissionEvent


def submission_event_record(
    submission, action: EventAction, *, actor=None, actor_label="", detail=""
):
    label = actor_label or (actor.get_username() if actor else "system")
    return SubmissionEvent.objects.create(
        submission=submission, action=action, actor=actor, actor_label=label, detail=detail
    )
