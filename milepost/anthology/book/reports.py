"""What the editors hand over besides the book: the contributors' list as CSV and the
print-readiness report (what would stop or spoil the printed book)."""

import os
from dataclasses import dataclass
from html import escape

from milepost.core.quoting import title_quoted
from milepost.core.spreadsheets import CsvWriter

from .files import atomic_path
from .manuscript import (
    PERMISSION_CHANGED,
    PERMISSION_GRANTED,
    PRINT_DPI,
    Entry,
    Manuscript,
    photo_print_dpi,
)

CONTRIBUTORS_HEADER = (
    "story",
    "section",
    "contributor",
    "byline",
    "email",
    "permission",
    "permission at",
    "submission",
)

NO_PERMISSION = "permission"
LOW_RESOLUTION = "resolution"
OVER_WORD_LIMIT = "word limit"
NO_CAPTION = "caption"
NO_ALT_TEXT = "alt text"
NO_SECTION = "section"


@dataclass(frozen=True)
class Finding:
    kind: str
    story: str
    message: str


def contributors_csv_write(manuscript: Manuscript, path: str | os.PathLike) -> None:
    with atomic_path(path) as temporary, open(temporary, "w", newline="", encoding="utf-8") as out:
        writer = CsvWriter(out)
        writer.writerow(CONTRIBUTORS_HEADER)
        for section in manuscript.sections:
            for entry in section.entries:
                when = entry.permission_at.isoformat() if entry.permission_at else ""
                row = (
                    entry.title,
                    section.title,
                    entry.contributor_name,
                    entry.byline,
                    entry.contributor_email,
                    entry.permission,
                    when,
                    entry.reference,
                )
                writer.writerow(row)


def print_readiness_report(manuscript: Manuscript) -> list[Finding]:
    """Everything to fix before the book can go to print, story by story in book order."""
    findings = []
    for section in manuscript.sections:
        for entry in section.entries:
            if not section.placed:
                message = (
                    f"In no section: it would print under {title_quoted(section.title)}. "
                    "Choose its section in the book's edit form."
                )
                findings.append(Finding(NO_SECTION, entry.title, message))
            findings += _entry_findings(manuscript, entry)
    return findings


def _entry_findings(manuscript: Manuscript, entry: Entry) -> list[Finding]:
    findings = []
    if entry.permission == PERMISSION_CHANGED:
        message = (
            f"The text or photos changed after {entry.contributor_name} gave permission: "
            "their permission covers what they were shown. Ask them again."
        )
        findings.append(Finding(NO_PERMISSION, entry.title, message))
    elif entry.permission != PERMISSION_GRANTED:
        message = f"No permission for print from {entry.contributor_name} ({entry.permission})."
        findings.append(Finding(NO_PERMISSION, entry.title, message))
    if entry.word_limit and entry.word_count > entry.word_limit:
        message = f"{entry.word_count} words, over the limit of {entry.word_limit}."
        findings.append(Finding(OVER_WORD_LIMIT, entry.title, message))
    for number, photo in enumerate(entry.photos, start=1):
        label = f"Photo {number} ({photo.name})"
        dpi = photo_print_dpi(manuscript, photo)
        if dpi < PRINT_DPI:
            message = (
                f"{label} is {photo.width}×{photo.height} pixels: {dpi:.0f} DPI at its "
                f"printed size, under {PRINT_DPI} DPI."
            )
            findings.append(Finding(LOW_RESOLUTION, entry.title, message))
        if not photo.caption.strip():
            findings.append(Finding(NO_CAPTION, entry.title, f"{label} has no caption."))
        if not photo.alt_text.strip():
            findings.append(Finding(NO_ALT_TEXT, entry.title, f"{label} has no alt text."))
    return findings


def print_readiness_text(manuscript: Manuscript, findings: list[Finding]) -> str:
    if not findings:
        return f"{title_quoted(manuscript.title)} is ready for print: no findings.\n"
    lines = [f"{title_quoted(manuscript.title)}: {len(findings)} findings before print", ""]
    lines += [f"- {finding.story}: {finding.message}" for finding in findings]
    return "\n".join(lines) + "\n"


def print_readiness_html(manuscript: Manuscript, findings: list[Finding]) -> str:
    """An HTML fragment (a section with a table) for the admin or an email."""
    title = escape(title_quoted(manuscript.title))
    if not findings:
        return f'<section class="readiness"><p>{title} is ready for print.</p></section>'
    rows = "".join(
        f"<tr><td>{escape(finding.story)}</td><td>{escape(finding.kind)}</td>"
        f"<td>{escape(finding.message)}</td></tr>"
        for finding in findings
    )
    return (
        f'<section class="readiness"><h2>{title}: {len(findings)} findings before print</h2>'
        "<table><thead><tr><th>Story</th><th>Problem</th><th>Details</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )
