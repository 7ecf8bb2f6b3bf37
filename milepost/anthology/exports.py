"""Writing the book: one function for every format, the refusal of a final book without every
permission, and the admin's numbered exports run as tasks."""

import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from milepost.core.exceptions import DomainError
from milepost.core.quoting import title_quoted
from milepost.core.workers import process_gone, process_id

from . import selectors
from .book.cover import cover_export_write, interior_pages_count
from .book.docx import manuscript_docx_write
from .book.epub import manuscript_epub_write
from .book.manuscript import Manuscript
from .book.pdf import manuscript_pdf_write
from .book.progress import Progress, progress_ignored, progress_part
from .book.reports import (
    BOOK,
    COVER_BLOCKING,
    Finding,
    book_findings,
    contributors_csv_write,
    findings_count,
    print_readiness_report,
    print_readiness_text,
)
from .models import (
    BOOK_FORMATS,
    EXTENSIONS,
    Anthology,
    AnthologyEntry,
    AnthologyEntryEvent,
    AnthologyExport,
    EntryStatus,
    ExportFormat,
    ExportStatus,
)


class ExportRefused(DomainError):
    """The final book cannot go out yet; `extra["report"]` is the print-readiness report as
    text, when there is one."""

    def __init__(self, message: str, report: str = ""):
        super().__init__(message, extra={"report": report} if report else None)


def final_export_check(manuscript: Manuscript, fmt: str = "") -> None:
    """Refuses a final book while the print-readiness report has blocking findings (a
    permission that does not cover what would print, a story in no section, an unreadable
    photo), and a final cover while it lacks what the report calls blocking for it
    (`COVER_BLOCKING`); warnings let it go."""
    findings = print_readiness_report(manuscript)
    blocking = [finding for finding in findings if finding.blocking]
    if blocking:
        raise ExportRefused(
            f"{title_quoted(manuscript.title)} cannot be exported as final: the print-readiness "
            f"report has {findings_count(blocking)}. Export a draft, or fix them first.",
            print_readiness_text(manuscript, findings),
        )
    if fmt == ExportFormat.COVER:
        findings += book_findings(manuscript)
        blocking = " ".join(f.message for f in findings if f.kind in COVER_BLOCKING)
        if blocking:
            raise ExportRefused(
                f"The cover of {title_quoted(manuscript.title)} cannot be exported as final. "
                f"{blocking} Export a draft cover meanwhile.",
                print_readiness_text(manuscript, findings),
            )


PRINT_PDF = "print PDF"


def report_write(manuscript: Manuscript, path: Path, progress: Progress) -> None:
    """The report, with the page count and spine of the print PDF written once to count them;
    a book whose PDF cannot be written gets its report all the same, saying why."""
    try:
        pages: int | None = interior_pages_count(manuscript, progress)
        problem = []
    except DomainError as error:
        pages, problem = None, [Finding(PRINT_PDF, BOOK, error.message)]
    findings = problem + print_readiness_report(manuscript) + book_findings(manuscript, pages)
    Path(path).write_text(print_readiness_text(manuscript, findings), encoding="utf-8")


def anthology_book_write(
    anthology: Anthology,
    fmt: str,
    path: Path,
    *,
    draft: bool,
    notes: bool = False,
    proof: bool = False,
    progress: Progress = progress_ignored,
) -> list[int]:
    """Write the book (or its contributors' list or report) to `path` and return the entries
    it holds; a final book (or a proof without the watermark) is refused while the
    print-readiness report has blocking findings. Drafts always go out, watermarked."""
    progress(0.0, "Reading the book")
    entry_ids = list(selectors.entry_list(anthology).values_list("pk", flat=True))
    manuscript = selectors.anthology_manuscript_get(anthology, draft=draft)
    if not draft and fmt in BOOK_FORMATS:
        final_export_check(manuscript, fmt)
    writing = progress_part(progress, 0.05, 1.0)  # reading the book is the first few per cent
    if fmt == ExportFormat.DOCX:
        manuscript_docx_write(manuscript, path, notes=notes, progress=writing)
    elif fmt == ExportFormat.EPUB:
        manuscript_epub_write(manuscript, path, progress=writing)
    elif fmt == ExportFormat.PDF:
        manuscript_pdf_write(manuscript, path, progress=writing, proof=proof)
    elif fmt == ExportFormat.COVER:
        cover_export_write(manuscript, path, progress=writing)
    elif fmt == ExportFormat.CONTRIBUTORS:
        contributors_csv_write(manuscript, path)
    else:
        report_write(manuscript, path, writing)
    return entry_ids


