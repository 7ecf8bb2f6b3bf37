"""Writes: shortlisting, the one place entry statuses change, and permission for print."""

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from milepost.core.exceptions import DomainError
from milepost.core.quoting import title_quoted
from milepost.core.states import InvalidTransition
from milepost.stories.models import StoryPage
from milepost.submissions.models import Submission, SubmissionStatus

from . import emails, exports, selectors
from .models import (
    BOOK_FORMATS,
    ENTRY_STATES,
    Anthology,
    AnthologyEntry,
    AnthologyEntryEvent,
    AnthologyExport,
    BookPermission,
    EntryStatus,
    ExportFormat,
    ExportStatus,
)
from .tasks import anthology_export_run

PERMISSION_WORDING = (
    "We would like to print your story {title}, as edited below and with its photos and "
    "captions, in the book {book}. By typing your name and pressing “I give permission”, you "
    "allow us to print it and publish it as an e-book. You may revoke this permission until "
    "the book goes to print."
)


def anthology_check_open(anthology: Anthology) -> None:
    if anthology.final_at:
        raise InvalidTransition(
            f"{title_quoted(anthology)} has been exported as final; its entries are locked."
        )


def entry_shortlist(
    anthology: Anthology,
    *,
    story: StoryPage | None = None,
    submission: Submission | None = None,
    actor=None,
) -> AnthologyEntry:
    """Add a published story or an accepted submission to the book; once is enough."""
    anthology_check_open(anthology)
    if story is not None and not story.live:
        raise InvalidTransition(f"{title_quoted(story.title)} is not published; publish it first.")
    if submission is not None:
        # A submission already published enters the book as its story.
        story = StoryPage.objects.filter(submission=submission, live=True).first() or story
        if story is None and submission.status != SubmissionStatus.ACCEPTED:
            raise InvalidTransition(f"{submission.reference} is neither accepted nor published.")
    existing = anthology.entries.filter(
        Q(story=story) if story else Q(submission=submission, story__isnull=True)
    ).first()
    if existing:
        return existing
    with transaction.atomic():
        order = anthology.entries.aggregate(last=Max("sort_order"))["last"]
        entry = AnthologyEntry.objects.create(
            anthology=anthology,
            story=story,
            submission=None if story else submission,
            sort_order=(order or 0) + 1,
        )
        AnthologyEntryEvent.objects.create(
            entry=entry, to_status=EntryStatus.SHORTLISTED, actor=_user(actor)
        )
    return entry


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def entry_transition(
    entry: AnthologyEntry, to_status: str, *, actor=None, actor_label: str = ""
) -> AnthologyEntry:
    """Move an entry to another status, if its current one allows; log who and when."""
    to_status = EntryStatus(to_status)

    def record(changed, from_status, to_status):
        AnthologyEntryEvent.objects.create(
            entry=changed,
            from_status=from_status,
            to_status=to_status,
            actor=_user(actor),
            actor_label=actor_label,
        )

    with transaction.atomic():
        # The book before the entry, as `exports.anthology_final` locks them: a revocation and
        # the final export cannot cross.
        anthology = Anthology.objects.select_for_update().get(pk=entry.anthology_id)
        if to_status != EntryStatus.FINAL:
            anthology_check_open(anthology)
        return ENTRY_STATES.transition(
            entry, to_status, name=title_quoted(entry.title), record=record
        )


def book_permission_request(entry: AnthologyEntry, *, actor=None) -> BookPermission:
    """Record what the contributor will be shown and email them their private link."""
    if not entry.contributor_email:
        raise InvalidTransition(
            f"{title_quoted(entry.title)} has no contributor's email address to write to."
        )
    with transaction.atomic():
        entry = entry_transition(entry, EntryStatus.PERMISSION_REQUESTED, actor=actor)
        permission = BookPermission.objects.create(
            entry=entry,
            requested_at=timezone.now(),
            wording=PERMISSION_WORDING.format(
                title=title_quoted(entry.title), book=title_quoted(entry.anthology.title)
            ),
            text="\n\n".join(selectors.entry_paragraphs_list(entry)),
            snapshot_hash=selectors.entry_snapshot_hash_make(entry),
        )
        emails.book_permission_email_queue(permission)
    return permission


