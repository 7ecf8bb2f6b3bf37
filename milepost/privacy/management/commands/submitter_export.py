from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from milepost.privacy.exports import person_data_export
from milepost.privacy.selectors import person_data_get


class Command(BaseCommand):
    help = "Write a ZIP of everything held about one person (summary, JSON, photos, raw emails)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--out", required=True, type=Path, help="Folder for the ZIP file.")

    def handle(self, *args, email, out, **options):
        data = person_data_get(email)
        if data.is_empty:
            raise CommandError(f"Nothing is held about {data.email}.")
        path = person_data_export(data, out)
        self.stdout.write(f"Wrote {path}")
