"""The contributors' CSV and the print-readiness report."""

import csv
from dataclasses import replace

import pytest
from PIL import Image, ImageCms, ImageDraw
from pypdf import PdfReader

from milepost.anthology.book.manuscript import (
    PERMISSION_DECLINED,
    PERMISSION_GRANTED,
    PERMISSION_REVOKED,
    Manuscript,
    ManuscriptError,
    Section,
)
from milepost.anthology.book.pdf import manuscript_pdf_write
from milepost.anthology.book.reports import (
    COLOUR_SPACE,
    LEFT_OUT,
    LOW_RESOLUTION,
    NO_ALT_TEXT,
    NO_CAPTION,
    NO_PERMISSION,
    NO_SECTION,
    OVER_WORD_LIMIT,
    UNREADABLE_PHOTO,
    Finding,
    contributors_csv_write,
    print_readiness_html,
    print_readiness_report,
    print_readiness_text,
)
from tests.anthology.books import book_build, jpeg_write


def rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_contributors_csv(tmp_path):
    path = tmp_path / "contributors.csv"
    contributors_csv_write(book_build(tmp_path), path)

    assert rows(path) == [
        ["story", "section", "contributor", "byline", "email", "permission", "permission at",
         "submission"],
        ["The Hill on Elm Street", "Firsts", "Jane Doe", "St. Louis, MO mother runner Jane Doe, 32",
         "jane@example.com", "granted", "2026-11-02T14:30:00+00:00", "SUB-0001"],
        ["Across the Bridge", "Firsts", "Tom Field", "Leeds, UK father runner Tom Field, 45",
         "tom@example.com", "granted", "2026-11-02T14:30:00+00:00", "SUB-0002"],
        ["Rain at Mile Twenty", "Finishes", "Sam Roe", "Portland, OR runner Sam Roe, 27",
         "sam@example.com", "requested", "", "SUB-0003"],
    ]  # fmt: skip


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x.example","a")', "+1+1", "-2+3", "@SUM(A1)", "\tTab"]
)
def test_contributors_csv_defuses_formulas(tmp_path, name):
    book = book_build(tmp_path)
    hill = replace(book.sections[0].entries[0], contributor_name=name, title="=cmd|' /C calc'!A0")
    section = replace(book.sections[0], entries=(hill,))
    path = tmp_path / "contributors.csv"
    contributors_csv_write(replace(book, sections=(section,)), path)

    row = rows(path)[1]
    assert row[0] == "'=cmd|' /C calc'!A0"
    assert row[2] == "'" + name


def test_readiness_report_finds_each_problem(tmp_path):
    findings = print_readiness_report(book_build(tmp_path))

    assert {finding.story for finding in findings} == {"Rain at Mile Twenty"}
    by_kind = {finding.kind: finding.message for finding in findings}
    assert set(by_kind) == {NO_PERMISSION, OVER_WORD_LIMIT, LOW_RESOLUTION, NO_CAPTION, NO_ALT_TEXT}
    assert by_kind[NO_PERMISSION] == (
        "No permission for print: Sam Roe was asked and has not answered yet. Wait, or remind them."
    )
    assert by_kind[OVER_WORD_LIMIT] == "65 words, over the limit of 50."
    # 600 px over the 4.5 in text block of a 6 in trim with 0.75 in margins: 133 ppi.
    assert by_kind[LOW_RESOLUTION] == (
        "Photo 1 (rain.jpg) is 600×400 pixels, printed 4.50 in wide: 133 ppi, under the 300 ppi "
        "a printer asks for; it would print soft. Use a larger original."
    )
    assert by_kind[NO_CAPTION] == "Photo 1 (rain.jpg) has no caption."
    assert by_kind[NO_ALT_TEXT] == (
        "Photo 1 (rain.jpg) has no alt text: the e-book describes it by its caption (or as a "
        "photo of the story) and does not claim that every image is described. Say what it shows."
    )
    blocking = {finding.kind for finding in findings if finding.blocking}
    assert blocking == {NO_PERMISSION}


def test_resolution_depends_on_the_trim_size(tmp_path):
    # 1500 px is 333 DPI across 4.5 in, but only 250 DPI across the 6 in of an 7.5 in trim.
    narrow = print_readiness_report(book_build(tmp_path))
    wide = print_readiness_report(book_build(tmp_path, trim=(7.5, 9.25)))

    def low(findings):
        return [f.story for f in findings if f.kind == LOW_RESOLUTION]

    assert low(narrow) == ["Rain at Mile Twenty"]
    assert low(wide) == ["The Hill on Elm Street", "Rain at Mile Twenty"]


def test_ready_book_has_no_findings(tmp_path):
    book = book_build(tmp_path)
    sections = (book.sections[0],)
    ready = replace(book, sections=sections)

    assert print_readiness_report(ready) == []
    assert "is ready for print" in print_readiness_text(ready, [])
    assert "is ready for print" in print_readiness_html(ready, [])


