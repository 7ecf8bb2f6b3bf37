"""The acknowledgment email, from the callout's editable template, sent once per submission."""

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from milepost.callouts.models import (
    DEFAULT_ACKNOWLEDGMENT_SUBJECT,
    SUBJECT_PLACEHOLDERS,
    LatePolicy,
    subject_placeholders_check,
)
from milepost.core.links import site_absolute_url
from milepost.core.outbox import outgoing_email_queue
from milepost.core.personal_data import privacy_notice_current
from milepost.core.quoting import title_quoted

from .events import submission_event_record
from .models import (
    CHECKS_WITHOUT_ACKNOWLEDGMENT,
    CheckCode,
    EventAction,
    Submission,
    SubmissionStatus,
    SuppressedAddress,
)

logger = logging.getLogger(__name__)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")

PHOTO_REQUEST = (
    "\nWe would love a photo to go with your story: of you, or of the place where it happened. "
    "Reply to this email with it attached (one you took, or have permission to share).\n"
)


def _closed_phrase(submission: Submission) -> str:
    callout = submission.callout
    if callout.closes_at and submission.received_at >= callout.closes_at:
        day = date_format(timezone.localtime(callout.closes_at), "j F Y")
        return f"after the deadline for {callout.title}, which closed on {day}"
    return f"after the deadline: {callout.title} had closed to new stories"


def deadline_note(submission: Submission) -> str:
    """The paragraph an acknowledgment adds for a story after the deadline or over the limit
    per address ("" for neither): the story is kept either way, and the submitter hears how."""
    paragraphs = []
    if submission.arrived_late:
        if submission.callout.late_policy == LatePolicy.DECLINE:
            paragraphs.append(
                f"Your story reached us {_closed_phrase(submission)}, so we are not able to "
                "consider it this time. Thank you, warmly, for writing it and for wanting to "
                "share it with us: we hope you will send us a story for one of our open "
                "callouts."
            )
        else:
            paragraphs.append(
                f"Your story reached us {_closed_phrase(submission)}. We have kept it, and "
                "our editors will read it with the others."
            )
    limit = submission.callout.submissions_per_address
    if limit and submission.checks.filter(code=CheckCode.OVER_ADDRESS_LIMIT).exists():
        paragraphs.append(
            f"{submission.callout.title} takes up to {limit} "
            f"{'story' if limit == 1 else 'stories'} from each person, and we already had "
            "that many from this address. We have kept this one too, and our editors will "
            "see that it came over the limit."
        )
    return "".join(f"\n{paragraph}\n" for paragraph in paragraphs)


def _body_fill(template: str, values: dict[str, str]) -> str:
    """The body with its placeholders filled; a deadline note the template has no place for
    goes after the greeting, so no late story is acknowledged as if it were on time."""
    if values["deadline_note"] and "{deadline_note}" not in template:
        greeting, sep, rest = template.partition("\n\n")
        template = f"{greeting}\n{{deadline_note}}\n{rest}" if sep else template + "{deadline_note}"
    return placeholders_fill(template, values)


def placeholders_fill(template: str, values: dict[str, str]) -> str:
    """Replace {name}-style placeholders; anything unknown is left as typed.

    Not str.format: editors write these templates, and format() would let "{name.__class__}"
    reach into Python objects.
    """
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def placeholder_values(submission: Submission, status_link: str) -> dict[str, str]:
    """The placeholders every email to a submitter may use (`callouts.models.PLACEHOLDERS`)."""
    return {
        "first_name": submission.first_name or "reader",
        "title": title_quoted(submission.shown_title),
        "reference": submission.reference,
        "status_link": status_link,
    }


def acknowledgment_render(submission, status_link: str) -> tuple[str, str]:
    callout = submission.callout
    wants_photo = callout.photo_wanted and not submission.photos.exists()
    values = {
        **placeholder_values(submission, status_link),
        "callout": callout.title,
        "photo_request": PHOTO_REQUEST if wants_photo else "",
        "privacy_link": notice.url if (notice := privacy_notice_current()) else "",
        "deadline_note": deadline_note(submission),
    }
    subject_values = {name: values[name] for name in SUBJECT_PLACEHOLDERS}
    subject = " ".join(placeholders_fill(_subject_template(callout), subject_values).split())
    return subject[:200], _body_fill(callout.acknowledgment_body, values)


def _subject_template(callout) -> str:
    try:  # checked on save too; this catches a subject stored before that check existed
        subject_placeholders_check(callout.acknowledgment_subject)
    except ValidationError:
        logger.warning("Callout %s has an unsafe acknowledgment subject", callout.pk)
        return DEFAULT_ACKNOWLEDGMENT_SUBJECT
    return callout.acknowledgment_subject


def _withheld_reason(submission: Submission) -> str:
    """Why this address must not be written to now, or "" when it may."""
    address = submission.submitter_email.strip().lower()
    if SuppressedAddress.objects.filter(email=address).exists():
        return "the address is on the suppression list (it bounced or complained)"
    cap = settings.MILEPOST_ACKNOWLEDGMENTS_PER_ADDRESS_PER_DAY
    sent = Submission.objects.filter(
        submitter_email__iexact=address,
        acknowledged_at__gte=timezone.now() - timedelta(days=1),
    ).count()
    if sent >= cap:
        return f"{sent} acknowledgments went to this address in the last day (the cap is {cap})"
    return ""


def submission_acknowledge(submission_id: int) -> bool:
    """Write the acknowledgment once (`core.outbox` sends it). Returns whether one was written."""
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update()
            .select_related("callout")
            .filter(pk=submission_id)
            .first()
        )
        if submission is None or submission.acknowledged_at or not submission.submitter_email:
            return False
        # Marked as spam before its acknowledgment went (a slow queue, the sweep): no mail.
        if submission.status == SubmissionStatus.SPAM:
            return False
        if submission.checks.filter(code__in=CHECKS_WITHOUT_ACKNOWLEDGMENT).exists():
            return False
        if submission.events.filter(action=EventAction.NOT_ACKNOWLEDGED).exists():
            return False
        if reason := _withheld_reason(submission):
            # Kept, just not answered: the form must not become a way to mail strangers.
            submission_event_record(submission, EventAction.NOT_ACKNOWLEDGED, detail=reason)
            return False
        status_link = site_absolute_url(None, submission.get_status_url())
        subject, body = acknowledgment_render(submission, status_link)
        outgoing_email_queue(
            to=[submission.submitter_email],
            subject=subject,
            body=body,
            headers={"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"},
        )
        submission.acknowledged_at = timezone.now()
        submission.save(update_fields=["acknowledged_at"])
        submission_event_record(
            submission, EventAction.ACKNOWLEDGED, detail=f"to {submission.submitter_email}"
        )
    return True
