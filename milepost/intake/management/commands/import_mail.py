"""`milepost import_mail PATH...`: .eml files, folders of them, mbox files and Maildir folders."""

import json

from django.core.management.base import BaseCommand, CommandError

from milepost.callouts.models import Callout
from milepost.intake import services
from milepost.intake.channels.files import MailSourceError, mail_from_paths
from milepost.submissions.models import Channel


class Command(BaseCommand):
    help = "Import email files (.eml, folders, mbox, Maildir) as submissions."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--callout", metavar="SLUG", help="Route every message to this callout."
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print one JSON object of results."
        )

    def handle(self, *args, paths, callout, as_json, **options):
        forced = self._callout(callout)
        counts = dict.fromkeys(services.Outcome.labels, 0)
        results = []
        try:
            for label, raw in mail_from_paths(paths):
                result = services.inbound_message_receive(
                    raw, channel=Channel.IMPORT, source=label, callout=forced
                )
                counts[services.Outcome(result.outcome).label] += 1
                results.append(_result_row(label, result))
                if not as_json:
                    self.stdout.write(_result_line(results[-1]))
        except (MailSourceError, OSError) as error:
            raise CommandError(str(error)) from error
        if as_json:
            self.stdout.write(_dumps({**counts, "results": results}))
        else:
            self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))

    @staticmethod
    def _callout(slug):
        if not slug:
            return None
        try:
            return Callout.objects.get(slug=slug)
        except Callout.DoesNotExist:
            known = ", ".join(Callout.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No callout with slug {slug!r} (known: {known}).") from None


def _result_row(label: str, result) -> dict:
    return {
        "path": label,
        "message_id": result.message_id,
        "outcome": result.outcome,
        "submission_id": result.submission.pk if result.submission else None,
        "error": result.error,
    }


def _result_line(row: dict) -> str:
    detail = f" submission {row['submission_id']}" if row["submission_id"] else ""
    error = f": {row['error']}" if row["error"] else ""
    return f"{row['outcome']:<10} {row['path']}{detail}{error}"


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
