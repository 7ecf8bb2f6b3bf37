"""The acknowledgment email, from the callout's editable template."""

import re

_PLACEHOLDER = re.compile(r"\{(\w+)\}")

PHOTO_REQUEST = (
    "\nWe would love a photo to go with your story: of you, or of the place where it happened. "
    "Reply to this email with it attached (one you took, or have permission to share).\n"
)


def fill_placeholders(template: str, values: dict[str, str]) -> str:
    """Replace {name}-style placeholders; anything unknown is left as typed.

    Not str.format: editors write these templates, and format() would let "{name.__class__}"
    reach into Python objects.
    """
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def acknowledgment_render(submission, status_link: str) -> tuple[str, str]:
    callout = submission.callout
    wants_photo = callout.photo_wanted and not submission.photos.exists()
    values = {
        "name": submission.submitter_name or "reader",
        "title": submission.title or "your story",
        "callout": callout.title,
        "reference": submission.reference,
        "status_link": status_link,
        "photo_request": PHOTO_REQUEST if wants_photo else "",
    }
    subject = " ".join(fill_placeholders(callout.acknowledgment_subject, values).split())
    return subject[:200], fill_placeholders(callout.acknowledgment_body, values)
