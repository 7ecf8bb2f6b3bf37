"""Writing the book: one function for every format, the refusal of a final book without every
permission, and the admin's numbered exports run as tasks."""

import tempfile
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from . import selectors
from .book.docx import manuscript_docx_write
from .book.epub import manuscript_epub_write
from .book.manuscript import Manuscript
from .book.pdf import manuscript_pdf_write
from .book.reports import (
    NO_PERMISSION,
    contributors_csv_write,
    print_readiness_report,
    print_readiness_text,
)
from .models import (
    EXTENSIONS,
    Anthology,
    AnthologyEntry,
    AnthologyEntryEvent,
    AnthologyExport,
    EntryStatus,
    ExportFormat,
    ExportStatus,
)

BOOK_FORMATS = (ExportFormat.DOCX, ExportFormat.EPUB, ExportFormat.PDF)


class ExportRefused(Exception):
    """The final book cannot go out yet; `report` is the print-readiness report as text."""

    def __init__(self, message: str, report: str = ""):
        super().__init__(message)
        self.report = report


def final_export_check(manuscript: Manuscript) -> None:
    findings = print_readiness_report(manuscript)
    if any(finding.kind == NO_PERMISSION for finding in findings):
        raise ExportRefused(
            f"“{manuscript.title}” cannot be exported as final: some entries lack permission "
            "for print. Export a draft, or get their permission first.",
            print_readiness_text(manuscript, findings),
        )


def anthology_book_write(
    anthology: Anthology, fmt: str, path: Path, *, draft: bool, notes: bool = False
) -> None:
    """Write the book (or its contributors' list or report) to `path`; a final book is refused
    while any entry lacks permission. Drafts always go out, watermarked."""
    manuscript = selectors.anthology_manuscript_get(anthology, draft=draft)
    if not draft and fmt in BOOK_FORMATS:
        final_export_check(manuscript)
    if fmt == ExportFormat.DOCX:
        manuscript_docx_write(manuscript, path, notes=notes)
    elif fmt == ExportFormat.EPUB:
        manuscript_epub_write(manuscript, path)
    elif fmt == ExportFormat.PDF:
        manuscript_pdf_write(manuscript, path)
    elif fmt == ExportFormat.CONTRIBUTORS:
        contributors_csv_write(manuscript, path)
    else:
        report = print_readiness_text(manuscript, print_readiness_report(manuscript))
        Path(path).write_text(report, encoding="utf-8")


def anthology_final(anthology: Anthology) -> None:
    """The book went out as final: its entries become final and nothing in it changes again."""
    with transaction.atomic():
        anthology = Anthology.objects.select_for_update().get(pk=anthology.pk)
        if not anthology.final_at:
            anthology.final_at = timezone.now()
            anthology.save(update_fields=["final_at"])
        for entry in anthology.entries.filter(status=EntryStatus.PERMISSION_GRANTED):
            AnthologyEntry.objects.filter(pk=entry.pk).update(status=EntryStatus.FINAL)
            AnthologyEntryEvent.objects.create(
                entry=entry,
                from_status=EntryStatus.PERMISSION_GRANTED,
                to_status=EntryStatus.FINAL,
                actor_label="final export",
            )


def _progress(export: AnthologyExport, per_cent: int, **fields) -> None:
    AnthologyExport.objects.filter(pk=export.pk).update(progress=per_cent, **fields)


def anthology_export_run(export_id: int) -> bool:
    """Run one queued export; may run twice (a retried task): a finished export stays as it is."""
    export = AnthologyExport.objects.select_related("anthology").get(pk=export_id)
    if export.status in (ExportStatus.DONE, ExportStatus.FAILED):
        return False
    _progress(export, 10, status=ExportStatus.RUNNING)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"book.{EXTENSIONS[export.format]}"
        try:
            anthology_book_write(
                export.anthology, export.format, path, draft=export.draft, notes=export.notes
            )
        except Exception as error:  # any failure is shown to the editor, not lost in a log
            report = getattr(error, "report", "")
            _progress(export, 100, status=ExportStatus.FAILED, error=f"{error}\n\n{report}".strip())
            return False
        _progress(export, 80)
        with open(path, "rb") as written:
            export.file.save(export.filename, File(written), save=False)
    if not export.draft and export.format in BOOK_FORMATS:
        anthology_final(export.anthology)
    _progress(export, 100, status=ExportStatus.DONE, file=export.file.name)
    return True
