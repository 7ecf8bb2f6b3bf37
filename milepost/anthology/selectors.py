"""Reads: the book as a `Manuscript` for the exporters, and the contributor's permission page."""

import hashlib
import html
import re
from datetime import datetime
from pathlib import Path

from django.db.models import F, Q, QuerySet
from django.http import Http404
from wagtail.images import get_image_model

from milepost.desk.selectors import (
    callout_reach_get,
    page_list_for_user,
    submission_list_for_user,
)
from milepost.stories.models import StoryPage
from milepost.submissions.bylines import byline_allowed
from milepost.submissions.models import Submission, SubmissionPhoto

from .book.manuscript import (
    PERMISSION_CHANGED,
    PERMISSION_DECLINED,
    PERMISSION_GRANTED,
    PERMISSION_NONE,
    PERMISSION_REQUESTED,
    PERMISSION_REVOKED,
    Entry,
    Manuscript,
    ManuscriptError,
    Photo,
    Section,
)
from .models import DROPPED, Anthology, AnthologyEntry, BookPermission, EntryStatus

_BLOCK = re.compile(r"<(p|blockquote|h[2-6]|li)\b[^>]*>(.*?)</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")

PERMISSIONS = {
    EntryStatus.SHORTLISTED: PERMISSION_NONE,
    EntryStatus.PERMISSION_REQUESTED: PERMISSION_REQUESTED,
    EntryStatus.PERMISSION_GRANTED: PERMISSION_GRANTED,
    EntryStatus.FINAL: PERMISSION_GRANTED,
    EntryStatus.PERMISSION_DECLINED: PERMISSION_DECLINED,
    EntryStatus.PERMISSION_REVOKED: PERMISSION_REVOKED,
}


# Sections in their order, then the entries not placed in one (SQLite would put them first).
BOOK_ORDER = (
    F("section__sort_order").asc(nulls_last=True),
    F("section__pk").asc(nulls_last=True),
    "sort_order",
    "pk",
)


def anthology_list_for_user(user) -> QuerySet[Anthology]:
    """The books `user` may reach: for an editor limited to some callouts, those whose every
    entry (a story or a submission) is of their callouts; a book also holding another
    callout's stories is out of their reach, exports and downloads included."""
    books = Anthology.objects.all()
    if callout_reach_get(user) is None:
        return books
    beyond = AnthologyEntry.objects.filter(
        (Q(story__isnull=False) & ~Q(story__in=page_list_for_user(user)))
        | (Q(submission__isnull=False) & ~Q(submission__in=submission_list_for_user(user)))
    )
    return books.exclude(pk__in=beyond.values("anthology_id"))


def shortlist_target_get(user, kind: str, pk: int) -> StoryPage | Submission:
    """The story or submission to shortlist, among those `user` may reach; 404 otherwise."""
    if kind == "story":
        found = StoryPage.objects.filter(pk__in=page_list_for_user(user).values("pk"))
    else:
        found = submission_list_for_user(user)
    try:
        return found.get(pk=pk)
    except (StoryPage.DoesNotExist, Submission.DoesNotExist):
        raise Http404 from None


def rich_text_paragraphs_list(rich_text: str) -> list[str]:
    """Paragraphs of a Wagtail rich text field as plain text, tags gone and entities read."""
    blocks = [match.group(2) for match in _BLOCK.finditer(rich_text)] or [rich_text]
    texts = (html.unescape(_TAG.sub("", block)).strip() for block in blocks)
    return [text for text in texts if text]


def entry_list(anthology: Anthology) -> QuerySet[AnthologyEntry]:
    """The entries still in the book, in book order (sections first, unplaced ones last)."""
    return (
        anthology.entries.exclude(status__in=DROPPED)
        .select_related("section", "story__submission__callout", "submission__callout")
        .order_by(*BOOK_ORDER)
    )


