"""Writes for submissions. Every channel ends in `submission_create`."""

import hashlib
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from milepost.callouts.models import Callout, LatePolicy
from milepost.core.exceptions import DomainError
from milepost.core.outbox import outgoing_email_queue
from milepost.core.personal_data import privacy_notice_current
from milepost.core.states import InvalidTransition
from milepost.photos.masters import (
    MasterPhoto,
    PhotoRejected,
    photo_is_print_ready,
    photo_master_make,
)

from . import tasks
from .bylines import Naming
from .emails import EmailRefused
from .events import submission_event_record
from .models import (
    CHECKS_WITHOUT_ACKNOWLEDGMENT,
    SUBMISSION_STATES,
    ApprovalState,
    CheckCode,
    Consent,
    EventAction,
    Submission,
    SubmissionCheck,
    SubmissionEmail,
    SubmissionNote,
    SubmissionPhoto,
    SubmissionStatus,
    SubmissionVote,
    SuppressedAddress,
    VoteChoice,
)
from .signals import (
    submission_approval_answered,
    submission_naming_change_asked,
    submission_status_changed,
)
from .words import story_word_count

logger = logging.getLogger(__name__)


@dataclass
class PhotoCandidate:
    """One file the submitter sent, before it is checked. `master` when already made."""

    filename: str
    data: bytes
    caption: str = ""
    alt_text: str = ""
    master: MasterPhoto | None = None


@dataclass
class SubmissionDraft:
    callout: Callout
    channel: str
    submitter_name: str = ""
    submitter_email: str = ""
    submitter_age: int | None = None
    submitter_city: str = ""
    submitter_region: str = ""
    submitter_country: str = ""
    naming: str = Naming.FULL_NAME
    title: str = ""
    story_text: str = ""
    photos: list[PhotoCandidate] = field(default_factory=list)
    consents: dict[str, str] = field(default_factory=dict)  # kind -> exact wording shown
    notice_version: str = ""  # the privacy notice the consents were given under
    auto_generated_reason: str = ""
    # Why an email's From line gave no address to write to ("" when it gave one).
    sender_problem: str = ""
    inbound_message_id: int | None = None
    received_at: datetime | None = None
    # Another submission whose email claimed the same Message-ID with different bytes.
    same_message_id_as: Submission | None = None
    # time.monotonic() by which the photos must be done, or None for no limit.
    deadline: float | None = None


class DeadlinePassed(DomainError):
    """Making the photos took longer than one message may; nothing of it is kept."""


def story_fingerprint_make(email: str, text: str) -> str:
    words = " ".join(re.findall(r"\w+", text.casefold()))
    return hashlib.sha256(f"{email.strip().lower()}\n{words}".encode()).hexdigest()


@transaction.atomic
def submission_create(draft: SubmissionDraft) -> Submission:
    """Store a story with its photos, consents and checks; acknowledge it after commit."""
    received_at = draft.received_at or timezone.now()
    submission = Submission.objects.create(
        callout=draft.callout,
        channel=draft.channel,
        received_at=received_at,
        arrived_late=draft.callout.late_at(received_at),
        inbound_message_id=draft.inbound_message_id,
        submitter_name=draft.submitter_name[:200],
        submitter_email=draft.submitter_email[:254],
        submitter_age=draft.submitter_age,
        submitter_city=draft.submitter_city[:120],
        submitter_region=draft.submitter_region[:120],
        submitter_country=draft.submitter_country[:120],
        naming=draft.naming,
        title=draft.title[:300],
        story_text=draft.story_text,
        word_count=story_word_count(draft.story_text),
        fingerprint=story_fingerprint_make(draft.submitter_email, draft.story_text)
        if draft.story_text
        else "",
    )
    cap = settings.MILEPOST_MAX_PHOTOS_PER_SUBMISSION
    # Past the cap nothing is decoded: each photo costs seconds and hundreds of MB.
    rejected = _photos_store(submission, draft.photos[:cap], draft.deadline)
    _checks_record(submission, draft, rejected)
    _consents_record(submission, draft.consents, notice_version=draft.notice_version)
    submission_event_record(
        submission, EventAction.RECEIVED, detail=f"by {submission.get_channel_display()}"
    )
    if submission.arrived_late and draft.callout.late_policy == LatePolicy.DECLINE:
        submission = _late_decline(submission)
    if _wants_acknowledgment(submission):
        transaction.on_commit(lambda: _acknowledgment_enqueue(submission.pk))
    return submission