def book_permission_grant(permission: BookPermission, *, name: str, address: str) -> BookPermission:
    name = name.strip()
    if not name:
        raise DomainError("Please type your name to give permission.")
    if not permission.is_open:
        raise InvalidTransition("You have already answered this request.")
    with transaction.atomic():
        entry_transition(
            permission.entry, EntryStatus.PERMISSION_GRANTED, actor_label="contributor"
        )
        permission.granted_at = timezone.now()
        permission.granted_name = name[:200]
        permission.granted_ip = address or None
        permission.save(update_fields=["granted_at", "granted_name", "granted_ip"])
    return permission


def book_permission_decline(permission: BookPermission) -> BookPermission:
    if not permission.is_open:
        raise InvalidTransition("You have already answered this request.")
    with transaction.atomic():
        entry_transition(
            permission.entry, EntryStatus.PERMISSION_DECLINED, actor_label="contributor"
        )
        permission.declined_at = timezone.now()
        permission.save(update_fields=["declined_at"])
    return permission


def book_permission_revoke(permission: BookPermission) -> BookPermission:
    """The contributor takes back their permission before the book is final: the story drops
    out and the editors hear of it."""
    if not permission.granted_at or permission.revoked_at:
        raise InvalidTransition("There is no permission to revoke.")
    if permission.entry.anthology.final_at:
        raise InvalidTransition(
            f"{title_quoted(permission.entry.anthology)} has gone to print with your story: your "
            "permission can no longer be revoked. Please write to the editors."
        )
    with transaction.atomic():
        entry = entry_transition(
            permission.entry, EntryStatus.PERMISSION_REVOKED, actor_label="contributor"
        )
        permission.revoked_at = timezone.now()
        permission.save(update_fields=["revoked_at"])
        emails.editors_notify_revoked(entry)
    return permission


def anthology_export_create(
    anthology: Anthology,
    *,
    fmt: str,
    draft: bool,
    notes: bool = False,
    proof: bool = False,
    actor=None,
    run_now: bool = False,
) -> AnthologyExport:
    """The next numbered export, queued (or, for `export_book`, made at once). A final book is
    refused at once, with the report, while the report has blocking findings, and once one final
    book of that format has gone out. The contributors' list and the report are recorded as drafts:
    only the book itself is ever final. A proof (the print PDF with crop marks) never is: without
    the watermark it needs what a final book needs, but it leaves the book open."""
    fmt = ExportFormat(fmt)
    draft = draft or fmt not in BOOK_FORMATS
    _export_allowed_check(anthology, fmt, draft=draft, proof=proof)
    with transaction.atomic():
        Anthology.objects.select_for_update().get(pk=anthology.pk)  # one number at a time
        last = anthology.exports.aggregate(last=Max("number"))["last"] or 0
        export = AnthologyExport.objects.create(
            anthology=anthology,
            number=last + 1,
            format=fmt,
            draft=draft,
            notes=notes,
            proof=proof,
            made_by=_user(actor),
        )
        if not run_now:
            transaction.on_commit(lambda: anthology_export_run.enqueue(export.pk))
    if run_now:
        exports.anthology_export_run(export.pk)
        export.refresh_from_db()
    return export


def _export_allowed_check(
    anthology: Anthology, fmt: ExportFormat, *, draft: bool, proof: bool
) -> None:
    if proof and fmt != ExportFormat.PDF:
        raise exports.ExportRefused(
            f"Crop marks are for the {ExportFormat.PDF.label} only: choose it, or untick “proof”."
        )
    if draft:
        return
    exports.final_export_check(selectors.anthology_manuscript_get(anthology, draft=False), fmt)
    finals = anthology.exports.filter(format=fmt, draft=False, proof=False)
    if not proof and finals.filter(status=ExportStatus.DONE).exists():
        raise exports.ExportRefused(
            f"The final {fmt.label} of {title_quoted(anthology)} is locked."
        )


def book_permission_record(entry: AnthologyEntry, *, name: str, actor=None) -> BookPermission:
    """Record a permission given outside Milepost (a signed form, a letter): the same record,
    with no address and no link to answer."""
    with transaction.atomic():
        entry = entry_transition(entry, EntryStatus.PERMISSION_REQUESTED, actor=actor)
        entry = entry_transition(entry, EntryStatus.PERMISSION_GRANTED, actor=actor)
        now = timezone.now()
        return BookPermission.objects.create(
            entry=entry,
            requested_at=now,
            wording="Given outside Milepost and recorded by an editor.",
            text="\n\n".join(selectors.entry_paragraphs_list(entry)),
            snapshot_hash=selectors.entry_snapshot_hash_make(entry),
            granted_at=now,
            granted_name=name,
        )