def entry_paragraphs_list(entry: AnthologyEntry) -> list[str]:
    story, submission = entry.story, entry.submission
    if story is not None:
        lede = [story.lede.strip()] if story.lede.strip() else []
        return lede + rich_text_paragraphs_list(story.body)
    assert submission is not None  # the entry's check constraint: a story or a submission
    return [part.strip() for part in submission.story_text.split("\n\n") if part.strip()]


def entry_photo_refs_list(entry: AnthologyEntry) -> list[dict]:
    """The entry's photos as plain data: which image or submission photo, and its words."""
    story, submission = entry.story, entry.submission
    if story is not None:
        return [
            {
                "image": photo.image_id,
                "caption": photo.caption,
                "alt_text": photo.alt_text,
                "credit": photo.credit,
            }
            for photo in story.photos.all()
        ]
    assert submission is not None  # the entry's check constraint: a story or a submission
    return [
        {"submission_photo": photo.pk, "caption": photo.caption, "alt_text": photo.alt_text}
        for photo in submission.photos.all()
    ]


def photo_refs_resolve(refs: list[dict]) -> list[Photo]:
    """The photos `entry_photo_refs_list` describes, read in two queries at most."""
    images = get_image_model().objects.in_bulk([ref["image"] for ref in refs if "image" in ref])
    submitted = SubmissionPhoto.objects.in_bulk(
        [ref["submission_photo"] for ref in refs if "submission_photo" in ref]
    )
    photos = []
    for ref in refs:
        found = (
            images.get(ref["image"]) if "image" in ref else submitted.get(ref["submission_photo"])
        )
        if found is None:
            raise ManuscriptError(
                f"A photo of the book is gone: “{ref['caption'] or ref['alt_text']}”."
            )
        photos.append(
            Photo(
                source=Path(found.file.path),
                width=found.width,
                height=found.height,
                caption=ref["caption"],
                alt_text=ref["alt_text"],
                credit=ref.get("credit", ""),
            )
        )
    return photos


def entry_photos_list(entry: AnthologyEntry) -> list[Photo]:
    return photo_refs_resolve(entry_photo_refs_list(entry))


def entry_byline_get(entry: AnthologyEntry) -> str:
    """The byline as the contributor allowed it: the story's, else one made from what they
    sent (the contributors' list keeps their full name for the publisher)."""
    if entry.story is not None:
        return entry.story.byline
    submission = entry.submission
    if submission is None:
        return ""
    return byline_allowed(
        submission.naming,
        name=submission.submitter_name,
        age=submission.submitter_age,
        city=submission.submitter_city,
        region=submission.submitter_region or submission.submitter_country,
        anonymous_wording=submission.callout.anonymous_byline,
    )


def entry_printed_byline_get(entry: AnthologyEntry) -> str:
    """The byline the book prints: the one kept with a final book's entry, else today's."""
    if entry.printed is not None:
        return entry.printed["byline"]
    return entry_byline_get(entry)


def entry_snapshot_hash_make(entry: AnthologyEntry) -> str:
    """What the contributor is asked to approve: text, photo files and captions, hashed."""
    digest = hashlib.sha256()
    for paragraph in entry_paragraphs_list(entry):
        digest.update(paragraph.encode() + b"\n")
    for photo in entry_photos_list(entry):
        digest.update(Path(photo.source).read_bytes() if isinstance(photo.source, Path) else b"")
        digest.update(f"{photo.caption}\n{photo.alt_text}\n{photo.credit}\n".encode())
    return digest.hexdigest()


def entry_granted_permission_get(entry: AnthologyEntry) -> BookPermission | None:
    return entry.permissions.filter(granted_at__isnull=False, revoked_at__isnull=True).first()


def entry_printed_content_get(entry: AnthologyEntry) -> dict:
    """What the book prints for `entry` as plain data, to keep once the book is final."""
    granted = entry_granted_permission_get(entry)
    return {
        "title": entry.title,
        "byline": entry_byline_get(entry),
        "paragraphs": entry_paragraphs_list(entry),
        "photos": entry_photo_refs_list(entry),
        "permission_at": granted.granted_at.isoformat() if granted and granted.granted_at else None,
    }


