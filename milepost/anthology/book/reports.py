"""What the editors hand over besides the book: the contributors' list as CSV and the
print-readiness report (what would stop or spoil the printed book)."""

import os
from dataclasses import dataclass
from html import escape

from milepost.core.quoting import title_quoted
from milepost.core.spreadsheets import CsvWriter

from .cover import cover_image_ppi, cover_size
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
# The book as a whole: what the cover is made from, and what it still needs.
PAGE_COUNT = "page count"
SPINE_WIDTH = "spine"
NO_ISBN = "ISBN"
NO_COVER_IMAGE = "cover picture"
NO_BLURB = "blurb"
COVER_LOW_RESOLUTION = "cover resolution"
# A final cover is refused without these: no barcode without an ISBN, no front without its
# picture. A missing blurb or a soft picture is the editors' call, as a soft photo is inside.
COVER_BLOCKING = (NO_ISBN, NO_COVER_IMAGE)
BOOK = "The book"  # where a story's title names the finding


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


def book_findings(manuscript: Manuscript, pages: int | None = None) -> list[Finding]:
    """The book's page count and spine (when the interior was counted), and what its cover
    still needs."""
    findings = []
    if pages is not None:
        size = cover_size(manuscript, pages)
        findings.append(Finding(PAGE_COUNT, BOOK, f"{pages} pages in the print PDF."))
        text = "wide enough for its title" if size.spine_text_fits else "too narrow for text"
        message = (
            f"A spine of {size.spine:.3f} in on paper {manuscript.caliper} in thick per page "
            f"({text}): the cover is {size.width:.3f} × {size.height:.3f} in trimmed."
        )
        findings.append(Finding(SPINE_WIDTH, BOOK, message))
    findings += _cover_needs(manuscript)
    return findings


def _cover_needs(manuscript: Manuscript) -> list[Finding]:
    findings = []
    if not manuscript.isbn:
        message = "No ISBN: the back cover has no barcode. Enter the ISBN in the book's details."
        findings.append(Finding(NO_ISBN, BOOK, message))
    if manuscript.cover is None:
        message = "No cover picture: choose one in the book's details for the front."
        findings.append(Finding(NO_COVER_IMAGE, BOOK, message))
    elif (ppi := cover_image_ppi(manuscript, manuscript.cover)) < PRINT_DPI:
        message = (
            f"The cover picture is {manuscript.cover.width}×{manuscript.cover.height} pixels: "
            f"{ppi:.0f} ppi across the front, under {PRINT_DPI}. Choose a larger one."
        )
        findings.append(Finding(COVER_LOW_RESOLUTION, BOOK, message))
    if not manuscript.blurb.strip():
        message = "No blurb: the back cover is blank. Write one in the book's details."
        findings.append(Finding(NO_BLURB, BOOK, message))
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