def test_an_entry_in_no_section_is_a_finding(tmp_path):
    firsts, finishes = book_build(tmp_path).sections
    book = replace(
        book_build(tmp_path), sections=(firsts, replace(finishes, title="Stories", placed=False))
    )
    unplaced = [f for f in print_readiness_report(book) if f.kind == NO_SECTION]
    assert unplaced == [
        Finding(
            NO_SECTION,
            "Rain at Mile Twenty",
            "In no section: it would print under “Stories”. Choose its section in the book's "
            "edit form.",
        )
    ]


def test_report_renderings(tmp_path):
    book = book_build(tmp_path, title="Miles <& more>")
    findings = print_readiness_report(book)

    text = print_readiness_text(book, findings)
    assert text.startswith("“Miles <& more>”: 1 blocking finding and 4 warnings before print\n")
    blocking, warnings = text.split(
        "\n\nWarnings: the book can go to print, but check these first:\n"
    )
    assert blocking.endswith(
        "\n\nBlocking: a final export is refused until these are fixed:\n"
        "- Rain at Mile Twenty: No permission for print: Sam Roe was asked and has not answered "
        "yet. Wait, or remind them."
    )
    assert warnings.startswith("- Rain at Mile Twenty: 65 words, over the limit of 50.\n")
    assert warnings.count("\n- Rain at Mile Twenty: ") == 3
    html = print_readiness_html(book, findings)
    assert "Miles &lt;&amp; more&gt;" in html
    assert html.count("<tr><td>Rain at Mile Twenty</td>") == 5
    assert html.count("<td>Blocking</td>") == 1 and html.count("<td>Warning</td>") == 4


def test_granted_permission_clears_the_finding(tmp_path):
    book = book_build(tmp_path)
    rain = replace(book.sections[1].entries[0], permission=PERMISSION_GRANTED)
    book = replace(book, sections=(book.sections[0], replace(book.sections[1], entries=(rain,))))

    assert NO_PERMISSION not in {finding.kind for finding in print_readiness_report(book)}


def test_bad_books_are_refused_with_a_reason(tmp_path):
    book = book_build(tmp_path)
    with pytest.raises(ManuscriptError, match="“978-3-16-148410-1” is not a valid ISBN-13"):
        replace(book, isbn="978-3-16-148410-1")
    with pytest.raises(ManuscriptError, match="has no stories yet"):
        Manuscript(title="Empty", sections=(Section("Nothing", ()),))
    with pytest.raises(ManuscriptError, match="has no stories yet"):
        Manuscript(title="Empty", sections=())
    with pytest.raises(ManuscriptError, match="not a language tag"):
        replace(book, language="English please")
    with pytest.raises(ManuscriptError, match="leaves no room for text"):
        replace(book, trim=(2.0, 3.0))
    with pytest.raises(ManuscriptError, match="bleed"):
        replace(book, bleed=-0.1)


def with_photo(book, path, size, **fields):
    """The book with "The Hill on Elm Street"'s one photo replaced by the file at `path`."""
    hill = book.sections[0].entries[0]
    photo = replace(hill.photos[0], source=path, width=size[0], height=size[1], **fields)
    section = replace(
        book.sections[0], entries=(replace(hill, photos=(photo,)), *book.sections[0].entries[1:])
    )
    return replace(book, sections=(section,))  # without "Rain at Mile Twenty" and its problems


def hill_findings(book):
    return [f for f in print_readiness_report(book) if f.story == "The Hill on Elm Street"]


def image_save(path, mode, colour, **options):
    image = Image.new("RGB", (1500, 1000), (200, 40, 30))
    ImageDraw.Draw(image).rectangle((0, 0, 500, 500), fill=(20, 120, 200))
    image = image.convert(mode) if mode != "P" else image.quantize(colors=colour)
    image.save(path, **options)
    return path


def icc(kind: str) -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile(kind)).tobytes()


@pytest.mark.parametrize(
    ("name", "mode", "options", "problem"),
    [
        ("rgb.jpg", "RGB", {}, ""),
        ("srgb.jpg", "RGB", {"icc_profile": "sRGB"}, ""),
        ("grey.jpg", "L", {}, ""),
        ("grey.png", "LA", {}, ""),
        ("cmyk.jpg", "CMYK", {}, "is a CMYK image: the book's files turn it into RGB"),
        ("palette.png", "P", {}, "is a palette image of at most 256 colours"),
        ("xyz.jpg", "RGB", {"icc_profile": "XYZ"},
         "has the colour profile “XYZ identity built-in”, not sRGB"),
        ("broken-profile.jpg", "RGB", {"icc_profile": b"not a profile"},
         "has a colour profile that cannot be read"),
    ],
)  # fmt: skip
def test_photos_in_a_colour_space_the_printer_converts_are_warnings(
    tmp_path, name, mode, options, problem
):
    if isinstance(options.get("icc_profile"), str):
        options = {"icc_profile": icc(options["icc_profile"])}
    path = image_save(tmp_path / name, mode, 64, **options)
    with Image.open(path) as image:
        assert image.mode == mode

    findings = hill_findings(with_photo(book_build(tmp_path), path, (1500, 1000)))
    colour = [f for f in findings if f.kind == COLOUR_SPACE]
    if not problem:
        assert findings == []
        return
    (finding,) = colour
    assert finding.message.startswith(f"Photo 1 ({name}) {problem}")
    assert not finding.blocking
    assert [f.kind for f in findings] == [COLOUR_SPACE]