def _late_decline(submission: Submission) -> Submission:
    """Kept and declined at once; the acknowledgment says so, so no decline email follows."""
    return submission_transition(
        submission,
        SubmissionStatus.DECLINED,
        actor_label="the callout’s deadline",
        note="arrived after the deadline; the callout declines late stories",
    )


def _consents_record(
    submission: Submission, consents: dict[str, str], *, notice_version: str
) -> None:
    """Each consent with the exact wording the submitter agreed to."""
    given_at = timezone.now()
    Consent.objects.bulk_create(
        Consent(
            submission=submission,
            kind=kind,
            wording=wording,
            given_at=given_at,
            notice_version=notice_version,
        )
        for kind, wording in consents.items()
    )


@transaction.atomic
def submission_consents_give(submission: Submission, consents: dict[str, str]) -> None:
    """Consents given on the status page (a story sent by email came without any), recorded as
    the web form's are: each kind once, under the privacy notice published now."""
    given = set(submission.consents.values_list("kind", flat=True))
    notice = privacy_notice_current()
    _consents_record(
        submission,
        {kind: wording for kind, wording in consents.items() if kind not in given},
        notice_version=notice.version if notice else "",
    )


def _photos_store(
    submission: Submission, candidates: list[PhotoCandidate], deadline: float | None
) -> list[str]:
    """Keep every usable photo; return a reason for each file that is not one."""
    rejected, seen = [], set()
    for done, candidate in enumerate(candidates):
        if deadline is not None and time.monotonic() > deadline:
            raise DeadlinePassed(
                f"processing took too long: stopped after {done} of {len(candidates)} photos"
            )
        try:
            master = candidate.master or photo_master_make(
                candidate.data,
                max_bytes=settings.MILEPOST_PHOTO_MAX_BYTES,
                max_pixels=settings.MILEPOST_PHOTO_MAX_PIXELS,
            )
        except PhotoRejected as rejection:
            rejected.append(f"{candidate.filename or 'an attachment'}: {rejection.reason}")
            continue
        digest = hashlib.sha256(master.content).hexdigest()
        if digest in seen:  # the same picture inline and attached
            continue
        seen.add(digest)
        _photo_save(submission, candidate, master, digest, position=len(seen))
    return rejected


def _photo_save(
    submission: Submission,
    candidate: PhotoCandidate,
    master: MasterPhoto,
    digest: str,
    *,
    position: int,
) -> SubmissionPhoto:
    """Store one usable photo's master file, what it is, and whether it is big enough to print."""
    photo = SubmissionPhoto(
        submission=submission,
        position=position,
        sha256=digest,
        original_filename=candidate.filename[:255],
        original_format=master.original_format,
        master_format=master.master_format,
        width=master.width,
        height=master.height,
        has_metadata=master.has_metadata,
        print_ready=photo_is_print_ready(
            master.width, master.height, settings.MILEPOST_PRINT_MIN_LONG_EDGE
        ),
        caption=candidate.caption[:500],
        alt_text=candidate.alt_text[:500],
    )
    photo.file.save(
        f"{digest[:16]}{master.file_extension}", ContentFile(master.content), save=False
    )
    photo.save()
    return photo


def _checks_record(submission: Submission, draft: SubmissionDraft, rejected: list[str]) -> None:
    SubmissionCheck.objects.bulk_create(
        SubmissionCheck(
            submission=submission, code=code, message=message[:500], other_submission=other
        )
        for code, message, other in _checks_for(submission, draft, rejected)
    )


def _checks_for(submission: Submission, draft: SubmissionDraft, rejected: list[str]):
    limit = draft.callout.soft_word_limit
    if submission.word_count > limit:
        message = f"{submission.word_count} words, over the {limit}-word guidance."
        yield CheckCode.OVER_WORD_LIMIT, message, None
    yield from _photo_checks(submission, draft, rejected)
    yield from _duplicate_checks(submission, draft)
    yield from _sender_checks(submission, draft)
    yield from _address_limit_checks(submission, draft)


def _address_limit_checks(submission: Submission, draft: SubmissionDraft):
    """More stories from this address than the callout takes from one person."""
    limit = draft.callout.submissions_per_address
    if limit is None or not submission.submitter_email:
        return
    earlier = (
        Submission.objects.filter(
            callout=draft.callout, submitter_email__iexact=submission.submitter_email
        )
        .exclude(pk=submission.pk)
        .exclude(status=SubmissionStatus.SPAM)
        .count()
    )
    if earlier >= limit:
        message = (
            f"Story {earlier + 1} from {submission.submitter_email}; the callout takes "
            f"{limit} per address."
        )
        yield CheckCode.OVER_ADDRESS_LIMIT, message, None


