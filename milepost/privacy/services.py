"""Erasing a person's data, their requests for it, and the retention rules that expire it."""

import logging
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry, PageLogEntry

from milepost.core.exceptions import DomainError
from milepost.core.links import site_absolute_url
from milepost.core.models import OutgoingEmail
from milepost.core.outbox import outgoing_email_queue, outgoing_emails_erase
from milepost.core.pagecache import page_cache_clear
from milepost.core.personal_data import person_data_erase
from milepost.core.workers import task_results_delete
from milepost.desk.selectors import editor_email_list_for_callout
from milepost.intake.channels.imap import ImapError, imap_address_parse, imap_messages_delete
from milepost.intake.models import InboundMessage, InboundState
from milepost.stories.models import StoryPage, StoryPagePhoto
from milepost.submissions.events import submission_event_record
from milepost.submissions.models import (
    EventAction,
    Submission,
    SubmissionStatus,
    SuppressedAddress,
)

from .models import (
    ErasureRecord,
    ErasureRequest,
    ErasureRequestStatus,
    RetentionRun,
    StoryListLink,
)
from .selectors import (
    STORY_LIST_LINK_LIFETIME,
    email_normalise,
    erasure_request_due_by,
    person_inbound_message_list,
    person_submission_list,
    story_list_link_list,
    story_list_token_hash,
)

logger = logging.getLogger(__name__)

# The task that emails the link to all of an address's stories; its queued rows hold the address.
STORY_LIST_TASK = "milepost.privacy.tasks.story_list_link_send"


class ErasureRefused(DomainError):
    pass


@dataclass(frozen=True)
class KeptStory:
    """A story an editor keeps on purpose (e.g. it is in a printed book), and why."""

    page_id: int
    reason: str


def person_data_erase_all(
    email: str, *, actor=None, actor_label: str = "", keep: tuple[KeptStory, ...] = ()
) -> ErasureRecord:
    """Erase every submission, photo, raw email and story a person sent, and the mail written
    to them; keep an audit stub."""
    email = email_normalise(email)
    if not email:
        raise ErasureRefused("Give the email address of the person whose data should go.")
    submissions = list(person_submission_list(email))
    messages = list(person_inbound_message_list(email))
    with transaction.atomic():
        record = _erase(
            submissions, messages, email=email, actor=actor, actor_label=actor_label, keep=keep
        )
        # Invalidation only makes cached pages stale; they would keep the story until they expire.
        transaction.on_commit(page_cache_clear)
    database_free_pages_clear()
    return record


def submissions_erase(
    submissions: list[Submission], *, actor_label: str, messages: Sequence[InboundMessage] = ()
) -> ErasureRecord:
    """Erase chosen submissions (retention): the same steps, with no address to look up."""
    messages = [*messages, *(s.inbound_message for s in submissions if s.inbound_message)]
    with transaction.atomic():
        record = _erase(submissions, messages, email="", actor=None, actor_label=actor_label)
    database_free_pages_clear()
    return record


def _erase(submissions, messages, *, email, actor, actor_label, keep=()) -> ErasureRecord:
    kept = {story.page_id: story.reason for story in keep}
    stories = StoryPage.objects.filter(submission__in=submissions)
    _kept_stories_check(kept, stories)
    record = _erasure_record_create(
        submissions, messages, kept, actor=actor, actor_label=actor_label
    )
    copies = sorted({(m.message_id, m.sha256) for m in messages})
    if copies and settings.MILEPOST_IMAP_URL:
        # After the commit: the mailbox is not part of the transaction, and the erasure stands
        # whether or not it answers.
        transaction.on_commit(lambda: _mailbox_copies_delete(record, copies))
    ErasureRequest.objects.filter(submission__in=submissions).update(
        status=ErasureRequestStatus.DONE, erasure=record
    )
    # First what other apps hold: their rows may protect the stories and submissions below.
    replies = person_data_erase.send(
        sender=None,
        email=email,
        submission_ids=[s.pk for s in submissions],
        kept_story_ids=list(kept),
    )
    record.other = [summary for _receiver, summary in replies if summary]
    record.save(update_fields=["other"])
    _stories_delete([story for story in stories if story.pk not in kept])
    StoryPage.objects.filter(pk__in=kept).update(submission=None)
    _submissions_and_mail_delete(submissions, messages, email=email)
    if email:
        SuppressedAddress.objects.filter(email=email).delete()
        story_list_link_list(email).delete()
        task_results_delete(STORY_LIST_TASK, args=[email])
    return record


def _kept_stories_check(kept: dict[int, str], stories) -> None:
    """Refuse to keep a story that is not this person's, or to keep one without saying why."""
    unknown = set(kept) - set(stories.values_list("pk", flat=True))
    if unknown:
        raise ErasureRefused(
            f"Story {sorted(unknown)} was not made from this person's submissions."
        )
    if any(not reason.strip() for reason in kept.values()):
        raise ErasureRefused("Give a reason for each story you keep.")