def _printed_entry(entry: AnthologyEntry, printed: dict) -> Entry:
    submission = entry.source_submission
    granted_at = printed["permission_at"]
    return Entry(
        title=printed["title"],
        byline=printed["byline"],
        paragraphs=tuple(printed["paragraphs"]),
        contributor_name=entry.contributor_name,
        contributor_email=entry.contributor_email,
        photos=tuple(photo_refs_resolve(printed["photos"])),
        word_limit=submission.callout.soft_word_limit if submission else None,
        reference=submission.reference if submission else "",
        permission=PERMISSION_GRANTED,
        permission_at=datetime.fromisoformat(granted_at) if granted_at else None,
    )


def manuscript_entry_make(entry: AnthologyEntry) -> Entry:
    if entry.printed is not None:  # in a final book: what it printed, not today's story
        return _printed_entry(entry, entry.printed)
    submission = entry.source_submission
    granted = entry_granted_permission_get(entry)
    permission = PERMISSIONS[EntryStatus(entry.status)]
    if permission == PERMISSION_GRANTED and (
        granted is None or granted.snapshot_hash != entry_snapshot_hash_make(entry)
    ):
        permission = PERMISSION_CHANGED  # edited since: not what the contributor approved
    return Entry(
        title=entry.title,
        byline=entry_byline_get(entry),
        paragraphs=tuple(entry_paragraphs_list(entry)),
        contributor_name=entry.contributor_name,
        contributor_email=entry.contributor_email,
        photos=tuple(entry_photos_list(entry)),
        word_limit=submission.callout.soft_word_limit if submission else None,
        reference=submission.reference if submission else "",
        permission=permission,
        permission_at=granted.granted_at if granted else None,
    )


def anthology_manuscript_get(anthology: Anthology, *, draft: bool) -> Manuscript:
    sections: dict[object, tuple[str, list[Entry]]] = {}
    for entry in entry_list(anthology):
        key = entry.section_id
        title = entry.section.title if entry.section else "Stories"
        sections.setdefault(key, (title, []))[1].append(manuscript_entry_make(entry))
    return Manuscript(
        title=anthology.title,
        subtitle=anthology.subtitle,
        sections=tuple(
            Section(title, tuple(entries), placed=key is not None)
            for key, (title, entries) in sections.items()
        ),
        editors=anthology.editor_names,
        language=anthology.language,
        isbn=anthology.isbn or None,
        key=anthology.slug,
        target_date=anthology.target_date,
        trim=(float(anthology.trim_width), float(anthology.trim_height)),
        bleed=float(anthology.bleed),
        draft=draft,
        cover=cover_photo_get(anthology),
        blurb=anthology.blurb,
        caliper=anthology.paper_caliper,
        left_out=entries_left_out_list(anthology),
    )


def cover_photo_get(anthology: Anthology) -> Photo | None:
    image = anthology.cover_image
    if image is None:
        return None
    return Photo(
        source=Path(image.file.path), width=image.width, height=image.height, alt_text=image.title
    )


def entries_left_out_list(anthology: Anthology) -> tuple[Entry, ...]:
    """The stories dropped from the book, as the report names them: title, contributor, and
    whether they declined or revoked their permission."""
    return tuple(
        Entry(
            title=entry.title,
            byline="",
            paragraphs=(),
            contributor_name=entry.contributor_name,
            contributor_email=entry.contributor_email,
            permission=PERMISSIONS[EntryStatus(entry.status)],
        )
        for entry in anthology.entries.filter(status__in=DROPPED)
        .select_related("section", "story__submission", "submission")
        .order_by(*BOOK_ORDER)
    )


def book_permission_get_by_token(token: str) -> BookPermission:
    try:
        return BookPermission.objects.select_related(
            "entry__anthology", "entry__story", "entry__submission"
        ).get(token=token)
    except BookPermission.DoesNotExist:
        raise Http404("No such permission request.") from None
