"""`milepost export_submissions --format json|csv [--callout SLUG]`"""

from django.core.management.base import BaseCommand, CommandError

from milepost.callouts.models import Callout
from milepost.submissions.exports import submissions_export


class Command(BaseCommand):
    help = "Print every submission as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", choices=["json", "csv"], default="json", dest="export_format"
        )
        parser.add_argument("--callout", metavar="SLUG", default="")

    def handle(self, *args, export_format, callout, **options):
        if callout and not Callout.objects.filter(slug=callout).exists():
            raise CommandError(f"No callout with slug {callout!r}.")
        self.stdout.ending = ""  # the exporter writes in pieces; no newline after each
        submissions_export(self.stdout, export_format=export_format, callout_slug=callout)