def _erasure_record_create(
    submissions, messages, kept: dict[int, str], *, actor, actor_label
) -> ErasureRecord:
    """The audit stub: which references went and when they arrived, with nothing personal."""
    return ErasureRecord.objects.create(
        references=[s.reference for s in submissions],
        received_dates=[s.received_at.isoformat() for s in submissions],
        raw_messages=len({m.pk for m in messages}),
        erased_by=actor,
        erased_by_label=actor_label or (actor.get_username() if actor else "system"),
        kept_stories=[{"page_id": pk, "reason": reason} for pk, reason in kept.items()],
    )


def _submissions_and_mail_delete(submissions, messages, *, email: str) -> None:
    """Delete the submissions with their photo files, the raw emails and what was written to
    `email` or about the submissions, with their log entries."""
    for submission in submissions:
        for photo in submission.photos.all():
            photo.file.delete(save=False)
    _log_entries_delete(Submission, [s.pk for s in submissions])
    mail = list(
        OutgoingEmail.objects.filter(submission_email__submission__in=submissions).values_list(
            "pk", flat=True
        )
    )
    Submission.objects.filter(pk__in=[s.pk for s in submissions]).delete()
    # What was written to them, sent or not, and editors' notices naming their submissions.
    outgoing_emails_erase(address=email, ids=mail, mentions=[s.reference for s in submissions])
    for message in messages:
        message.raw.delete(save=False)
    _log_entries_delete(InboundMessage, [m.pk for m in messages])
    InboundMessage.objects.filter(pk__in=[m.pk for m in messages]).delete()


def _mailbox_copies_delete(record: ErasureRecord, copies: list[tuple[str, str]]) -> None:
    """Delete the erased emails' copies in the IMAP mailbox; if it fails, say so on the record."""
    try:
        deleted = imap_messages_delete(
            imap_address_parse(settings.MILEPOST_IMAP_URL),
            copies,
            processed_folder=settings.MILEPOST_IMAP_PROCESSED_FOLDER,
        )
        logger.info("Erasure %s deleted %d copies from the IMAP mailbox", record.pk, deleted)
    except ImapError as error:
        logger.warning("Erasure %s left the mailbox copies: %s", record.pk, error)
        record.other.append(
            f"The copies of {len(copies)} email(s) may remain in the IMAP mailbox: {error}"
        )
        record.save(update_fields=["other"])


def _stories_delete(stories: list[StoryPage]) -> None:
    """Unpublish and delete stories with their revisions, log entries, images and renditions."""
    for story in stories:
        image_ids = list(
            StoryPagePhoto.objects.filter(page=story).values_list("image_id", flat=True)
        )
        if story.live:
            story.unpublish(log_action=None)
        story.delete()  # revisions, photos, search-index rows and references go with it
        # Wagtail keeps a page's log (labelled with its title) and logs the deletion too.
        PageLogEntry.objects.filter(page_id=story.pk).delete()
        # Wagtail deletes each image's file and its renditions' files once this commits.
        for image in get_image_model().objects.filter(pk__in=image_ids):
            image.delete()


def _log_entries_delete(model, ids: list[int]) -> None:
    # An entry's label is the object's str(): a subject line or a sender's name.
    content_type = ContentType.objects.get_for_model(model)
    ModelLogEntry.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in ids]
    ).delete()


def database_free_pages_clear() -> None:
    """SQLite: fold the WAL into the database file and empty it, so erased rows leave no copy.

    Deleted pages are already zeroed (PRAGMA secure_delete, set on every connection); the WAL
    still holds the pages as they were until this checkpoint. PostgreSQL needs nothing here.
    """
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def erasure_request_create(submission: Submission) -> ErasureRequest:
    """The submitter asked for erasure; one open request per submission, due in N days."""
    existing = ErasureRequest.objects.filter(
        submission=submission, status=ErasureRequestStatus.OPEN
    ).first()
    if existing:
        return existing
    now = timezone.now()
    with transaction.atomic():
        request = ErasureRequest.objects.create(
            submission=submission,
            reference=submission.reference,
            requested_at=now,
            due_by=erasure_request_due_by(now),
        )
        _editors_notify_erasure_request(request, submission.callout)
        _stories_take_down(submission)
    return request


def _editors_notify_erasure_request(request: ErasureRequest, callout) -> None:
    # The deadline is the law's, not ours: every editor of the callout hears of it at once.
    recipients = editor_email_list_for_callout(callout)
    if not recipients:
        return
    due = timezone.localtime(request.due_by)
    outgoing_email_queue(
        to=recipients,
        subject=f"Erasure requested: {request.reference}, due by {due:%B} {due.day}",
        body=(
            f"The submitter of {request.reference} asked for their data to be erased. "
            f"Erase it by {due:%B} {due.day}, {due.year}.\n\n"
            f"Review and erase: {site_absolute_url(None, reverse('privacy_person'))}\n"
        ),
    )


