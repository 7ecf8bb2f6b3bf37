"""The one intake service: every email channel hands raw bytes to `inbound_message_receive`.

Raw bytes are stored (privately, with their hash) and committed before anything else happens,
so a crash at any later point loses nothing, and re-running finds the stored message instead of
making a second one. Only the same bytes are the same message: a Message-ID is the sender's
claim, and a second message under one is stored and its submission flagged.
"""

import hashlib
import logging
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from email.parser import BytesHeaderParser
from email.policy import default as default_policy

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from milepost.callouts.models import Callout
from milepost.core.personal_data import privacy_notice_current
from milepost.submissions.events import submission_event_record
from milepost.submissions.models import Channel, EventAction, Submission
from milepost.submissions.services import (
    PhotoCandidate,
    SubmissionDraft,
    submission_create,
    submissions_unacknowledged_enqueue,
)

from .email.normalise import (
    HEADER_BLOCK_READ,
    NormalisedMessage,
    header_block_problem,
    normalise_message,
)
from .models import InboundMessage, InboundState
from .routing import callout_for_email, title_from_subject

logger = logging.getLogger(__name__)

_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


class Outcome(models.TextChoices):
    """What became of one message; the label is what a summary counts ("3 submissions")."""

    SUBMISSION = "submission", "submissions"
    DUPLICATE = "duplicate", "duplicates"
    UNROUTED = "unrouted", "unrouted"
    FAILED = "failed", "failed"


@dataclass(frozen=True)
class IntakeResult:
    outcome: str
    inbound_message: InboundMessage | None = None
    submission: Submission | None = None
    error: str = ""

    @property
    def message_id(self) -> str:
        return self.inbound_message.message_id if self.inbound_message else ""


def inbound_message_receive(
    raw: bytes, *, channel: str, source: str = "", callout: Callout | None = None
) -> IntakeResult:
    message, is_new = inbound_message_store(raw, channel=channel, source=source)
    if not is_new and message.state == InboundState.UNROUTED and callout is not None:
        return inbound_message_route(message, callout, actor_label="import with --callout")
    if not is_new and message.state in (InboundState.PROCESSED, InboundState.UNROUTED):
        return IntakeResult(Outcome.DUPLICATE, message, _submission_of(message))
    # New, or stored by a run that crashed or failed before finishing: process it now.
    return inbound_message_process(message, callout=callout)


def inbound_message_store(
    raw: bytes, *, channel: str, source: str = ""
) -> tuple[InboundMessage, bool]:
    """Store the raw bytes unless these very bytes are already here."""
    digest = hashlib.sha256(raw).hexdigest()
    existing = InboundMessage.objects.filter(sha256=digest).first()
    if existing:
        return existing, False
    headers = _headers_peek(raw)
    message = InboundMessage(
        sha256=digest,
        size=len(raw),
        message_id=headers["message_id"],
        channel=channel,
        source=source[:500],
        received_at=timezone.now(),
        from_header=headers["from"][:500],
        subject=headers["subject"][:500],
    )
    try:
        with transaction.atomic():
            message.raw.save("raw.eml", ContentFile(raw), save=False)
            message.save()
    except IntegrityError:  # another worker stored the same bytes a moment ago
        return InboundMessage.objects.get(sha256=digest), False
    return message, True


def _headers_peek(raw: bytes) -> dict[str, str]:
    """Just enough of the headers to recognise and list the message; never raises."""
    try:
        headers = BytesHeaderParser(policy=default_policy).parsebytes(raw[: 256 * 1024])
    except Exception:  # noqa: BLE001  (a header we cannot read must not stop the message being kept)
        headers = None
    values = {name: _header_text(headers, name) for name in ("message-id", "from", "subject")}
    return {
        "message_id": values.get("message-id", "").strip().strip("<>").strip()[:998],
        "from": " ".join(values.get("from", "").split()),
        "subject": " ".join(values.get("subject", "").split()),
    }


def _header_text(headers, name: str) -> str:
    """One header's text, "" if it cannot be read: one bad header must not cost the others."""
    if headers is None:
        return ""
    try:
        text = str(headers.get(name, "") or "")
    except Exception:  # noqa: BLE001  (e.g. a From hiding CR LF in an encoded word)
        return ""
    # Control characters (NUL above all, which PostgreSQL refuses) are no part of a listing.
    return _CONTROL_CHARS.sub(" ", text)


def _submission_of(message: InboundMessage) -> Submission | None:
    return Submission.objects.filter(inbound_message=message).first()


def inbound_message_process(
    message: InboundMessage, *, callout: Callout | None = None
) -> IntakeResult:
    existing = _submission_of(message)
    if existing:
        _state_set(message, InboundState.PROCESSED)
        return IntakeResult(Outcome.DUPLICATE, message, existing)
    InboundMessage.objects.filter(pk=message.pk).update(attempts=message.attempts + 1)
    try:
        with transaction.atomic():
            return _process(message, callout)
    except Exception as error:
        logger.exception("Inbound message %s failed", message.pk)
        text = f"{type(error).__name__}: {error}"[:2000]
        _state_set(message, InboundState.FAILED, error=text)
        return IntakeResult(Outcome.FAILED, message, None, text)


