"""Emails editors write to a submitter: filled from the callout's templates, then sent by a task.

`services.submission_email_queue` keeps each with its full text (`SubmissionEmail`), listed in the
history and on the submitter's status page, and `core.outbox` sends it. A submission marked as
spam is never written to.
"""

from milepost.core.exceptions import DomainError
from milepost.core.links import site_absolute_url
from milepost.core.models import OutgoingEmail

from .acknowledgments import placeholder_values, placeholders_fill
from .models import Submission, SubmissionEmail, SubmissionStatus, SuppressedAddress


class EmailRefused(DomainError):
    """No email may go: the submission is spam, has no address, or the email is empty."""


def submission_email_render(
    submission: Submission, kind: str, *, links: dict[str, str] | None = None
) -> tuple[str, str]:
    """The callout's template for `kind`, with this submission's placeholders filled in;
    `links` fills the publication notice's (`callouts.models.PUBLISHED_LINKS`)."""
    subject, body = submission.callout.decision_template(kind)
    status_link = site_absolute_url(None, submission.get_status_url())
    values = {**placeholder_values(submission, status_link), **(links or {})}
    subject = " ".join(placeholders_fill(subject, values).split())
    return subject[:200], placeholders_fill(body, values)


def outgoing_email_refusal(sender, email: OutgoingEmail, **kwargs) -> str:
    """`core.outbox` asks before each email goes: nothing is sent to a submission marked as
    spam since, nor to an address that bounced or complained."""
    spam = SubmissionStatus.SPAM
    if SubmissionEmail.objects.filter(outgoing=email, submission__status=spam).exists():
        return "The submission was marked as spam before this was sent."
    addresses = [address.lower() for address in email.recipients]
    if SuppressedAddress.objects.filter(email__in=addresses).exists():
        return "The address bounced or complained; nothing more is sent to it."
    return ""