def _stories_take_down(submission: Submission) -> None:
    """What is to be erased leaves the site at once; the editors then erase it, or keep a story
    already printed in a book, by the request's deadline."""
    if submission.submitter_email:
        submissions = person_submission_list(submission.submitter_email)
    else:
        submissions = Submission.objects.filter(pk=submission.pk)
    for story in StoryPage.objects.live().filter(submission__in=submissions):
        story.unpublish(log_action=True)
        submission_event_record(
            story.submission, EventAction.UNPUBLISHED, detail=f"{story.title}: erasure asked for"
        )


def retention_apply() -> RetentionRun:
    """Erase declined, withdrawn and spam submissions, and mail that never became a submission,
    past their keeping time."""
    run = RetentionRun.objects.create()
    now = timezone.now()
    errors = []
    for field, submissions in _expired_submissions(now).items():
        for submission in submissions:
            try:
                submissions_erase([submission], actor_label="retention")
            except Exception as error:  # one bad row must not stop the rest
                logger.exception("Retention could not erase %s", submission.reference)
                errors.append(f"{submission.reference}: {error}")
            else:
                setattr(run, field, getattr(run, field) + 1)
    run.unrouted = _expired_unrouted_mail_erase(now)
    if run.declined_withdrawn or run.spam or run.unrouted:
        transaction.on_commit(page_cache_clear)  # once for the run, not once per submission
    run.errors = "\n".join(errors)
    run.finished_at = timezone.now()
    run.save()
    return run


def _expired_submissions(now) -> dict[str, list[Submission]]:
    """Declined or withdrawn, and spam, submissions older than their callout keeps them."""
    expired: dict[str, list[Submission]] = {"declined_withdrawn": [], "spam": []}
    for submission in Submission.objects.select_related("callout", "inbound_message").filter(
        status__in=[SubmissionStatus.DECLINED, SubmissionStatus.WITHDRAWN, SubmissionStatus.SPAM]
    ):
        spam = submission.status == SubmissionStatus.SPAM
        days = submission.callout.keep_spam_days if spam else submission.callout.keep_declined_days
        if submission.received_at < now - timedelta(days=days):
            expired["spam" if spam else "declined_withdrawn"].append(submission)
    return expired


def _expired_unrouted_mail_erase(now) -> int:
    """Erase mail that never became a submission and is past its keeping time; how many went."""
    cutoff = now - timedelta(days=settings.MILEPOST_KEEP_UNROUTED_DAYS)
    # Mail that never became a submission (unrouted, failed, or never processed) has no callout
    # to take a keeping time from: it all keeps the unrouted mail's.
    unrouted = list(
        InboundMessage.objects.filter(
            state__in=[InboundState.UNROUTED, InboundState.FAILED, InboundState.RECEIVED],
            submission__isnull=True,
            received_at__lt=cutoff,
        )
    )
    if unrouted:
        submissions_erase([], actor_label="retention", messages=unrouted)
    return len(unrouted)


def story_list_link_send(email: str) -> bool:
    """Email a link to the list of every story sent from `email`; nothing when it sent none
    (so no stranger can be mailed through the form). Returns whether one was written."""
    email = email_normalise(email)
    if not person_submission_list(email).exists():
        return False
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        StoryListLink.objects.filter(expires_at__lte=now).delete()  # of no more use to anyone
        expires_at = now + STORY_LIST_LINK_LIFETIME
        StoryListLink.objects.create(
            email=email,
            token_hash=story_list_token_hash(token),
            created_at=now,
            expires_at=expires_at,
            outgoing_email=outgoing_email_queue(
                to=[email],
                subject="Your stories: the link you asked for",
                body=_story_list_email_body(token, expires_at),
                headers={"Auto-Submitted": "auto-generated"},
            ),
        )
    return True


def _story_list_email_body(token: str, expires_at) -> str:
    link = site_absolute_url(None, reverse("story_list", args=[token]))
    ask_again = site_absolute_url(None, reverse("story_list_request"))
    until = timezone.localtime(expires_at)
    return (
        "Hello,\n\n"
        "We were asked for a link to every story sent to us from this address. Here it is:\n\n"
        f"{link}\n\n"
        f"It works for 24 hours, until {until:%B} {until.day}, {until:%Y} at {until:%H:%M} "
        f"({until.tzname()}), on this device or any other. After that, ask for a new one at "
        f"{ask_again}\n\n"
        "Anyone with this link can see your stories and withdraw them, so please do not "
        "forward this email. If you did not ask for it, you need do nothing: nobody sees your "
        "stories without the link.\n"
    )


def story_list_link_forget(sender, *, email: OutgoingEmail, **kwargs) -> None:
    """`core.outbox.outgoing_email_done`: once the email carrying a link has gone (or never
    will), its kept copy loses the token, which then exists only in the person's mailbox."""
    if not StoryListLink.objects.filter(outgoing_email=email).exists():
        return
    prefix = re.escape(reverse("story_list_request"))
    email.body = re.sub(rf"({prefix})[\w-]+/", r"\1(not kept once sent)/", email.body)
    email.save(update_fields=["body"])
