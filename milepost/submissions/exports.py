"""Submissions as flat records for JSON or CSV export."""

import json

from milepost.core.spreadsheets import CsvWriter

from .models import Channel
from .selectors import submission_list_for_export

FIELDS = [
    "id",
    "callout",
    "channel",
    "status",
    "received_at",
    "name",
    "naming",
    "email",
    "title",
    "word_count",
    "checks",
    "duplicate_of",
    "message_id",
    "photos",
]


def submission_record(submission) -> dict:
    checks = list(submission.checks.all())
    duplicate_of = next(
        (check.other_submission_id for check in checks if check.code == "possible_duplicate"), None
    )
    message = submission.inbound_message
    return {
        "id": submission.pk,
        "callout": submission.callout.slug,
        "channel": Channel(submission.channel).kind,
        "status": submission.status,
        "received_at": submission.received_at.isoformat(),
        "name": submission.submitter_name,
        # How they allow a byline to name them: whoever prints from this file must follow it.
        "naming": submission.naming,
        "email": submission.submitter_email,
        "title": submission.title,
        "word_count": submission.word_count,
        "checks": [check.code for check in checks],
        "duplicate_of": duplicate_of,
        "message_id": message.message_id if message else "",
        "photos": [
            {
                "width": photo.width,
                "height": photo.height,
                "format": photo.master_format,
                "original_format": photo.original_format,
                "has_metadata": photo.has_metadata,
                "print_ready": photo.print_ready,
            }
            for photo in submission.photos.all()
        ],
    }


def submissions_export(out, *, export_format: str, callout_slug: str = "") -> int:
    records = (submission_record(s) for s in submission_list_for_export(callout_slug))
    if export_format == "json":
        rows = list(records)
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return len(rows)
    return _csv_write(out, records)


def _csv_write(out, records) -> int:
    writer = CsvWriter(out)
    writer.writerow(FIELDS)
    count = 0
    for record in records:
        record["checks"] = " ".join(record["checks"])
        record["photos"] = json.dumps(record["photos"])
        writer.writerow(record[field] for field in FIELDS)
        count += 1
    return count
