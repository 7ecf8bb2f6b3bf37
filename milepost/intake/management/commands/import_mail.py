"""`milepost import_mail PATH...`: .eml files, folders of them, mbox files and Maildir folders."""

import json

from django.core.management.base import BaseCommand, CommandError

from milepost.core.exceptions import DomainError
from milepost.intake import services
from milepost.intake.channels.files import SkippedFile, mail_from_paths
from milepost.intake.management.options import callout_from_option
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
        forced = callout_from_option(callout) if callout else None
        counts = dict.fromkeys(services.Outcome.labels, 0)
        results, skipped = [], []
        try:
            for item in mail_from_paths(paths):
                if isinstance(item, SkippedFile):
                    skipped.append({"path": item.path, "reason": item.reason})
                    line = f"{'skipped':<10} {item.path}: {item.reason}"
                else:
                    label, raw = item
                    result = services.inbound_message_receive(
                        raw, channel=Channel.IMPORT, source=label, callout=forced
                    )
                    counts[services.Outcome(result.outcome).label] += 1
                    results.append(_result_row(label, result))
                    line = _result_line(results[-1])
                if not as_json:
                    self.stdout.write(line)
        except (DomainError, OSError) as error:  # a file or folder we cannot read
            raise CommandError(str(error)) from error
        if as_json:
            self.stdout.write(_dumps({**counts, "results": results, "skipped": skipped}))
        else:
            summary = [f"{count} {name}" for name, count in counts.items()]
            self.stdout.write(", ".join([*summary, f"{len(skipped)} files skipped"]))


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
