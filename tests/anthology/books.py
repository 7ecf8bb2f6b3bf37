"""A small real book for the export tests: three stories in two sections, real JPEG photos on
disk, and one story with every print problem the readiness report looks for."""

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from PIL import Image, ImageDraw

from milepost.anthology.book.manuscript import (
    PERMISSION_GRANTED,
    PERMISSION_REQUESTED,
    Entry,
    Manuscript,
    Photo,
    Section,
)

ISBN = "978-3-16-148410-0"
GRANTED_AT = datetime(2026, 11, 2, 14, 30, tzinfo=UTC)


def jpeg_write(path: Path, size: tuple[int, int], colour=(40, 90, 160)) -> Path:
    """A JPEG with a drawn block, so it is not a flat colour."""
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 3, size[1] // 3), fill=(220, 60, 20))
    image.save(path, "JPEG", quality=85)
    return path


def photo_make(folder: Path, name: str, size=(1500, 1000), **fields) -> Photo:
    path = jpeg_write(folder / f"{name}.jpg", size)
    defaults = {"caption": f"Caption of {name}", "alt_text": f"Alt of {name}", "credit": "Ann Lens"}
    return Photo(source=path, width=size[0], height=size[1], **{**defaults, **fields})


def words(count: int, seed: str) -> str:
    return " ".join(f"{seed}{number}" for number in range(count))


def book_build(folder: Path, **changes) -> Manuscript:
    """Two sections; "Rain at Mile Twenty" lacks permission, is over its limit, and has a
    low-resolution photo without caption or alt text."""
    hill = Entry(
        title="The Hill on Elm Street",
        byline="St. Louis, MO mother runner Jane Doe, 32",
        paragraphs=("Jane climbed the hill at dawn. " + words(40, "hill"), "She did not stop."),
        photos=(
            photo_make(folder, "hill", caption="Jane at the top", alt_text="A woman on a hill"),
        ),
        contributor_name="Jane Doe",
        contributor_email="jane@example.com",
        word_limit=500,
        reference="SUB-0001",
        permission=PERMISSION_GRANTED,
        permission_at=GRANTED_AT,
    )
    bridge = Entry(
        title="Across the Bridge",
        byline="Leeds, UK father runner Tom Field, 45",
        paragraphs=("Tom crossed the bridge with his daughter.",),
        contributor_name="Tom Field",
        contributor_email="tom@example.com",
        word_limit=500,
        reference="SUB-0002",
        permission=PERMISSION_GRANTED,
        permission_at=GRANTED_AT,
    )
    rain = Entry(
        title="Rain at Mile Twenty",
        byline="Portland, OR runner Sam Roe, 27",
        paragraphs=("It rained all the way. " + words(60, "rain"),),
        photos=(photo_make(folder, "rain", size=(600, 400), caption="", alt_text="", credit=""),),
        contributor_name="Sam Roe",
        contributor_email="sam@example.com",
        word_limit=50,
        reference="SUB-0003",
        permission=PERMISSION_REQUESTED,
    )
    book = Manuscript(
        title="Most Important Miles",
        subtitle="Stories from our readers",
        editors=("Ada Editor", "Ben Reader"),
        language="en",
        isbn=ISBN,
        target_date=date(2027, 5, 1),
        trim=(6.0, 9.0),
        bleed=0.125,
        sections=(Section("Firsts", (hill, bridge)), Section("Finishes", (rain,))),
        modified=datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
    )
    return replace(book, **changes) if changes else book


class ProgressSeen(list):
    """A progress callback that keeps every report: (fraction, stage)."""

    def __call__(self, fraction: float, stage: str) -> None:
        self.append((fraction, stage))

    def assert_forward_to_the_end(self) -> None:
        fractions = [fraction for fraction, _ in self]
        assert fractions == sorted(fractions) and fractions[0] >= 0 and fractions[-1] == 1.0

    @property
    def stages(self) -> list[str]:
        return [stage for _, stage in self]
