"""The print PDF, read back with pypdf: page boxes, fonts, text and placed image resolution."""

import logging
from dataclasses import replace

import pypdf
import pytest
from PIL import ImageFile
from pypdf.generic import ContentStream

from milepost.anthology.book.manuscript import ManuscriptError
from milepost.anthology.book.pdf import manuscript_pdf_write
from tests.anthology.books import ProgressSeen, book_build, jpeg_write

POINTS = 72


def pdf_write(tmp_path, **changes) -> pypdf.PdfReader:
    path = tmp_path / "book.pdf"
    manuscript_pdf_write(book_build(tmp_path, **changes), path)
    return pypdf.PdfReader(path)


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


def test_page_size_is_trim_plus_bleed(tmp_path):
    reader = pdf_write(tmp_path)

    for page in reader.pages:
        assert [float(x) for x in page.mediabox] == [-9, -9, 6.25 * POINTS - 9, 9.25 * POINTS - 9]
        assert page.mediabox.width == (6 + 2 * 0.125) * POINTS
        assert page.mediabox.height == (9 + 2 * 0.125) * POINTS
        assert (page.trimbox.width, page.trimbox.height) == (6 * POINTS, 9 * POINTS)


def test_every_font_is_embedded(tmp_path):
    reader = pdf_write(tmp_path)

    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            fonts[font["/BaseFont"]] = descendant["/FontDescriptor"].get_object()
    assert len(fonts) >= 3
    for name, descriptor in fonts.items():
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), name
        assert "Book-" in name, name  # the DejaVu files named in @font-face, no fallback font


def test_text_running_heads_and_page_numbers(tmp_path):
    texts = page_texts(pdf_write(tmp_path))

    assert texts[0].startswith("Most Important Miles\nStories from our readers")
    assert "Edited by Ada Editor and Ben Reader" in texts[0]
    contents = texts[1]
    assert contents.startswith("Contents")
    for title in ("Firsts", "The Hill on Elm Street", "Across the Bridge", "Rain at Mile Twenty"):
        assert title in contents
    hill = next(number for number, text in enumerate(texts) if text.startswith("The Hill on"))
    assert "St. Louis, MO mother runner Jane Doe, 32" in texts[hill]
    assert "Jane climbed the hill at dawn." in texts[hill]
    assert "Jane at the top Photo: Ann Lens" in texts[hill]
    # The contents give the story's printed page number; the page shows it at its foot.
    assert texts[hill].rstrip().endswith(str(hill + 1))
    contents_line = next(line for line in contents.splitlines() if "Hill on Elm" in line)
    assert contents_line.rstrip().endswith(str(hill + 1))
    # Left (even) pages carry the book's title, right (odd) pages the story's; both kinds occur.
    heads = set()
    for title in ("The Hill on Elm Street", "Across the Bridge", "Rain at Mile Twenty"):
        index = next(number for number, text in enumerate(texts) if text.startswith(title))
        head = "Most Important Miles" if (index + 1) % 2 == 0 else title
        assert texts[index].splitlines()[-2:] == [head, str(index + 1)]
        heads.add(head == title)
    assert heads == {True, False}
    assert "DRAFT" not in "".join(texts)


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