def test_the_effective_ppi_is_at_the_width_the_pdf_prints_it(tmp_path):
    # A portrait 1200×1800 photo prints 60 % of the 7.5 in text block tall (4.5 in), so 3 in
    # wide: 400 ppi. Measured across the 4.5 in text block it would look like 267.
    path = jpeg_write(tmp_path / "tall.jpg", (1200, 1800))
    assert hill_findings(with_photo(book_build(tmp_path), path, (1200, 1800))) == []
    # 900×1350: 300 ppi would need 900 px over 3 in; at 7.5×9.25 (6 in text block, 7.75 in
    # tall) it prints 4.65 in tall and 3.10 in wide: 290 ppi.
    path = jpeg_write(tmp_path / "small.jpg", (900, 1350))
    book = with_photo(book_build(tmp_path, trim=(7.5, 9.25)), path, (900, 1350))
    (finding,) = hill_findings(book)
    assert finding.kind == LOW_RESOLUTION and not finding.blocking
    assert finding.message.startswith(
        "Photo 1 (small.jpg) is 900×1350 pixels, printed 3.10 in wide: 290 ppi, under the 300 ppi"
    )


def test_an_unreadable_photo_is_blocking(tmp_path):
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"not an image at all")
    (finding,) = hill_findings(with_photo(book_build(tmp_path), path, (1500, 1000)))
    assert finding.kind == UNREADABLE_PHOTO and finding.blocking
    assert finding.message == (
        "The photo of “The Hill on Elm Street” is not a readable image: broken.jpg. Replace the "
        "photo."
    )


def test_stories_left_out_are_listed_as_warnings(tmp_path):
    book = book_build(tmp_path)
    gone = replace(book.sections[0].entries[1], permission=PERMISSION_DECLINED)
    revoked = replace(book.sections[0].entries[0], permission=PERMISSION_REVOKED)
    book = replace(book, sections=(book.sections[0],), left_out=[gone, revoked])

    assert print_readiness_report(book)[-2:] == [
        Finding(
            LEFT_OUT, "Across the Bridge", "Left out of the book: Tom Field declined permission "
            "for print."
        ),
        Finding(
            LEFT_OUT, "The Hill on Elm Street", "Left out of the book: Jane Doe revoked their "
            "permission for print."
        ),
    ]  # fmt: skip
    assert not any(finding.blocking for finding in print_readiness_report(book))


def pdf_photo_widths(path) -> list[float]:
    """The width, in inches, at which each image is drawn on the PDF's pages, in page order."""
    widths = []

    def drawn(operator, operands, matrix, text_matrix):
        if operator == b"Do":
            widths.append(float(matrix[0]) / 72)

    for page in PdfReader(path).pages:
        page.extract_text(visitor_operand_before=drawn)
    return widths


def test_the_printed_width_in_the_report_is_the_width_in_the_pdf(tmp_path):
    tall = jpeg_write(tmp_path / "tall.jpg", (600, 900))
    book = book_build(tmp_path)
    hill = book.sections[0].entries[0]
    photo = replace(hill.photos[0], source=tall, width=600, height=900)
    firsts = replace(book.sections[0], entries=(replace(hill, photos=(photo,)),))
    book = replace(book, sections=(firsts, book.sections[1]))
    manuscript_pdf_write(book, tmp_path / "book.pdf")

    measured = pdf_photo_widths(tmp_path / "book.pdf")
    assert [round(width, 2) for width in measured] == [3.0, 4.5]
    low = [f.message for f in print_readiness_report(book) if f.kind == LOW_RESOLUTION]
    assert low == [
        f"Photo 1 (tall.jpg) is 600×900 pixels, printed {measured[0]:.2f} in wide: "
        f"{600 / measured[0]:.0f} ppi, under the 300 ppi a printer asks for; it would print "
        "soft. Use a larger original.",
        f"Photo 1 (rain.jpg) is 600×400 pixels, printed {measured[1]:.2f} in wide: "
        f"{600 / measured[1]:.0f} ppi, under the 300 ppi a printer asks for; it would print "
        "soft. Use a larger original.",
    ]
