"""A book as plain data: what the exporters read. No Django here, so it can be built from models,
from a fixture or by a benchmark alike."""

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from milepost.core.exceptions import DomainError
from milepost.core.quoting import title_quoted

# Permission statuses of an entry; only "granted" lets a story go to print.
PERMISSION_NONE = "none"
PERMISSION_REQUESTED = "requested"
PERMISSION_GRANTED = "granted"
PERMISSION_DECLINED = "declined"
PERMISSION_REVOKED = "revoked"
# Given, but for a text or photos that have been edited since: it does not cover what would print.
PERMISSION_CHANGED = "changed since granted"

# Page layout shared by the PDF, the DOCX and the print-readiness report, so that "printed size"
# means the same thing everywhere.
MARGIN_IN = 0.75
PRINT_DPI = 300
PHOTO_MAX_HEIGHT_SHARE = 0.6  # of the text block height, so caption and title fit beside it

# Paper thickness per page in inches (the spine is pages × this), as KDP publishes it for its
# paperbacks ("Paperback cover calculator"; Help: "Set trim size, bleed and margins"): white
# 0.002252, cream 0.0025, premium colour 0.002347. IngramSpark's stocks are within a few per
# cent of these; for another printer, enter its figure as a custom thickness.
PAPER_WHITE = "white"
PAPER_CREAM = "cream"
PAPER_COLOUR = "colour"
PAPER_CUSTOM = "custom"
PAPER_CALIPERS = {PAPER_WHITE: 0.002252, PAPER_CREAM: 0.0025, PAPER_COLOUR: 0.002347}
CALIPER_RANGE = (0.001, 0.01)  # from bible paper to thick card, in inches per page

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class ManuscriptError(DomainError):
    """The book cannot be exported as it is; the message says what to fix."""


def isbn13_valid(isbn: str) -> bool:
    digits = isbn.replace("-", "").replace(" ", "")
    if len(digits) != 13 or not digits.isdigit() or not digits.startswith(("978", "979")):
        return False
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


@dataclass(frozen=True)
class Photo:
    """A story's photo: a file on disk or its bytes, with its size in pixels as stored."""

    source: Path | bytes
    width: int
    height: int
    caption: str = ""
    alt_text: str = ""
    credit: str = ""

    def __post_init__(self):
        if isinstance(self.source, str):
            object.__setattr__(self, "source", Path(self.source))
        if self.width <= 0 or self.height <= 0:
            raise ManuscriptError(f"A photo has no size ({self.width}×{self.height} pixels).")

    @property
    def name(self) -> str:
        return self.source.name if isinstance(self.source, Path) else "(photo bytes)"


@dataclass(frozen=True)
class Entry:
    """One story in the book, with its contributor and their permission for print."""

    title: str
    byline: str
    paragraphs: tuple[str, ...]
    contributor_name: str
    contributor_email: str = ""
    photos: tuple[Photo, ...] = ()
    word_limit: int | None = None
    reference: str = ""  # the submission it came from, e.g. "SUB-2026-0042"
    permission: str = PERMISSION_NONE
    permission_at: datetime | None = None

    def __post_init__(self):
        object.__setattr__(self, "paragraphs", tuple(self.paragraphs))
        object.__setattr__(self, "photos", tuple(self.photos))
        if not self.title.strip():
            raise ManuscriptError(f"A story by {self.contributor_name or 'someone'} has no title.")

    @property
    def word_count(self) -> int:
        return sum(len(paragraph.split()) for paragraph in self.paragraphs)


@dataclass(frozen=True)
class Section:
    title: str
    entries: tuple[Entry, ...]
    # False for the stories not yet placed in a section, which print under a stand-in title.
    placed: bool = True

    def __post_init__(self):
        object.__setattr__(self, "entries", tuple(self.entries))


@dataclass(frozen=True)
class Manuscript:
    """The whole book. Sizes are in inches; `key` (e.g. the anthology's slug) keeps the
    identifier stable across exports when there is no ISBN."""

    title: str
    sections: tuple[Section, ...]
    editors: tuple[str, ...] = ()
    subtitle: str = ""
    language: str = "en"
    isbn: str | None = None
    key: str = ""
    target_date: date | None = None
    trim: tuple[float, float] = (6.0, 9.0)
    bleed: float = 0.125
    draft: bool = False
    cover: Photo | None = None  # the front cover's picture; the e-book draws one when missing
    blurb: str = ""  # the back cover's text
    caliper: float = PAPER_CALIPERS[PAPER_WHITE]  # paper thickness per page, in inches
    modified: datetime | None = None  # defaults to the time of the export
    # Stories dropped from the book (permission declined or revoked): never printed, only
    # listed by the print-readiness report so the editors see why they are missing.
    left_out: tuple[Entry, ...] = ()
    entries: tuple[Entry, ...] = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "sections", tuple(self.sections))
        object.__setattr__(self, "editors", tuple(self.editors))
        object.__setattr__(self, "left_out", tuple(self.left_out))
        entries = tuple(entry for section in self.sections for entry in section.entries)
        object.__setattr__(self, "entries", entries)
        if not self.title.strip():
            raise ManuscriptError("The book has no title.")
        if not entries:
            raise ManuscriptError(
                f"{title_quoted(self.title)} has no stories yet: add entries to a section."
            )
        if self.isbn is not None and not isbn13_valid(self.isbn):
            raise ManuscriptError(f"“{self.isbn}” is not a valid ISBN-13 (check the last digit).")
        if not _LANGUAGE.match(self.language):
            raise ManuscriptError(f"“{self.language}” is not a language tag such as en or en-GB.")
        width, height = self.trim
        if min(width, height) <= 2 * MARGIN_IN + 1:
            raise ManuscriptError(f"A trim size of {width}×{height} in leaves no room for text.")
        if not 0 <= self.bleed <= 0.5:
            raise ManuscriptError(f"A bleed of {self.bleed} in is outside 0 to 0.5 in.")
        low, high = CALIPER_RANGE
        if not low <= self.caliper <= high:
            raise ManuscriptError(
                f"A paper {self.caliper} in thick per page is outside {low} to {high} in: "
                "check the book's paper."
            )

    @property
    def identifier(self) -> str:
        if self.isbn:
            return "urn:isbn:" + self.isbn.replace("-", "").replace(" ", "")
        name = f"milepost-anthology:{self.key or self.title}"
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"

    @property
    def text_width(self) -> float:
        return self.trim[0] - 2 * MARGIN_IN

    @property
    def text_height(self) -> float:
        return self.trim[1] - 2 * MARGIN_IN


def names_join(names: tuple[str, ...]) -> str:
    """ "", "Ada", "Ada and Ben", "Ada, Ben and Cy"."""
    if not names:
        return ""  # a book whose editors are not named yet
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def photo_print_size(manuscript: Manuscript, photo: Photo) -> tuple[float, float]:
    """Printed width and height in inches: the text block's width, narrower for tall photos."""
    max_height = manuscript.text_height * PHOTO_MAX_HEIGHT_SHARE
    width = min(manuscript.text_width, max_height * photo.width / photo.height)
    return width, width * photo.height / photo.width
