"""The print PDF, read back: its PDF/X-4 structure with pikepdf (output intent, boxes, fonts, the
colour of every text and mark), its text with pypdf (contents, running heads, page numbers) and
placed image resolution."""

import logging
import re
from dataclasses import replace
from decimal import Decimal

import pikepdf
import pypdf
import pytest
from PIL import ImageFile
from pypdf.generic import ContentStream

from milepost.anthology.book.manuscript import Entry, ManuscriptError, Section
from milepost.anthology.book.pdf import manuscript_pages_count, manuscript_pdf_write
from tests.anthology.books import ProgressSeen, book_build, jpeg_write

POINTS = 72
BLACK_INK = ("/DeviceCMYK", 0.0, 0.0, 0.0, 1.0)
TEXT_SHOWN = {"Tj", "TJ", "'", '"'}
STROKED = {"S", "s", "B", "B*", "b", "b*"}
PAINTED = STROKED | {"f", "F", "f*", "n"}
COLOUR_SPACES = {"rg": "/DeviceRGB", "k": "/DeviceCMYK", "g": "/DeviceGray"}


def pdf_write(tmp_path, proof=False, **changes) -> pypdf.PdfReader:
    path = tmp_path / "book.pdf"
    manuscript_pdf_write(book_build(tmp_path, **changes), path, proof=proof)
    return pypdf.PdfReader(path)


def pikepdf_write(tmp_path, proof=False, **changes) -> pikepdf.Pdf:
    pdf_write(tmp_path, proof=proof, **changes)
    return pikepdf.open(tmp_path / "book.pdf")