def _photo_checks(submission: Submission, draft: SubmissionDraft, rejected: list[str]):
    """No photo where one was wanted, photos too small to print, attachments refused or left out."""
    photos = list(submission.photos.all())
    if draft.callout.photo_wanted and not photos:
        yield CheckCode.MISSING_PHOTO, "No usable photo came with this story.", None
    min_edge = settings.MILEPOST_PRINT_MIN_LONG_EDGE
    for photo in photos:
        if not photo.print_ready:
            message = f"{photo} is too small to print (needs {min_edge} px on the long edge)."
            yield CheckCode.PHOTO_TOO_SMALL_FOR_PRINT, message, None
    for reason in rejected:
        yield CheckCode.ATTACHMENT_REJECTED, f"Attachment rejected: {reason}", None
    cap = settings.MILEPOST_MAX_PHOTOS_PER_SUBMISSION
    if len(draft.photos) > cap:
        message = (
            f"{len(draft.photos)} attachments came; only the first {cap} were looked at. "
            f"The other {len(draft.photos) - cap} are still in the original message."
        )
        yield CheckCode.PHOTOS_LEFT_OUT, message, None


def _duplicate_checks(submission: Submission, draft: SubmissionDraft):
    earlier = _earlier_same_story(submission)
    if earlier:
        message = f"Same sender and text as {earlier.reference}."
        yield CheckCode.POSSIBLE_DUPLICATE, message, earlier
    other = draft.same_message_id_as
    if other and other != earlier:
        message = f"Same Message-ID as {other.reference}, but a different email."
        yield CheckCode.POSSIBLE_DUPLICATE, message, other


def _sender_checks(submission: Submission, draft: SubmissionDraft):
    """Mail sent by a machine, from an unreadable address, or from one of our own."""
    if draft.auto_generated_reason:
        message = f"Looks automatic: {draft.auto_generated_reason}"
        yield CheckCode.AUTO_GENERATED_MAIL, message, None
    if draft.sender_problem:
        message = f"No acknowledgment was sent: {draft.sender_problem}."
        yield CheckCode.SENDER_ADDRESS_UNREADABLE, message, None
    if owner := _our_address_owner(submission.submitter_email):
        message = (
            f"Sent from {owner} own address ({submission.submitter_email}), "
            "so no acknowledgment was sent to it."
        )
        yield CheckCode.SENT_FROM_OUR_ADDRESS, message, None


def _earlier_same_story(submission: Submission) -> Submission | None:
    if not submission.fingerprint:
        return None
    return (
        Submission.objects.filter(fingerprint=submission.fingerprint)
        .exclude(pk=submission.pk)
        .order_by("received_at", "pk")
        .first()
    )


def _wants_acknowledgment(submission: Submission) -> bool:
    return (
        bool(submission.submitter_email)
        and not submission.checks.filter(code__in=CHECKS_WITHOUT_ACKNOWLEDGMENT).exists()
    )


def _our_address_owner(address: str) -> str:
    """Whose the address is when it is one of ours ("an editor's"), else ""."""
    address = address.strip().lower()
    if not address:
        return ""
    site_addresses = {
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower(),
        parseaddr(settings.SERVER_EMAIL)[1].lower(),
    }
    for callout in Callout.objects.only("submission_address", "recipient_addresses"):
        site_addresses |= {callout.submission_address.lower(), *callout.routing_addresses}
    if address in site_addresses:
        return "the site's"
    # Every account is staff's: submitters never log in.
    if get_user_model().objects.filter(is_active=True, email__iexact=address).exists():
        return "an editor's"
    return ""


def _acknowledgment_enqueue(submission_id: int) -> None:
    tasks.submission_acknowledge.enqueue(submission_id)


