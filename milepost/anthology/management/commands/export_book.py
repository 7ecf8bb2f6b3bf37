from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from milepost.anthology.book.manuscript import ManuscriptError
from milepost.anthology.exports import ExportRefused, anthology_book_write
from milepost.anthology.models import EXTENSIONS, Anthology, ExportFormat


class Command(BaseCommand):
    help = "Export an anthology: the book (docx, epub, pdf), its contributors or its report."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", required=True, choices=ExportFormat.values)
        parser.add_argument("--out", required=True, type=Path, help="The folder to write into.")
        parser.add_argument(
            "--draft", action="store_true", help="Watermarked DRAFT; always allowed."
        )
        parser.add_argument(
            "--notes", action="store_true", help="DOCX with word counts and references."
        )

    def handle(self, slug, format, out, draft, notes, **options):
        anthology = Anthology.objects.filter(slug=slug).first()
        if anthology is None:
            raise CommandError(f"No anthology “{slug}”.")
        out.mkdir(parents=True, exist_ok=True)
        kind = "draft" if draft else "final"
        path = out / f"{anthology.slug}-{kind}.{EXTENSIONS[format]}"
        try:
            anthology_book_write(anthology, format, path, draft=draft, notes=notes)
        except ExportRefused as refusal:
            self.stderr.write(refusal.report)
            raise CommandError(str(refusal)) from None
        except ManuscriptError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Wrote {path}")
