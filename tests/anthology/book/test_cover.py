"""The cover PDF read back: its boxes (pikepdf) against back + spine + front + bleed, the spine's
text only when the spine is wide enough, and the barcode read from the rendered page (pypdfium2
and zxing-cpp) against the ISBN."""

from dataclasses import replace

import pikepdf
import pypdfium2
import pytest
import zxingcpp

from milepost.anthology.book.cover import (
    SPINE_TEXT_MIN_IN,
    cover_export_write,
    cover_size,
    interior_pages_count,
    manuscript_cover_write,
)
from milepost.anthology.book.manuscript import (
    PAPER_CALIPERS,
    ManuscriptError,
    isbn13_valid,
)
from milepost.anthology.book.reports import (
    COVER_LOW_RESOLUTION,
    NO_BLURB,
    NO_COVER_IMAGE,
    NO_ISBN,
    PAGE_COUNT,
    SPINE_WIDTH,
    book_findings,
)
from tests.anthology.books import ISBN, ProgressSeen, book_build, photo_make

POINTS = 72


def cover_book(folder, **changes):
    """The test book with a cover picture big enough for 300 ppi and a blurb."""
    picture = photo_make(folder, "cover", size=(2000, 2850), alt_text="Runners at dawn")
    return book_build(folder, cover=picture, blurb="Thirty stories of the miles that mattered.")


def rendered(path, dpi=300):
    document = pypdfium2.PdfDocument(str(path))
    try:
        return document[0].render(scale=dpi / POINTS).to_pil()
    finally:
        document.close()


