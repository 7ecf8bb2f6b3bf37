"""The acknowledgment email, from the callout's editable template, sent once per submission."""

import re

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from milepost.core.links import site_absolute_url

from .events import submission_event_record
from .models import CheckCode, Submission

_PLACEHOLDER = re.compile(r"\{(\w+)\}")

PHOTO_REQUEST = (
    "\nWe would love a photo to go with your story: of you, or of the place where it happened. "
    "Reply to this email with it attached (one you took, or have permission to share).\n"
)


def fill_placeholders(template: str, values: dict[str, str]) -> str:
    """Replace {name}-style placeholders; anything unknown is left as typed.

    Not str.format: editors write these templates, and format() would let "{name.__class__}"
    reach into Python objects.
    """
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def acknowledgment_render(submission, status_link: str) -> tuple[str, str]:
    callout = submission.callout
    wants_photo = callout.photo_wanted and not submission.photos.exists()
    values = {
        "name": submission.submitter_name or "reader",
        "title": submission.title or "your story",
        "callout": callout.title,
        "reference": submission.reference,
        "status_link": status_link,
        "photo_request": PHOTO_REQUEST if wants_photo else "",
    }
    subject = " ".join(fill_placeholders(callout.acknowledgment_subject, values).split())
    return subject[:200], fill_placeholders(callout.acknowledgment_body, values)


def submission_acknowledge(submission_id: int) -> bool:
    """Send the acknowledgment email once. Returns whether one was sent now."""
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update()
            .select_related("callout")
            .filter(pk=submission_id)
            .first()
        )
        if submission is None or submission.acknowledged_at or not submission.submitter_email:
            return False
        if submission.checks.filter(code=CheckCode.AUTO_GENERATED_MAIL).exists():
            return False
        status_link = site_absolute_url(None, submission.get_status_url())
        subject, body = acknowledgment_render(submission, status_link)
        EmailMessage(
            subject=subject,
            body=body,
            to=[submission.submitter_email],
            headers={"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"},
        ).send()
        submission.acknowledged_at = timezone.now()
        submission.save(update_fields=["acknowledged_at"])
        submission_event_record(
            submission, "acknowledged", detail=f"to {submission.submitter_email}"
        )
    return True