def inbound_message_route(
    message: InboundMessage, callout: Callout, *, actor=None, actor_label: str = ""
) -> IntakeResult:
    """Make the submission a stored unrouted (or failed) message should have had, for `callout`.

    An editor (`actor`) or a command (`actor_label`) decides where it belongs; the history of
    the submission says who. A message that already has its submission is a duplicate.
    """
    with transaction.atomic():
        result = inbound_message_process(message, callout=callout)
        if result.outcome == Outcome.SUBMISSION:
            submission_event_record(
                result.submission,
                EventAction.ROUTED,
                actor=actor,
                actor_label=actor_label,
                detail=f"to {callout.title}",
            )
    return result


def _process(message: InboundMessage, callout: Callout | None) -> IntakeResult:
    deadline = time.monotonic() + settings.MILEPOST_MESSAGE_DEADLINE_SECONDS
    if message.size > settings.MILEPOST_MAX_MESSAGE_BYTES:
        raise ValueError(
            f"the message is {message.size / 2**20:.0f} MB, over the "
            f"{settings.MILEPOST_MAX_MESSAGE_BYTES / 2**20:.0f} MB limit; it is kept as received"
        )
    with message.raw.open("rb") as raw_file:
        # Checked on the first megabyte alone: a huge header block is not even read whole.
        if too_large := header_block_problem(raw_file.read(HEADER_BLOCK_READ)):
            raise ValueError(f"{too_large}; it is kept as received")
        raw_file.seek(0)
        normalised = normalise_message(raw_file.read())
    callout = callout or callout_for_email(normalised.subject, normalised.to_addresses)
    if callout is None:
        _state_set(message, InboundState.UNROUTED)
        return IntakeResult(Outcome.UNROUTED, message)
    submission = submission_create(_draft_from_email(normalised, callout, message, deadline))
    _state_set(message, InboundState.PROCESSED)
    return IntakeResult(Outcome.SUBMISSION, message, submission)


def _draft_from_email(
    normalised: NormalisedMessage, callout: Callout, message: InboundMessage, deadline: float
) -> SubmissionDraft:
    sign_off = normalised.sign_off
    return SubmissionDraft(
        callout=callout,
        channel=message.channel,
        submitter_name=normalised.from_name or (sign_off.name if sign_off else ""),
        submitter_email=normalised.from_address,
        submitter_age=sign_off.age if sign_off else None,
        submitter_city=sign_off.city if sign_off else "",
        submitter_region=sign_off.region if sign_off else "",
        title=title_from_subject(normalised.subject, callout),
        story_text=normalised.body_text,
        photos=[
            PhotoCandidate(filename=attachment.filename, data=attachment.payload)
            for attachment in normalised.attachments
        ],
        auto_generated_reason=normalised.auto_generated_reason,
        sender_problem=normalised.from_problem,
        inbound_message_id=message.pk,
        received_at=message.received_at,
        deadline=deadline,
        same_message_id_as=_other_with_message_id(message),
    )


def _other_with_message_id(message: InboundMessage) -> Submission | None:
    """The earliest submission from another message that claims this one's Message-ID."""
    if not message.message_id:
        return None
    return (
        Submission.objects.filter(inbound_message__message_id=message.message_id)
        .exclude(inbound_message=message)
        .order_by("received_at", "pk")
        .first()
    )


def _state_set(message: InboundMessage, state: str, *, error: str = "") -> None:
    message.state = state
    message.error = error
    message.processed_at = timezone.now()
    InboundMessage.objects.filter(pk=message.pk).update(
        state=state, error=error, processed_at=message.processed_at
    )


def inbound_messages_retry(
    *, states=(InboundState.FAILED,), older_than=timedelta(0), ids=()
) -> list[IntakeResult]:
    """Process again what failed, or what a crashed worker left stored but unprocessed."""
    cutoff = timezone.now() - older_than
    pending = InboundMessage.objects.filter(state__in=states, received_at__lte=cutoff)
    if ids:
        pending = pending.filter(pk__in=ids)
    return [inbound_message_process(message) for message in pending.order_by("pk").iterator()]


def intake_sweep(*, grace=timedelta(minutes=5)) -> dict[str, int]:
    """Find work a crashed worker left behind: unprocessed mail, unsent acknowledgments."""
    retried = inbound_messages_retry(states=(InboundState.RECEIVED,), older_than=grace)
    return {
        "reprocessed": len(retried),
        "acknowledgments": submissions_unacknowledged_enqueue(grace),
    }


def web_submission_receive(callout: Callout, form) -> Submission:
    """Store what a valid `WebSubmissionForm` holds, as a submission."""
    data = form.cleaned_data
    return submission_create(
        SubmissionDraft(
            callout=callout,
            channel=Channel.WEB,
            submitter_name=data["name"],
            submitter_email=data["email"],
            submitter_age=data["age"],
            submitter_city=data["city"],
            submitter_region=data["region"],
            naming=data["naming"],
            title=data["title"],
            story_text=data["story"],
            photos=form.photo_candidates,
            consents=form.consents_given(),
            notice_version=notice.version if (notice := privacy_notice_current()) else "",
        )
    )