def submission_transition(
    submission: Submission, to_status: str, *, actor=None, actor_label: str = "", note: str = ""
) -> Submission:
    """Move a submission to another status, if its current one allows; log who and when."""

    def record(changed, from_status, to_status):
        detail = f"{from_status.label} → {to_status.label}" + (f": {note}" if note else "")
        submission_event_record(
            changed, EventAction(to_status), actor=actor, actor_label=actor_label, detail=detail
        )
        # In the transaction: what follows (the story taken down, the editors' notice kept in
        # the outbox) commits with the change, or not at all.
        submission_status_changed.send(
            sender=Submission,
            submission=changed,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
        )

    return SUBMISSION_STATES.transition(
        submission, to_status, name=submission.reference, record=record
    )


def submission_status_set(submission: Submission, to_status: str, *, actor) -> Submission:
    """An editor's choice of status by hand; published and withdrawn follow from elsewhere."""
    if to_status not in SubmissionStatus.values:
        raise InvalidTransition(f"“{to_status}” is not a status: choose one from the list.")
    to_status = SubmissionStatus(to_status)
    if to_status == SubmissionStatus.PUBLISHED:
        raise InvalidTransition(
            f"{submission.reference} becomes published when its story is published."
        )
    if to_status == SubmissionStatus.WITHDRAWN:
        raise InvalidTransition("Only the submitter withdraws a story, through their status link.")
    if submission.status == SubmissionStatus.PUBLISHED:
        raise InvalidTransition(
            f"{submission.reference} is published; unpublish its story to change its status."
        )
    return submission_transition(submission, to_status, actor=actor)


def submission_withdraw(
    submission: Submission, *, actor=None, actor_label="submitter"
) -> Submission:
    if not submission.can_become(SubmissionStatus.WITHDRAWN):
        # Read by the submitter: "Your story was declined; there is nothing to withdraw."
        past = SubmissionStatus(submission.status).past_tense
        raise InvalidTransition(f"Your story was {past}; there is nothing to withdraw.")
    return submission_transition(
        submission, SubmissionStatus.WITHDRAWN, actor=actor, actor_label=actor_label
    )


class NamingRefused(DomainError):
    """The choice of how to be named cannot be taken as it came."""


@transaction.atomic
def submission_naming_choose(submission: Submission, naming: str) -> Submission:
    """The submitter chooses how to be named. Until their story is published the choice holds at
    once; after, it is a request the editors apply to the story (they hear of it)."""
    if naming not in Naming.values:
        raise NamingRefused("Please choose one of the ways to be named shown.")
    if submission.status == SubmissionStatus.WITHDRAWN:
        raise NamingRefused("Your story was withdrawn; it will not be printed with any name.")
    if submission.status != SubmissionStatus.PUBLISHED:
        submission.naming, submission.naming_requested = naming, ""
        submission.save(update_fields=["naming", "naming_requested"])
        label = Naming(naming).label
        submission_event_record(
            submission, EventAction.NAMING_CHOSEN, actor_label="submitter", detail=label
        )
        return submission
    submission.naming_requested = "" if naming == submission.naming else naming
    submission.save(update_fields=["naming_requested"])
    if submission.naming_requested:
        submission_event_record(
            submission,
            EventAction.NAMING_CHANGE_ASKED,
            actor_label="submitter",
            detail=f"{submission.get_naming_display()} → {Naming(naming).label}",
        )
        submission_naming_change_asked.send(sender=Submission, submission=submission)
    return submission


def submission_assign(submission: Submission, assignee, *, actor) -> Submission:
    submission.assignee = assignee
    submission.save(update_fields=["assignee"])
    name = assignee.get_username() if assignee else "nobody"
    submission_event_record(submission, EventAction.ASSIGNED, actor=actor, detail=f"to {name}")
    return submission


def submission_note_add(submission: Submission, *, author, text: str) -> SubmissionNote:
    text = text.strip()
    if not text:
        raise DomainError("A note needs some text.")
    note = SubmissionNote.objects.create(submission=submission, author=author, text=text)
    submission_event_record(submission, EventAction.NOTE, actor=author)
    return note


def submission_votes_count(submission: Submission) -> None:
    """Recount the tally the queue shows and sorts by (a recount, so it never drifts)."""
    counts = dict(
        SubmissionVote.objects.filter(submission=submission)
        .values_list("choice")
        .annotate(n=models.Count("pk"))
        .values_list("choice", "n")
    )
    yes, maybe, no = (counts.get(c, 0) for c in (VoteChoice.YES, VoteChoice.MAYBE, VoteChoice.NO))
    Submission.objects.filter(pk=submission.pk).update(
        votes_yes=yes, votes_maybe=maybe, votes_no=no, vote_tally=yes - no
    )