def page_texts(reader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def matrix_multiply(m, n):
    a, b, c, d, e, f = m
    g, h, i, j, k, l = n  # noqa: E741
    return (
        a * g + b * i,
        a * h + b * j,
        c * g + d * i,
        c * h + d * j,
        e * g + f * i + k,
        e * h + f * j + l,
    )


def point(matrix, x, y) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def placed_images(reader, page) -> list[tuple[int, float]]:
    """(pixel width, placed width in points) of each image drawn on the page."""
    xobjects = page["/Resources"]["/XObject"]
    matrix, stack, placed = (1, 0, 0, 1, 0, 0), [], []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            stack.append(matrix)
        elif operator == b"Q":
            matrix = stack.pop()
        elif operator == b"cm":
            matrix = matrix_multiply(tuple(float(x) for x in operands), matrix)
        elif operator == b"Do":
            image = xobjects[operands[0]].get_object()
            if image["/Subtype"] == "/Image":
                placed.append((int(image["/Width"]), abs(matrix[0]) + abs(matrix[2])))
    return placed


def drawn(stream, resources, matrix=(1, 0, 0, 1, 0, 0)):
    """Every operation a page draws, into its form XObjects, with what applies to it then:
    (operator, operands, transformation matrix, fill colour, stroke colour)."""
    fill = stroke = ("/DeviceGray", 0.0)
    spaces, stack = {"fill": "/DeviceGray", "stroke": "/DeviceGray"}, []
    for operands, operator in pikepdf.parse_content_stream(stream):
        operator = str(operator)
        numbers = tuple(float(x) for x in operands if isinstance(x, int | float | Decimal))
        if operator == "q":
            stack.append((matrix, fill, stroke, dict(spaces)))
        elif operator == "Q":
            matrix, fill, stroke, spaces = stack.pop()
        elif operator == "cm":
            matrix = matrix_multiply(numbers, matrix)
        elif operator in ("cs", "CS"):
            spaces["fill" if operator == "cs" else "stroke"] = str(operands[0])
        elif operator in ("sc", "scn"):
            fill = (spaces["fill"], *numbers)
        elif operator in ("SC", "SCN"):
            stroke = (spaces["stroke"], *numbers)
        elif operator in COLOUR_SPACES:
            fill = (COLOUR_SPACES[operator], *numbers)
        elif operator.lower() in COLOUR_SPACES:
            stroke = (COLOUR_SPACES[operator.lower()], *numbers)
        elif operator == "Do":
            xobject = resources.XObject[operands[0]]
            if xobject.Subtype == "/Form":
                inner = matrix_multiply(tuple(xobject.get("/Matrix", (1, 0, 0, 1, 0, 0))), matrix)
                yield from drawn(xobject, xobject.get("/Resources", resources), inner)
        yield operator, operands, matrix, fill, stroke


def page_drawn(page):
    return list(drawn(page.obj, page.obj.Resources))


def strokes_outside(page, box) -> int:
    """The stroked paths drawn wholly outside `box` (left, bottom, right, top): crop marks."""
    left, bottom, right, top = (float(x) for x in box)
    path, count = [], 0
    for operator, operands, matrix, _, _ in page_drawn(page):
        if operator in ("m", "l"):
            path.append(point(matrix, *(float(x) for x in operands)))
        elif operator == "re":
            x, y, width, height = (float(x) for x in operands)
            path += [point(matrix, x, y), point(matrix, x + width, y + height)]
        elif operator in PAINTED:
            outside = all(x < left or x > right or y < bottom or y > top for x, y in path)
            count += bool(path) and outside and operator in STROKED
            path = []
    return count


def rounded(box) -> list[float]:
    return [round(float(x), 3) for x in box]


def test_pdf_x4_with_the_printers_cmyk_output_intent(tmp_path):
    pdf = pikepdf_write(tmp_path)

    [intent] = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFX"
    assert str(intent.OutputConditionIdentifier) == "Artifex CMYK SWOP Profile"
    profile = intent.DestOutputProfile
    assert profile.N == 4
    header = profile.read_bytes()[:20]
    assert header[12:16] == b"prtr" and header[16:20] == b"CMYK"  # an output profile, CMYK
    assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
    assert str(pdf.docinfo["/Title"]) == "Most Important Miles"
    assert pdf.open_metadata()["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
    assert pdf.pdf_version >= "1.6"
    assert "/ID" in pdf.trailer  # PDF/X asks for the file identifier
    assert pdf.check_pdf_syntax() == []  # qpdf finds nothing wrong in the file's structure
    # PDF/X allows no annotation (a link) on the page: the contents are page numbers only.
    assert not any("/Annots" in page.obj for page in pdf.pages)


@pytest.mark.parametrize("bleed", [0.125, 0.25])
def test_trim_and_bleed_boxes_on_every_page(tmp_path, bleed):
    pdf = pikepdf_write(tmp_path, bleed=bleed)

    trim = [0, 0, 6 * POINTS, 9 * POINTS]
    around = bleed * POINTS
    assert len(pdf.pages) > 5
    for page in pdf.pages:
        assert rounded(page.obj.TrimBox) == trim
        assert rounded(page.obj.BleedBox) == [-around, -around, trim[2] + around, trim[3] + around]
        assert rounded(page.obj.MediaBox) == rounded(page.obj.BleedBox)


def test_a_proof_has_crop_marks_outside_the_bleed_and_the_printers_file_none(tmp_path):
    final = pikepdf_write(tmp_path)
    (tmp_path / "proof").mkdir()
    proof = pikepdf_write(tmp_path / "proof", proof=True)

    assert len(proof.pages) == len(final.pages)
    for page in final.pages:
        assert strokes_outside(page, page.obj.TrimBox) == 0
    slug = (0.125 + 0.25) * POINTS
    for page in proof.pages:
        assert rounded(page.obj.TrimBox) == [0, 0, 432, 648]
        assert rounded(page.obj.BleedBox) == [-9, -9, 441, 657]
        assert rounded(page.obj.MediaBox) == [-slug, -slug, 432 + slug, 648 + slug]
        # Two marks at each corner, beyond the bleed, where the page is cut.
        assert strokes_outside(page, page.obj.BleedBox) == 8


def test_every_font_is_embedded_and_subset(tmp_path):
    pdf = pikepdf_write(tmp_path)

    fonts = {}
    for page in pdf.pages:
        for font in page.obj.Resources.Font.values():
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            fonts[str(font.BaseFont)] = descendant.FontDescriptor
    assert len(fonts) >= 3
    for name, descriptor in fonts.items():
        assert {"/FontFile2", "/FontFile3"} & set(descriptor.keys()), name
        assert re.fullmatch(r"/[A-Z]{6}\+Book-(Serif|Sans)(-Bold)?", name), name


@pytest.mark.parametrize("draft", [False, True])
def test_text_in_black_ink_alone_and_no_rgb(tmp_path, draft):
    pdf = pikepdf_write(tmp_path, draft=draft)

    shown = 0
    for page in pdf.pages:
        for operator, _, _, fill, stroke in page_drawn(page):
            if operator in TEXT_SHOWN:
                shown += 1
                assert fill == BLACK_INK, page.index
            for colour in (fill, stroke):
                assert colour[0] != "/DeviceRGB", (page.index, operator)
    assert shown > 50
    # Photos in sRGB said with its profile, for the printer to convert: no device RGB.
    images = [x for x in pdf.pages[0].obj.Resources.XObject.values() if x.Subtype == "/Image"]
    assert len(images) == 2
    for image in images:
        space, profile = image.ColorSpace
        assert space == "/ICCBased" and profile.N == 3
        assert profile.read_bytes()[16:20] == b"RGB "


def test_missing_cmyk_profile_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr("milepost.anthology.book.colour.CMYK_PROFILE", tmp_path / "none.icc")

    with pytest.raises(ManuscriptError, match="install Debian's libgs-common"):
        pdf_write(tmp_path)
    assert not list(tmp_path.glob("*.pdf*"))


def contents_lines(text: str) -> dict[str, int]:
    """The contents' page numbers: {title: page}."""
    lines = {}
    for line in text.splitlines()[1:]:
        title, dots, number = line.rpartition(" ")
        assert number.isdigit(), line
        lines[title.rstrip(" .")] = int(number)
    return lines


def test_contents_give_the_pages_sections_and_stories_start_on(tmp_path):
    texts = page_texts(pdf_write(tmp_path))

    assert texts[0].startswith("Most Important Miles\nStories from our readers")
    assert "Edited by Ada Editor and Ben Reader" in texts[0]
    assert texts[1] == ""  # the contents open on a right-hand page
    assert texts[2].startswith("Contents")
    contents = contents_lines(texts[2])
    assert list(contents) == [
        "Firsts",
        "The Hill on Elm Street",
        "Across the Bridge",
        "Finishes",
        "Rain at Mile Twenty",
        "Acknowledgments",
    ]
    for title, number in contents.items():
        assert texts[number - 1].startswith(title), title
        assert not any(text.startswith(title) for text in texts[: number - 1]), title
    # Sections and the acknowledgments open on right-hand (odd) pages.
    for title in ("Firsts", "Finishes", "Acknowledgments"):
        assert contents[title] % 2 == 1, title


def test_running_heads_and_page_numbers_none_on_blank_and_opening_pages(tmp_path):
    texts = page_texts(pdf_write(tmp_path))
    contents = contents_lines(texts[2])

    # Section openers carry their title alone; the blank page before one carries nothing.
    for section in ("Firsts", "Finishes"):
        assert texts[contents[section] - 1] == section
    blanks = [number for number, text in enumerate(texts, start=1) if not text.strip()]
    assert blanks == [2, 4, 8]
    hill = contents["The Hill on Elm Street"] - 1
    assert "St. Louis, MO mother runner Jane Doe, 32" in texts[hill]
    assert "Jane climbed the hill at dawn." in texts[hill]
    assert "Jane at the top Photo: Ann Lens" in texts[hill]
    # Left (even) pages carry the book's title, right (odd) pages the section's; both occur.
    heads = set()
    for title, section in [
        ("The Hill on Elm Street", "Firsts"),
        ("Across the Bridge", "Firsts"),
        ("Rain at Mile Twenty", "Finishes"),
        ("Acknowledgments", "Acknowledgments"),
    ]:
        number = contents[title]
        head = "Most Important Miles" if number % 2 == 0 else section
        assert texts[number - 1].splitlines()[-2:] == [head, str(number)], title
        heads.add(number % 2)
    assert heads == {0, 1}
    assert "DRAFT" not in "".join(texts)


def test_acknowledgments_name_contributors_as_their_bylines_print(tmp_path):
    texts = page_texts(pdf_write(tmp_path))
    contents = contents_lines(texts[2])

    thanks = " ".join(texts[contents["Acknowledgments"] - 1].split())
    for byline, title in [
        ("St. Louis, MO mother runner Jane Doe, 32", "The Hill on Elm Street"),
        ("Leeds, UK father runner Tom Field, 45", "Across the Bridge"),
        ("Portland, OR runner Sam Roe, 27", "Rain at Mile Twenty"),
    ]:
        assert f"{byline}, “{title}”, page {contents[title]}" in thanks


def test_no_widows_or_orphans(tmp_path):
    """A story of paragraphs of many lengths, so that page breaks fall inside some of them:
    each part of a paragraph split over two pages has at least two lines."""
    paragraphs = tuple(
        " ".join(f"w{number}x{word}" for word in range(8 + number * 7 % 50)) for number in range(60)
    )
    book = book_build(tmp_path)
    long = Entry(title="A Long Run", byline="Ada", paragraphs=paragraphs, contributor_name="Ada")
    path = tmp_path / "book.pdf"
    manuscript_pdf_write(replace(book, sections=(Section("Long", (long,)),)), path)

    split = 0
    for number in range(60):
        token = re.compile(rf"\bw{number}x\d+\b")
        pages = [
            sum(bool(token.search(line)) for line in text.splitlines())
            for text in page_texts(pypdf.PdfReader(path))
        ]
        parts = [lines for lines in pages if lines]
        if len(parts) > 1:
            split += 1
            assert min(parts) >= 2, (number, parts)
    assert split >= 3


def test_images_are_placed_at_print_resolution(tmp_path):
    book = book_build(tmp_path)
    hill = book.sections[0].entries[0]
    big = jpeg_write(tmp_path / "big.jpg", (4000, 3000))
    photo = replace(hill.photos[0], source=big, width=4000, height=3000)
    section = replace(book.sections[0], entries=(replace(hill, photos=(photo,)),))
    path = tmp_path / "book.pdf"
    manuscript_pdf_write(replace(book, sections=(section, book.sections[1])), path)

    reader = pypdf.PdfReader(path)
    placed = [image for page in reader.pages for image in placed_images(reader, page)]
    # 4000 px is brought down to 300 DPI over the 4.5 in text width; 600 px is kept (133 DPI).
    assert [(pixels, round(width / POINTS, 2)) for pixels, width in placed] == [
        (1350, 4.5),
        (600, 4.5),
    ]
    assert round(1350 / (placed[0][1] / POINTS)) == 300


def test_draft_watermark_on_every_page(tmp_path):
    texts = page_texts(pdf_write(tmp_path, draft=True))

    assert len(texts) > 5
    assert all("DRAFT" in text for text in texts)


def test_missing_font_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr("milepost.anthology.book.fonts.FONT_DIR", tmp_path / "no-fonts")

    with pytest.raises(ManuscriptError, match="install Debian's fonts-dejavu-core"):
        pdf_write(tmp_path)
    assert not list(tmp_path.glob("*.pdf*"))


def test_pillow_still_refuses_truncated_images_once_weasyprint_is_loaded():
    """This module imported the PDF writer, so WeasyPrint, which turns the refusal off on import;
    intake's photo checks depend on it."""
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_truncated_photo_fails_the_pdf(tmp_path):
    book = book_build(tmp_path)
    data = (tmp_path / "hill.jpg").read_bytes()
    (tmp_path / "hill.jpg").write_bytes(data[: len(data) // 2])

    with pytest.raises(ManuscriptError, match="“The Hill on Elm Street” is damaged"):
        manuscript_pdf_write(book, tmp_path / "book.pdf")
    assert not list(tmp_path.glob("*.pdf*"))


def test_missing_photo_leaves_no_file(tmp_path):
    book = book_build(tmp_path)
    (tmp_path / "hill.jpg").unlink()

    with pytest.raises(ManuscriptError, match="photo of “The Hill on Elm Street” is missing"):
        manuscript_pdf_write(book, tmp_path / "book.pdf")
    assert not list(tmp_path.glob("*.pdf*"))


def test_progress_story_by_story_then_page_by_page(tmp_path):
    weasyprint_log = logging.getLogger("weasyprint.progress")
    before = (weasyprint_log.level, weasyprint_log.propagate, list(weasyprint_log.handlers))
    seen = ProgressSeen()
    manuscript_pdf_write(book_build(tmp_path), tmp_path / "book.pdf", progress=seen)
    # WeasyPrint's log is as it was: the pages were heard by this export only.
    assert (weasyprint_log.level, weasyprint_log.propagate, weasyprint_log.handlers) == before
    seen.assert_forward_to_the_end()
    assert seen.stages[:3] == [
        "Preparing stories 1/3",
        "Preparing stories 2/3",
        "Preparing stories 3/3",
    ]
    pages = len(pypdf.PdfReader(tmp_path / "book.pdf").pages)
    laid_out = [stage for stage in seen.stages if stage.startswith("Laying out page")]
    assert laid_out[0].startswith("Laying out page 1 of about ")
    assert laid_out[-1].startswith(f"Laying out page {pages} of about ")
    assert seen.stages[-2:] == [f"Writing the PDF ({pages} pages)", "PDF written"]


def test_the_page_count_for_the_spine_is_the_written_pdfs(tmp_path):
    reader = pdf_write(tmp_path)
    assert manuscript_pages_count(book_build(tmp_path)) == len(reader.pages) > 4


def test_a_book_with_no_editors_named_yet_is_written(tmp_path):
    texts = page_texts(pdf_write(tmp_path, editors=()))
    assert texts[0].startswith("Most Important Miles") and "Edited by" not in texts[0]
