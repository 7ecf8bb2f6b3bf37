"""A printed anthology: its entries (stories in sections, in order), each contributor's
permission for print as a record, and the numbered exports of the book."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from milepost.core.quoting import title_quoted
from milepost.core.states import InvalidTransition, StateMachine
from milepost.core.storage import private_storage

from .book.manuscript import (
    CALIPER_RANGE,
    PAPER_CALIPERS,
    PAPER_COLOUR,
    PAPER_CREAM,
    PAPER_CUSTOM,
    PAPER_WHITE,
    isbn13_valid,
)


class EntryStatus(models.TextChoices):
    SHORTLISTED = "shortlisted", "Shortlisted"
    PERMISSION_REQUESTED = "permission_requested", "Permission requested"
    PERMISSION_GRANTED = "permission_granted", "Permission granted"
    PERMISSION_DECLINED = "permission_declined", "Permission declined"
    PERMISSION_REVOKED = "permission_revoked", "Permission revoked"
    FINAL = "final", "Final"


_E = EntryStatus
# Which status may follow which; `anthology.services.entry_transition` enforces it.
ENTRY_STATES = StateMachine(
    EntryStatus,
    {
        _E.SHORTLISTED: {_E.PERMISSION_REQUESTED},
        _E.PERMISSION_REQUESTED: {_E.PERMISSION_GRANTED, _E.PERMISSION_DECLINED},
        # Asking again: the story was edited after the contributor said yes to what they saw.
        _E.PERMISSION_GRANTED: {_E.FINAL, _E.PERMISSION_REVOKED, _E.PERMISSION_REQUESTED},
        # Asking again after a "no" or a revocation is the editors' call; the contributor decides.
        _E.PERMISSION_DECLINED: {_E.PERMISSION_REQUESTED},
        _E.PERMISSION_REVOKED: {_E.PERMISSION_REQUESTED},
        _E.FINAL: set(),
    },
)
# Entries that have dropped out of the book.
DROPPED = (EntryStatus.PERMISSION_DECLINED, EntryStatus.PERMISSION_REVOKED)


class BookLocked(InvalidTransition):
    """The book went out as final: what it prints (its fields, sections and entries, and their
    order) cannot change any more."""


def book_locked_check(anthology_id: int | None) -> None:
    """Refuse a change to a book exported as final; read from the database, not from a copy
    in memory that may predate the final export."""
    stored = Anthology.objects.filter(pk=anthology_id, final_at__isnull=False).first()
    if stored is not None:
        raise BookLocked(stored.locked_message)


def book_row_change_check(row, fields: tuple[str, ...]) -> None:
    """Refuse a new section or entry, or a change to `fields`, in a locked book (in the book
    it leaves, too)."""
    stored = type(row).objects.filter(pk=row.pk).first() if row.pk else None
    if stored is None or any(getattr(row, name) != getattr(stored, name) for name in fields):
        book_locked_check(row.anthology_id)
        if stored is not None:
            book_locked_check(stored.anthology_id)


def isbn_validate(value: str) -> None:
    if value and not isbn13_valid(value):
        raise ValidationError(
            f"“{value}” is not a valid ISBN-13: it needs 13 digits starting 978 or 979 (hyphens "
            "and spaces are fine), the last one the check digit. Copy it from the ISBN agency’s "
            "record."
        )


class Paper(models.TextChoices):
    WHITE = PAPER_WHITE, f"White ({PAPER_CALIPERS[PAPER_WHITE]} in per page)"
    CREAM = PAPER_CREAM, f"Cream ({PAPER_CALIPERS[PAPER_CREAM]} in per page)"
    COLOUR = PAPER_COLOUR, f"Premium colour ({PAPER_CALIPERS[PAPER_COLOUR]} in per page)"
    CUSTOM = PAPER_CUSTOM, "Another paper: enter its thickness"


class Anthology(ClusterableModel):
    title = models.CharField(max_length=200)
    subtitle = models.CharField(max_length=200, blank=True)
    slug = models.SlugField(max_length=100, unique=True, help_text="Names the book in export_book.")
    editors = models.CharField(
        "editors' names", max_length=500, blank=True, help_text="Separated by commas."
    )
    language = models.CharField(max_length=20, default="en", help_text="e.g. en or en-GB.")
    target_date = models.DateField(null=True, blank=True)
    trim_width = models.DecimalField("trim width (in)", max_digits=4, decimal_places=2, default=6)
    trim_height = models.DecimalField("trim height (in)", max_digits=4, decimal_places=2, default=9)
    bleed = models.DecimalField("bleed (in)", max_digits=4, decimal_places=3, default=0.125)
    isbn = models.CharField("ISBN", max_length=20, blank=True, validators=[isbn_validate])
    paper = models.CharField(
        max_length=10,
        choices=Paper.choices,
        default=Paper.WHITE,
        help_text="The interior’s paper: its thickness and the page count make the spine’s width.",
    )
    caliper = models.DecimalField(
        "paper thickness (in per page)",
        max_digits=6,
        decimal_places=5,
        null=True,
        blank=True,
        help_text="Only for another paper: the printer’s figure, e.g. 0.0023.",
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The front cover’s picture, filling the front and its bleed: at least 300 ppi "
        "at that size.",
    )
    blurb = models.TextField(blank=True, help_text="The back cover’s text.")
    # Set by the first final export: from then on the entries cannot change.
    final_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        FieldPanel("title"),
        FieldPanel("subtitle"),
        FieldPanel("slug"),
        FieldPanel("editors"),
        FieldPanel("language"),
        FieldPanel("target_date"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("trim_width"), FieldPanel("trim_height"), FieldPanel("bleed")]
                ),
                FieldPanel("isbn"),
                FieldRowPanel([FieldPanel("paper"), FieldPanel("caliper")]),
            ],
            "Print",
        ),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("blurb")], "Cover"),
        InlinePanel("sections", label="Sections"),
        InlinePanel("entries", label="Entries"),
    ]

    class Meta:
        verbose_name_plural = "anthologies"
        permissions = [("export_anthology", "Can export anthologies and download the files")]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        low, high = CALIPER_RANGE
        if self.paper == Paper.CUSTOM and self.caliper is None:
            raise ValidationError(
                {"caliper": "Enter the paper’s thickness per page, or choose one of the papers."}
            )
        if self.caliper is not None and not low <= self.caliper <= high:
            raise ValidationError(
                {"caliper": f"Enter a thickness from {low} to {high} in per page."}
            )

    @property
    def paper_caliper(self) -> float:
        """The paper's thickness per page in inches: the chosen paper's, or the one entered."""
        if self.paper == Paper.CUSTOM and self.caliper is not None:
            return float(self.caliper)
        return PAPER_CALIPERS.get(self.paper, PAPER_CALIPERS[PAPER_WHITE])

    @property
    def editor_names(self) -> tuple[str, ...]:
        return tuple(name.strip() for name in self.editors.split(",") if name.strip())

    @property
    def locked_message(self) -> str:
        return (
            f"{title_quoted(self)} was exported as final on {self.final_at:%Y-%m-%d %H:%M}: the "
            "book is locked, and its details, sections and entries (and their order) cannot change."
        )

    def save(self, *args, **kwargs):
        """Saving also commits the sections and entries edited in the admin (modelcluster); once
        the book is final, nothing it prints may differ from what is stored."""
        if self.pk:
            stored = Anthology.objects.filter(pk=self.pk, final_at__isnull=False).first()
            if stored is not None and (
                any(getattr(self, name) != getattr(stored, name) for name in PRINTED_FIELDS)
                or self.contents() != stored.contents()
            ):
                raise BookLocked(stored.locked_message)
        super().save(*args, **kwargs)

    def contents(self) -> tuple:
        """Sections in order, each with its title and its entries in order (plus the unplaced
        entries): from the admin's unsaved edits when there are some, else from the database."""
        sections = sorted(self.sections.all(), key=lambda s: (s.sort_order or 0, s.pk or 0))
        entries: dict[int | None, list[AnthologyEntry]] = {}
        for entry in self.entries.all():
            entries.setdefault(entry.section_id, []).append(entry)

        def placed(section_id):
            in_section = entries.get(section_id, [])
            in_order = sorted(in_section, key=lambda e: (e.sort_order or 0, e.pk or 0))
            return tuple((e.pk, e.story_id, e.submission_id) for e in in_order)

        return (
            tuple((s.pk, s.title, placed(s.pk)) for s in sections),
            placed(None),
        )