def submission_vote_cast(
    submission: Submission, *, reviewer, choice: str, note: str = ""
) -> SubmissionVote:
    """A reviewer's vote; voting again replaces their earlier one."""
    with transaction.atomic():
        vote, _ = SubmissionVote.objects.update_or_create(
            submission=submission,
            reviewer=reviewer,
            defaults={"choice": choice, "note": note[:500]},
        )
        submission_votes_count(submission)
    submission_event_record(
        submission, EventAction.VOTE, actor=reviewer, detail=vote.get_choice_display()
    )
    return vote


def submission_email_queue(
    submission: Submission, *, kind: str, subject: str, body: str, actor=None
) -> SubmissionEmail:
    """Keep the email as written; `core.outbox` sends it once this transaction commits."""
    # Read afresh: the caller's copy may predate someone marking it as spam.
    if Submission.objects.filter(pk=submission.pk, status=SubmissionStatus.SPAM).exists():
        raise EmailRefused(f"{submission.reference} is marked as spam: no mail goes to it.")
    if not submission.submitter_email:
        raise EmailRefused(f"{submission.reference} has no email address to write to.")
    if not subject.strip() or not body.strip():
        raise EmailRefused("An email needs a subject and some text.")
    subject = " ".join(subject.split())[:200]
    with transaction.atomic():
        email = SubmissionEmail.objects.create(
            submission=submission,
            kind=kind,
            to=submission.submitter_email,
            subject=subject,
            body=body,
            written_by=actor,
            outgoing=outgoing_email_queue(
                to=[submission.submitter_email], subject=subject, body=body, kept_with_record=True
            ),
        )
        submission_event_record(
            submission,
            EventAction.EMAIL,
            actor=actor,
            detail=f"{email.get_kind_display()}: {email.subject}",
        )
    return email


@transaction.atomic
def submission_approval_answer(submission: Submission, *, approve: bool, message: str = ""):
    """The submitter approves the edited story or asks for changes; the editors hear of it."""
    if submission.approval_state != ApprovalState.REQUESTED:
        raise InvalidTransition("There is no edited version waiting for your approval.")
    message = message.strip()[:2000]
    if not approve and not message:
        raise DomainError("Tell us what you would like changed.")
    submission.approval_state = ApprovalState.APPROVED if approve else ApprovalState.CHANGES
    submission.save(update_fields=["approval_state"])
    action = EventAction.EDIT_APPROVED if approve else EventAction.CHANGES_ASKED
    submission_event_record(submission, action, actor_label="submitter", detail=message)
    submission_approval_answered.send(
        sender=Submission, submission=submission, approved=approve, message=message
    )
    return submission


DECISIONS = {"accept": SubmissionStatus.ACCEPTED, "decline": SubmissionStatus.DECLINED}


@transaction.atomic
def submission_decide(
    submission: Submission, decision: str, *, subject: str, body: str, actor
) -> Submission:
    """Accept or decline, and write to the submitter with the email the editor approved."""
    status = DECISIONS[decision]
    if not submission.can_be_set_to(status):
        # Published follows the story: accepting it again would leave the story live.
        raise InvalidTransition(f"{submission.reference} cannot be {status.past_tense} now.")
    submission = submission_transition(submission, status, actor=actor)
    if submission.submitter_email:
        submission_email_queue(submission, kind=decision, subject=subject, body=body, actor=actor)
    return submission


def submissions_unacknowledged_enqueue(grace) -> int:
    """Re-enqueue acknowledgments that were never sent (the task is idempotent)."""
    pending = (
        Submission.objects.filter(
            acknowledged_at__isnull=True, received_at__lte=timezone.now() - grace
        )
        .exclude(submitter_email="")
        .exclude(status=SubmissionStatus.SPAM)
        .exclude(checks__code__in=CHECKS_WITHOUT_ACKNOWLEDGMENT)
        .exclude(events__action=EventAction.NOT_ACKNOWLEDGED)
        .values_list("pk", flat=True)
    )
    count = 0
    for submission_id in pending.iterator():
        _acknowledgment_enqueue(submission_id)
        count += 1
    return count


def suppressed_address_add(email: str, *, reason: str, detail: str = "") -> None:
    """Never acknowledge this address again (a provider reported a bounce or a complaint)."""
    address = email.strip().lower()
    if address:
        SuppressedAddress.objects.update_or_create(
            email=address, defaults={"reason": reason, "detail": detail[:500]}
        )
