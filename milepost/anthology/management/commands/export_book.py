from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from milepost.anthology.models import EXTENSIONS, Anthology, ExportFormat, ExportStatus
from milepost.anthology.services import anthology_export_create
from milepost.core.exceptions import DomainError
from milepost.core.quoting import title_quoted
from milepost.core.storage import private_file_open


class Command(BaseCommand):
    help = (
        "Export an anthology: the book (docx, epub, pdf), its cover, its contributors or its "
        "report. Without --draft, a docx, epub, pdf or cover is the final book: exporting it "
        "locks the book (its details, sections and entries) for good; a --proof pdf never does."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", required=True, choices=ExportFormat.values)
        parser.add_argument("--out", required=True, type=Path, help="The folder to write into.")
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Watermarked DRAFT; always allowed, and the book stays open. Without it, a final "
            "docx, epub, pdf or cover locks the book.",
        )
        parser.add_argument(
            "--notes", action="store_true", help="DOCX with word counts and references."
        )
        parser.add_argument(
            "--proof",
            action="store_true",
            help="The pdf with crop marks outside the bleed, for a printed proof: never final, so "
            "the book stays open. Without --draft it needs every permission, like a final book.",
        )

    def handle(self, slug, format, out, draft, notes, proof, **options):
        anthology = Anthology.objects.filter(slug=slug).first()
        if anthology is None:
            raise CommandError(f"No anthology “{slug}”.")
        out.mkdir(parents=True, exist_ok=True)
        try:
            # A numbered version like the admin's, kept privately; a copy goes to --out.
            export = anthology_export_create(
                anthology, fmt=format, draft=draft, notes=notes, proof=proof, run_now=True
            )
        except DomainError as refusal:
            if report := refusal.extra.get("report"):
                self.stderr.write(report)
            raise CommandError(refusal.message) from None
        if export.status != ExportStatus.DONE:
            raise CommandError(export.error or "The export failed.")
        path = out / f"{anthology.slug}-{export.file_kind}.{EXTENSIONS[format]}"
        # The book and the contributors' list hold personal data: 0600, like private files.
        with export.file.open("rb") as kept, private_file_open(path) as copy:
            copy.write(kept.read())
        self.stdout.write(f"Wrote {path} (export {export.number} of {title_quoted(anthology)})")
        if export.is_final:
            self.stdout.write(f"{title_quoted(anthology)} is final: the book is now locked.")