def spine_text(path, size, book) -> str:
    """The text pdfium finds between the spine's folds."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[0]
        bleed = book.bleed * POINTS
        left = bleed + book.trim[0] * POINTS
        right = left + size.spine * POINTS
        return page.get_textpage().get_text_bounded(left, 0, right, page.get_height())
    finally:
        document.close()


@pytest.mark.parametrize(
    ("pages", "caliper", "trim"),
    [
        (24, PAPER_CALIPERS["white"], (6.0, 9.0)),
        (212, PAPER_CALIPERS["cream"], (6.0, 9.0)),
        (480, PAPER_CALIPERS["colour"], (5.5, 8.5)),
        (333, 0.0031, (7.0, 10.0)),  # another printer's paper, entered by hand
    ],
)
def test_the_page_is_back_spine_and_front_plus_bleed(tmp_path, pages, caliper, trim):
    book = replace(cover_book(tmp_path), caliper=caliper, trim=trim)
    path = tmp_path / "cover.pdf"
    manuscript_cover_write(book, path, pages)
    spine = pages * caliper
    width, height = 2 * trim[0] + spine, trim[1]
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        media = [float(x) / POINTS for x in page.MediaBox]
        trimbox = [float(x) / POINTS for x in page.TrimBox]
        bleedbox = [float(x) / POINTS for x in page.BleedBox]
    bleed = book.bleed
    assert media[2] - media[0] == pytest.approx(width + 2 * bleed, abs=0.001)
    assert media[3] - media[1] == pytest.approx(height + 2 * bleed, abs=0.001)
    inset = [media[0] + bleed, media[1] + bleed, media[2] - bleed, media[3] - bleed]
    assert trimbox == pytest.approx(inset, abs=0.001)
    assert trimbox[2] - trimbox[0] == pytest.approx(width, abs=0.001)
    assert bleedbox == pytest.approx(media, abs=0.001)  # a 0.125 in bleed is all kept


def test_the_spine_carries_the_title_and_editors_only_when_wide_enough(tmp_path):
    book = cover_book(tmp_path)
    narrow, wide = tmp_path / "narrow.pdf", tmp_path / "wide.pdf"
    thin = manuscript_cover_write(book, narrow, 100)  # 0.225 in on white paper
    thick = manuscript_cover_write(book, wide, 120)  # 0.270 in
    assert thin.spine < SPINE_TEXT_MIN_IN <= thick.spine
    assert spine_text(narrow, thin, book).strip() == ""
    text = " ".join(spine_text(wide, thick, book).split())
    assert "Most Important Miles" in text and "Ada Editor and Ben Reader" in text


def test_the_barcode_reads_back_as_the_isbn_in_pure_black(tmp_path):
    path = tmp_path / "cover.pdf"
    manuscript_cover_write(replace(cover_book(tmp_path), draft=True), path, 200)
    found = zxingcpp.read_barcodes(rendered(path))
    assert [(code.format.name, code.text) for code in found] == [("EAN13", "9783161484100")]
    with pikepdf.open(path) as pdf:
        content = pdf.pages[0].Contents.read_bytes()
    assert b"/DeviceCMYK cs\n0 0 0 1 scn" in content  # text and bars: K only


def test_the_cover_is_pdf_x4_in_the_printers_cmyk_with_the_bleed_kept(tmp_path):
    path = tmp_path / "cover.pdf"
    manuscript_cover_write(replace(cover_book(tmp_path), bleed=0.25, draft=True), path, 200)
    with pikepdf.open(path) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and intent.DestOutputProfile.N == 4
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
        assert pdf.open_metadata()["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        page = pdf.pages[0]
        assert [float(x) for x in page.BleedBox] == [float(x) for x in page.MediaBox]
        content = page.Contents.read_bytes()
        [picture] = [x for x in page.Resources.XObject.values() if x.Subtype == "/Image"]
        assert picture.ColorSpace == "/DeviceCMYK"  # the cover picture, in the printer's CMYK
        assert pdf.check_pdf_syntax() == []
    assert b" rg\n" not in content and b" RG\n" not in content  # no RGB colour on the page


def test_a_book_without_isbn_gets_a_marked_place_and_no_barcode(tmp_path):
    path = tmp_path / "cover.pdf"
    manuscript_cover_write(replace(cover_book(tmp_path), isbn=None), path, 200)
    assert zxingcpp.read_barcodes(rendered(path, dpi=150)) == []


def test_the_export_counts_the_interior_once_and_reports_its_progress(tmp_path):
    book = cover_book(tmp_path)
    pages = interior_pages_count(book)
    progress = ProgressSeen()
    size = cover_export_write(book, tmp_path / "cover.pdf", progress)
    assert size == cover_size(book, pages) and size.pages == pages
    progress.assert_forward_to_the_end()
    assert progress.stages[-1] == f"Cover written (spine {size.spine:.3f} in for {pages} pages)"


def test_an_unreadable_cover_picture_is_refused_with_its_name(tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a picture")
    book = replace(cover_book(tmp_path), cover=replace(cover_book(tmp_path).cover, source=broken))
    with pytest.raises(ManuscriptError, match="broken.jpg"):
        manuscript_cover_write(book, tmp_path / "cover.pdf", 100)
    assert not (tmp_path / "cover.pdf").exists()


def test_a_paper_outside_reason_is_refused(tmp_path):
    with pytest.raises(ManuscriptError, match="check the book's paper"):
        replace(cover_book(tmp_path), caliper=0.25)


@pytest.mark.parametrize(
    ("isbn", "valid"),
    [
        (ISBN, True),
        ("978 3 16 148410 0", True),
        ("9783161484100", True),
        ("979-10-90636-07-1", True),
        ("978-3-16-148410-1", False),  # check digit
        ("9771234567898", False),  # right check digit, not a book's prefix
        ("978-3-16-14841", False),
        ("978316148410X", False),
    ],
)
def test_isbn_13_check_digit_prefix_hyphens_and_spaces(isbn, valid):
    assert isbn13_valid(isbn) is valid


def test_the_report_tells_pages_spine_and_what_the_cover_needs(tmp_path):
    ready = cover_book(tmp_path)
    findings = book_findings(ready, 212)
    assert [f.kind for f in findings] == [PAGE_COUNT, SPINE_WIDTH]
    assert findings[0].message == "212 pages in the print PDF."
    assert "A spine of 0.477 in" in findings[1].message
    assert "wide enough for its title" in findings[1].message
    bare = replace(ready, isbn=None, cover=None, blurb="")
    assert [f.kind for f in book_findings(bare)] == [NO_ISBN, NO_COVER_IMAGE, NO_BLURB]
    small = replace(ready, cover=photo_make(tmp_path, "small", size=(900, 1300)))
    (finding,) = book_findings(small)
    assert finding.kind == COVER_LOW_RESOLUTION
    assert "900×1300 pixels: 141 ppi across the front, under 300" in finding.message