# The fields of the book that its exports print (the slug names it in the EPUB identifier).
PRINTED_FIELDS = (
    "title",
    "subtitle",
    "slug",
    "editors",
    "language",
    "target_date",
    "trim_width",
    "trim_height",
    "bleed",
    "isbn",
    "paper",
    "caliper",
    "cover_image_id",
    "blurb",
)


class AnthologySection(Orderable):
    anthology = ParentalKey(Anthology, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)

    panels = [FieldPanel("title")]

    def __str__(self) -> str:
        return self.title

    # The order of sections is checked by `Anthology.save`, which sees them all; one row can
    # only tell that it is new, renamed or moved to another book.
    def save(self, *args, **kwargs):
        book_row_change_check(self, ("title", "anthology_id"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        book_locked_check(self.anthology_id)
        return super().delete(*args, **kwargs)


SECTION_OF_ANOTHER_BOOK = "Choose one of this book's sections: that one belongs to another book."


class AnthologyEntry(Orderable):
    """A published story (or an accepted submission not yet a story) in the book."""

    anthology = ParentalKey(Anthology, on_delete=models.CASCADE, related_name="entries")
    section = models.ForeignKey(
        AnthologySection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
        help_text="Save the book once after adding a section to place entries in it.",
    )
    story = models.ForeignKey(
        "stories.StoryPage", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submission = models.ForeignKey(
        "submissions.Submission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        max_length=30, choices=EntryStatus.choices, default=EntryStatus.SHORTLISTED
    )
    printed = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="What the final book printed (text, photos, captions), kept at its first final "
        "export: every later format prints this, whatever the story says by then.",
    )

    # Entries come in by shortlisting (which checks and logs); here they are placed and ordered.
    panels = [
        FieldPanel("story", read_only=True),
        FieldPanel("submission", read_only=True),
        FieldPanel("section"),
    ]

    class Meta(Orderable.Meta):
        verbose_name_plural = "anthology entries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(story__isnull=False) | models.Q(submission__isnull=False),
                name="entry_has_story_or_submission",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if not self.story_id and not self.submission_id:
            raise ValidationError("An entry needs a published story or an accepted submission.")
        if self.section_id and self.anthology_id and self.section.anthology_id != self.anthology_id:
            raise ValidationError({"section": SECTION_OF_ANOTHER_BOOK})

    # What the entry prints and where; its status changes through `services.entry_transition`,
    # and its order among the others is checked by `Anthology.save`, which sees them all.
    PLACE_FIELDS = ("anthology_id", "section_id", "story_id", "submission_id")

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) - {"status"}:
            book_row_change_check(self, self.PLACE_FIELDS)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        # Only this path is guarded: privacy's erasure deletes a person's entries by queryset,
        # and the law's right to erasure outranks a printed book.
        book_locked_check(self.anthology_id)
        return super().delete(*args, **kwargs)

    @property
    def source_submission(self):
        return self.story.submission if self.story_id else self.submission

    @property
    def title(self) -> str:
        if self.story_id:
            return self.story.title
        return self.submission.shown_title

    @property
    def contributor_name(self) -> str:
        submission = self.source_submission
        if submission and submission.submitter_name:
            return submission.submitter_name
        return self.story.runner_name if self.story_id else ""

    @property
    def contributor_email(self) -> str:
        submission = self.source_submission
        return submission.submitter_email if submission else ""

    def can_become(self, status: str) -> bool:
        return ENTRY_STATES.can_become(self.status, status)


class AnthologyEntryEvent(models.Model):
    """Every status change of an entry, with who made it and when."""

    entry = models.ForeignKey(AnthologyEntry, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=30, choices=EntryStatus.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=EntryStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=100, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.entry}: {self.from_status or '–'} → {self.to_status}"


def new_permission_token() -> str:
    return secrets.token_urlsafe(32)


class BookPermission(models.Model):
    """One request for permission to print: what the contributor was shown, and their answer."""

    entry = models.ForeignKey(AnthologyEntry, on_delete=models.CASCADE, related_name="permissions")
    token = models.CharField(max_length=64, unique=True, default=new_permission_token)
    requested_at = models.DateTimeField()
    wording = models.TextField(help_text="The exact request shown to the contributor.")
    text = models.TextField(help_text="The final edited text they were shown.")
    snapshot_hash = models.CharField(
        max_length=64, help_text="SHA-256 of the text and photos (files and captions) shown."
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    granted_at = models.DateTimeField(null=True, blank=True)
    granted_name = models.CharField("name typed", max_length=200, blank=True)
    granted_ip = models.GenericIPAddressField("address", null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Permission for {title_quoted(self.entry)} requested {self.requested_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return not (self.granted_at or self.declined_at)


class ExportFormat(models.TextChoices):
    DOCX = "docx", "DOCX manuscript"
    EPUB = "epub", "EPUB 3 e-book"
    PDF = "pdf", "Print PDF"
    CONTRIBUTORS = "contributors", "Contributors (CSV)"
    REPORT = "report", "Print-readiness report"
    COVER = "cover", "Cover PDF"


# The book itself; only a final one of these locks the book (the others are never final).
BOOK_FORMATS = (ExportFormat.DOCX, ExportFormat.EPUB, ExportFormat.PDF, ExportFormat.COVER)
EXTENSIONS = {
    "docx": "docx",
    "epub": "epub",
    "pdf": "pdf",
    "contributors": "csv",
    "report": "txt",
    "cover": "pdf",
}


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    ERASED = "erased", "Removed: it held a person's erased data"


def export_path(export, filename: str) -> str:
    return f"anthologies/{export.anthology_id}/{filename}"


class AnthologyExport(models.Model):
    """One numbered version of the book in one format, kept privately."""

    anthology = models.ForeignKey(Anthology, on_delete=models.PROTECT, related_name="exports")
    number = models.PositiveIntegerField()
    format = models.CharField(max_length=20, choices=ExportFormat.choices)
    draft = models.BooleanField(default=True)
    notes = models.BooleanField(default=False, help_text="Word counts and submission references.")
    proof = models.BooleanField(
        default=False,
        help_text="Print PDF with crop marks, for a printed proof: never the final book.",
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent.")
    stage = models.CharField(
        max_length=100, blank=True, help_text="What the export is doing, e.g. laying out pages."
    )
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=export_path, storage=private_storage, blank=True)
    # Whether it is still under way: the process writing it, and when its progress last moved.
    worker = models.CharField(max_length=100, blank=True, help_text="host:pid")
    progress_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["anthology", "number"], name="one_export_per_number")
        ]

    def __str__(self) -> str:
        kind = f", {self.book_kind}" if self.book_kind else ""
        return f"{self.anthology} v{self.number} ({self.get_format_display()}{kind})"

    @property
    def is_final(self) -> bool:
        """The final book, which locked the book; a contributors' list, a report or a proof
        never is."""
        return not self.draft and not self.proof and self.format in BOOK_FORMATS

    @property
    def book_kind(self) -> str:
        """ "draft", "final", "proof" or "draft proof" for the book itself; nothing for the list
        and the report."""
        if self.format not in BOOK_FORMATS:
            return ""
        if self.proof:
            return "draft proof" if self.draft else "proof"
        return "final" if self.is_final else "draft"

    @property
    def file_kind(self) -> str:
        """What its file's name says it is: draft, final, proof, draft-proof, contributors,
        report, or the cover's draft or final (not to be mistaken for the interior PDF's)."""
        kind = self.book_kind.replace(" ", "-") or self.format
        return f"cover-{kind}" if self.format == ExportFormat.COVER else kind

    @property
    def filename(self) -> str:
        return f"{self.anthology.slug}-v{self.number}-{self.file_kind}.{EXTENSIONS[self.format]}"