def anthology_final(anthology: Anthology, entry_ids: list[int]) -> None:
    """The book went out as final with the entries `entry_ids`: they become final and nothing
    in the book changes again. A contributor who revoked while the file was being written
    wins: the export fails, and the book stays open."""
    with transaction.atomic():
        # Locked before its entries, as `services.entry_transition` does: one waits for the other.
        anthology = Anthology.objects.select_for_update().get(pk=anthology.pk)
        printed = anthology.entries.filter(pk__in=entry_ids)
        dropped = printed.exclude(status__in=(EntryStatus.PERMISSION_GRANTED, EntryStatus.FINAL))
        if len(printed) != len(entry_ids) or dropped.exists():
            names = ", ".join(title_quoted(entry.title) for entry in dropped) or "an entry"
            raise ExportRefused(
                f"{names} changed (permission revoked, or removed) while the book was being "
                "exported: it is not final. Export it again."
            )
        if not anthology.final_at:
            anthology.final_at = timezone.now()
            anthology.save(update_fields=["final_at"])
        for entry in printed.filter(status=EntryStatus.PERMISSION_GRANTED):
            AnthologyEntry.objects.filter(pk=entry.pk).update(
                status=EntryStatus.FINAL, printed=_printed_as_granted(entry)
            )
            AnthologyEntryEvent.objects.create(
                entry=entry,
                from_status=EntryStatus.PERMISSION_GRANTED,
                to_status=EntryStatus.FINAL,
                actor_label="final export",
            )


def _printed_as_granted(entry: AnthologyEntry) -> dict:
    """The entry's content to keep with the final book, which must still be what its
    contributor approved: a story edited while the file was written fails the export."""
    granted = selectors.entry_granted_permission_get(entry)
    if granted is None or granted.snapshot_hash != selectors.entry_snapshot_hash_make(entry):
        raise ExportRefused(
            f"{title_quoted(entry.title)} was edited while the book was being exported: it is not "
            "final. Export it again."
        )
    return selectors.entry_printed_content_get(entry)


class ExportProgress:
    """Writes an export's progress to the database as the writers report it: only forward,
    and at most once every MILEPOST_EXPORT_PROGRESS_SECONDS (each whole per cent at most
    once), so a book of a thousand small steps is not a thousand writes."""

    def __init__(self, export_id: int, clock: Callable[[], float] = time.monotonic):
        self.export_id = export_id
        self.clock = clock
        self.interval = settings.MILEPOST_EXPORT_PROGRESS_SECONDS
        self.per_cent = -1
        self.written_at = float("-inf")

    def __call__(self, fraction: float, stage: str) -> None:
        per_cent = min(int(fraction * 100), 99)  # 100 is for the file stored
        if per_cent > self.per_cent and self.clock() - self.written_at >= self.interval:
            self.save(per_cent, stage=stage)

    def save(self, per_cent: int, **fields) -> None:
        self.per_cent, self.written_at = per_cent, self.clock()
        AnthologyExport.objects.filter(pk=self.export_id).update(
            progress=per_cent, progress_at=timezone.now(), **fields
        )


def anthology_export_run(export_id: int) -> bool:
    """Run one queued export; may run twice (a retried task): a finished export stays as it is."""
    export = AnthologyExport.objects.select_related("anthology").get(pk=export_id)
    if export.status in (ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.ERASED):
        return False
    progress = ExportProgress(export.pk)
    progress.save(0, status=ExportStatus.RUNNING, stage="Starting", worker=process_id())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"book.{EXTENSIONS[export.format]}"
        try:
            entry_ids = anthology_book_write(
                export.anthology,
                export.format,
                path,
                draft=export.draft,
                notes=export.notes,
                proof=export.proof,
                progress=progress_part(progress, 0.0, 0.97),
            )
            progress.save(97, stage="Storing the file")
            with transaction.atomic():
                if export.is_final:
                    anthology_final(export.anthology, entry_ids)
                with open(path, "rb") as written:
                    export.file.save(export.filename, File(written), save=False)
                progress.save(100, status=ExportStatus.DONE, stage="", file=export.file.name)
        except Exception as error:  # shown to the editor, not lost in a log
            report = error.extra.get("report", "") if isinstance(error, DomainError) else ""
            progress.save(
                progress.per_cent,
                status=ExportStatus.FAILED,
                stage="",
                error=f"{error}\n\n{report}".strip(),
            )
            return False
    return True


WORKER_STOPPED = "The worker stopped while exporting; start the export again."


def anthology_exports_orphaned_fail(now: datetime | None = None) -> int:
    """Mark failed each export left running by a process that died (on this host), or whose
    progress has not moved for MILEPOST_EXPORT_STALLED_MINUTES, so the editor reads why and
    the book's page stops waiting for it."""
    stalled = (now or timezone.now()) - timedelta(minutes=settings.MILEPOST_EXPORT_STALLED_MINUTES)
    failed = 0
    for export in AnthologyExport.objects.filter(status=ExportStatus.RUNNING):
        if process_gone(export.worker) or (export.progress_at and export.progress_at < stalled):
            failed += AnthologyExport.objects.filter(
                pk=export.pk, status=ExportStatus.RUNNING, progress_at=export.progress_at
            ).update(status=ExportStatus.FAILED, stage="", error=WORKER_STOPPED)
    return failed
