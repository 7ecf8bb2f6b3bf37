"""Emails editors write to a submitter: filled from the callout's templates, then sent by a task.

`services.submission_email_queue` keeps each with its full text (`SubmissionEmail`), listed in the
history and on the submitter's status page. A submission marked as spam is never written to.
"""

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from milepost.core.links import site_absolute_url

from .acknowledgments import placeholders_fill
from .models import Submission, SubmissionEmail, SubmissionStatus, SuppressedAddress


class EmailRefused(Exception):
    pass


def submission_email_render(
    submission: Submission, kind: str, *, story_link: str = ""
) -> tuple[str, str]:
    """The callout's template for `kind`, with this submission's placeholders filled in."""
    subject, body = submission.callout.decision_template(kind)
    values = {
        "first_name": submission.first_name or "reader",
        "title": submission.title or "your story",
        "status_link": site_absolute_url(None, submission.get_status_url()),
        "story_link": story_link,
    }
    subject = " ".join(placeholders_fill(subject, values).split())
    return subject[:200], placeholders_fill(body, values)


def _send_refusal(email: SubmissionEmail) -> str:
    if email.submission.status == SubmissionStatus.SPAM:
        return "The submission was marked as spam before this was sent."
    if SuppressedAddress.objects.filter(email=email.to.strip().lower()).exists():
        return "The address bounced or complained; nothing more is sent to it."
    return ""


def submission_email_send(email_id: int) -> bool:
    """Send one kept email, once. Returns whether it went now."""
    with transaction.atomic():
        email = (
            SubmissionEmail.objects.select_for_update()
            .select_related("submission")
            .filter(pk=email_id, sent_at__isnull=True, suppressed="")
            .first()
        )
        if email is None:
            return False
        refusal = _send_refusal(email)
        if refusal:
            email.suppressed = refusal
            email.save(update_fields=["suppressed"])
            return False
        EmailMessage(subject=email.subject, body=email.body, to=[email.to]).send()
        email.sent_at = timezone.now()
        email.save(update_fields=["sent_at"])
    return True
