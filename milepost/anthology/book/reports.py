"""What the editors hand over besides the book: the contributors' list as CSV and the
print-readiness report (what would stop or spoil the printed book). A blocking finding stops a
final export (no permission for what would print, a story in no section, a photo that cannot be
read); a warning is for the editors to weigh (a soft or colour-converted photo, a missing caption
or alt text, a story over its word limit)."""

import os
from dataclasses import dataclass
from html import escape

from milepost.core.quoting import title_quoted
from milepost.core.spreadsheets import CsvWriter

from .cover import cover_image_ppi, cover_size
from .files import atomic_path
from .images import photo_colour_problem
from .manuscript import (
    PERMISSION_CHANGED,
    PERMISSION_DECLINED,
    PERMISSION_GRANTED,
    PERMISSION_NONE,
    PERMISSION_REQUESTED,
    PERMISSION_REVOKED,
    PRINT_DPI,
    Entry,
    Manuscript,
    ManuscriptError,
    Photo,
    photo_print_size,
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
COLOUR_SPACE = "colour space"
UNREADABLE_PHOTO = "photo file"
LEFT_OUT = "left out"
# What stops a final export; every other kind is a warning.
BLOCKING = frozenset({NO_PERMISSION, NO_SECTION, UNREADABLE_PHOTO})


@dataclass(frozen=True)
class Finding:
    kind: str
    story: str
    message: str

    @property
    def blocking(self) -> bool:
        return self.kind in BLOCKING

    @property
    def severity(self) -> str:
        return "Blocking" if self.blocking else "Warning"


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
    for entry in manuscript.left_out:
        message = f"Left out of the book: {_permission_problem(entry)}"
        findings.append(Finding(LEFT_OUT, entry.title, message))
    return findings


def _entry_findings(manuscript: Manuscript, entry: Entry) -> list[Finding]:
    findings = []
    if problem := _permission_problem(entry):
        findings.append(Finding(NO_PERMISSION, entry.title, problem))
    if entry.word_limit and entry.word_count > entry.word_limit:
        message = f"{entry.word_count} words, over the limit of {entry.word_limit}."
        findings.append(Finding(OVER_WORD_LIMIT, entry.title, message))
    for number, photo in enumerate(entry.photos, start=1):
        findings += _photo_findings(manuscript, entry, photo, f"Photo {number} ({photo.name})")
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


def _permission_problem(entry: Entry) -> str:
    """Why the entry's permission for print does not cover what would print; "" if it does."""
    name = entry.contributor_name or "The contributor"
    problems = {
        PERMISSION_GRANTED: "",
        PERMISSION_CHANGED: (
            f"The text or photos changed after {name} gave permission: their permission covers "
            "what they were shown. Ask them again."
        ),
        PERMISSION_NONE: f"No permission for print: {name} has not been asked. Ask them.",
        PERMISSION_REQUESTED: (
            f"No permission for print: {name} was asked and has not answered yet. Wait, or "
            "remind them."
        ),
        PERMISSION_DECLINED: f"{name} declined permission for print.",
        PERMISSION_REVOKED: f"{name} revoked their permission for print.",
    }
    return problems.get(entry.permission, f"No permission for print from {name}.")


def _photo_findings(manuscript: Manuscript, entry: Entry, photo: Photo, label: str) -> list:
    findings = []
    try:
        colour = photo_colour_problem(photo, entry.title)
    except ManuscriptError as error:
        return [
            Finding(
                UNREADABLE_PHOTO, entry.title, f"{error.message.rstrip('.')}. Replace the photo."
            )
        ]
    if colour:
        findings.append(Finding(COLOUR_SPACE, entry.title, f"{label} {colour}"))
    printed_width = photo_print_size(manuscript, photo)[0]
    ppi = photo.width / printed_width
    if ppi < PRINT_DPI:
        message = (
            f"{label} is {photo.width}×{photo.height} pixels, printed {printed_width:.2f} in "
            f"wide: {ppi:.0f} ppi, under the {PRINT_DPI} ppi a printer asks for; it would "
            "print soft. Use a larger original."
        )
        findings.append(Finding(LOW_RESOLUTION, entry.title, message))
    if not photo.caption.strip():
        findings.append(Finding(NO_CAPTION, entry.title, f"{label} has no caption."))
    if not photo.alt_text.strip():
        message = (
            f"{label} has no alt text: the e-book describes it by its caption (or as a photo "
            "of the story) and does not claim that every image is described. Say what it shows."
        )
        findings.append(Finding(NO_ALT_TEXT, entry.title, message))
    return findings


def findings_count(findings: list[Finding]) -> str:
    """ "2 blocking findings and 1 warning"."""
    blocking = sum(finding.blocking for finding in findings)
    warnings = len(findings) - blocking
    parts = []
    if blocking:
        parts.append(f"{blocking} blocking finding{'s' if blocking != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return " and ".join(parts)


BLOCKING_HEADING = "Blocking: a final export is refused until these are fixed"
WARNINGS_HEADING = "Warnings: the book can go to print, but check these first"
BOOK_HEADING = "The book and its cover (a final cover needs an ISBN and a cover picture)"


def print_readiness_text(manuscript: Manuscript, findings: list[Finding]) -> str:
    """The stories' findings, blocking ones first, then the book's own lines (page count, spine,
    what the cover needs), which are facts for the printer rather than warnings to count."""
    stories = [finding for finding in findings if finding.story != BOOK]
    title = title_quoted(manuscript.title)
    if stories:
        lines = [f"{title}: {findings_count(stories)} before print"]
    else:
        lines = [f"{title} is ready for print: no findings."]
    for heading, blocking in ((BLOCKING_HEADING, True), (WARNINGS_HEADING, False)):
        listed = [finding for finding in stories if finding.blocking == blocking]
        if listed:
            lines += ["", f"{heading}:"]
            lines += [f"- {finding.story}: {finding.message}" for finding in listed]
    book = [finding for finding in findings if finding.story == BOOK]
    if book:
        lines += ["", f"{BOOK_HEADING}:"]
        lines += [f"- {finding.story}: {finding.message}" for finding in book]
    return "\n".join(lines) + "\n"


def print_readiness_html(manuscript: Manuscript, findings: list[Finding]) -> str:
    """An HTML fragment (a section with a table) for the admin or an email."""
    title = escape(title_quoted(manuscript.title))
    if not findings:
        return f'<section class="readiness"><p>{title} is ready for print.</p></section>'
    rows = "".join(
        f"<tr><td>{escape(finding.story)}</td><td>{finding.severity}</td>"
        f"<td>{escape(finding.kind)}</td><td>{escape(finding.message)}</td></tr>"
        for finding in findings
    )
    return (
        f'<section class="readiness"><h2>{title}: {findings_count(findings)} before print</h2>'
        "<table><thead><tr><th>Story</th><th>Severity</th><th>Problem</th><th>Details</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></section>"
    )
