"""The right of access: everything held about a person, as one ZIP file."""

import json
import zipfile
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from django.forms.models import model_to_dict
from django.template.loader import render_to_string

from milepost.core.storage import private_file_open
from milepost.submissions.exports import submission_record

from .selectors import PersonData


def _rows(queryset_or_list) -> list[dict]:
    return [model_to_dict(row) for row in queryset_or_list]


def _submission_json(submission) -> dict:
    return {
        **submission_record(submission),
        "story_text": submission.story_text,
        "age": submission.submitter_age,
        "city": submission.submitter_city,
        "region": submission.submitter_region,
        "country": submission.submitter_country,
        "consents": _rows(submission.consents.all()),
        # The edited text and what was to be printed with their name, as they were asked to
        # approve it.
        "approval": {
            "state": submission.approval_state,
            "text": submission.approval_text,
            "byline": submission.approval_byline,
            "pull_quote": submission.approval_pull_quote,
            "captions": submission.approval_captions,
        },
        "emails": [
            # Its delivery is kept by core.outbox; the export keeps the fields it always had.
            {
                **model_to_dict(email, exclude=["outgoing"]),
                "sent_at": email.sent_at,
                "suppressed": email.suppressed,
            }
            for email in submission.emails.all()
        ],
        "notes": _rows(submission.notes.all()),
        "votes": _rows(submission.votes.all()),
        "events": _rows(submission.events.all()),
    }


def person_data_json(data: PersonData) -> dict:
    return {
        "email": data.email,
        "submissions": [_submission_json(s) for s in data.submissions],
        "raw_emails": [
            {"id": m.pk, "received_at": m.received_at, "from": m.from_header, "subject": m.subject}
            for m in data.inbound_messages
        ],
        "stories": [
            {"id": s.pk, "title": s.title, "live": s.live, "url": s.url or ""} for s in data.stories
        ],
        "other": [{"kind": r.kind, "label": r.label, **r.data} for r in data.other],
    }


def person_data_zip_write(data: PersonData, out) -> list[str]:
    """Write the ZIP (summary.html, data.json, photos/, emails/) to a file; list its names."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "summary.html", render_to_string("privacy/export_summary.html", {"data": data})
        )
        archive.writestr(
            "data.json",
            json.dumps(person_data_json(data), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        for submission in data.submissions:
            for number, photo in enumerate(submission.photos.all(), start=1):
                with photo.file.open("rb") as source:
                    archive.writestr(
                        f"photos/{submission.reference}-{number}.{photo.master_format}",
                        source.read(),
                    )
        for message in data.inbound_messages:
            with message.raw.open("rb") as source:
                archive.writestr(
                    f"emails/{message.received_at:%Y-%m-%d}-{message.pk}.eml", source.read()
                )
        return archive.namelist()


def person_data_export(data: PersonData, out_dir: Path) -> Path:
    safe = "".join(c if c.isalnum() else "-" for c in data.email)
    path = out_dir / f"personal-data-{safe}.zip"
    with private_file_open(path) as out:
        person_data_zip_write(data, out)
    return path
