"""The cover as an export: from the admin's export form and from `export_book --format cover`,
its spine from the print PDF's page count and the book's paper, a final cover refused without
ISBN or picture, and the book's cover fields in its edit form."""

import io

import pikepdf
import pypdfium2
import pytest
import zxingcpp
from django.core.management import CommandError, call_command

from milepost.anthology.book.cover import interior_pages_count
from milepost.anthology.book.progress import progress_ignored
from milepost.anthology.exports import report_write
from milepost.anthology.models import Anthology, AnthologyExport
from milepost.anthology.selectors import anthology_manuscript_get
from milepost.anthology.services import book_permission_grant, book_permission_request
from tests.anthology.admin_forms import book_edit_data, book_edit_url
from tests.anthology.books import book_build
from tests.factories import image_create

ISBN = "978-3-16-148410-0"
POINTS = 72


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def granted(entry):
    book_permission_grant(book_permission_request(entry), name="Jane Doe", address="127.0.0.1")
    return entry


def cover_ready(anthology: Anthology) -> Anthology:
    anthology.isbn = ISBN
    anthology.cover_image = image_create("Dawn", width=1900, height=2800)
    anthology.blurb = "Stories of the miles that mattered."
    anthology.paper = "cream"
    anthology.save()
    return anthology


def media_width(data: bytes) -> float:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        box = pdf.pages[0].MediaBox
        return (float(box[2]) - float(box[0])) / POINTS


def barcodes(path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        image = document[0].render(scale=300 / POINTS).to_pil()
    finally:
        document.close()
    return [code.text for code in zxingcpp.read_barcodes(image)]


def test_the_admin_exports_a_draft_cover_as_a_numbered_version(
    editor_client, entry, django_capture_on_commit_callbacks
):
    book = cover_ready(entry.anthology)
    page = editor_client.get(f"/admin/anthology/{book.pk}/")
    assert '<option value="cover">Cover PDF</option>' in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/anthology/{book.pk}/export/", {"format": "cover", "draft": "on"}
        )
    assert response.status_code == 302
    export = AnthologyExport.objects.get()
    assert (export.number, export.status, export.progress) == (1, "done", 100)
    assert export.filename == "miles-v1-cover-draft.pdf"
    download = editor_client.get(f"/admin/anthology/exports/{export.pk}/download/")
    pages = interior_pages_count(anthology_manuscript_get(book, draft=True))
    spine = pages * 0.0025  # cream paper
    assert media_width(b"".join(download.streaming_content)) == pytest.approx(
        2 * 6 + spine + 2 * 0.125, abs=0.001
    )
    page = editor_client.get(f"/admin/anthology/{book.pk}/")
    assert "Cover PDF" in page.text and "Download" in page.text


def test_export_book_writes_the_final_cover_with_its_barcode_and_locks_the_book(granted, tmp_path):
    book = cover_ready(granted.anthology)
    call_command("export_book", "miles", "--format", "cover", "--out", str(tmp_path))
    assert barcodes(tmp_path / "miles-cover-final.pdf") == ["9783161484100"]
    book.refresh_from_db()
    assert book.final_at is not None


def test_a_final_cover_without_isbn_or_picture_is_refused_saying_what_it_needs(
    granted, tmp_path, capsys
):
    out = tmp_path / "out"
    with pytest.raises(CommandError) as refused:
        call_command("export_book", "miles", "--format", "cover", "--out", str(out))
    assert "The cover of “Miles That Mattered” cannot be exported as final" in str(refused.value)
    assert "No ISBN" in str(refused.value) and "No cover picture" in str(refused.value)
    assert "No blurb" in capsys.readouterr().err  # the report, which names the rest too
    assert not AnthologyExport.objects.exists() and list(out.iterdir()) == []
    granted.anthology.refresh_from_db()
    assert granted.anthology.final_at is None
    # A draft goes out all the same, with the barcode's place marked.
    call_command("export_book", "miles", "--format", "cover", "--draft", "--out", str(out))
    assert (out / "miles-cover-draft.pdf").exists()


def test_the_report_gives_page_count_spine_and_cover_needs(entry, tmp_path):
    call_command("export_book", "miles", "--format", "report", "--out", str(tmp_path))
    report = (tmp_path / "miles-report.txt").read_text()
    pages = interior_pages_count(anthology_manuscript_get(entry.anthology, draft=True))
    assert f"- The book: {pages} pages in the print PDF." in report
    assert f"- The book: A spine of {pages * 0.002252:.3f} in on paper 0.002252 in" in report
    assert "- The book: No ISBN: the back cover has no barcode." in report


def test_the_report_is_written_even_when_the_print_pdf_cannot_be(tmp_path):
    book = book_build(tmp_path)
    (tmp_path / "hill.jpg").unlink()
    report_write(book, tmp_path / "report.txt", progress_ignored)
    report = (tmp_path / "report.txt").read_text()
    assert "- The book: The photo of “The Hill on Elm Street” is missing" in report
    assert "pages in the print PDF" not in report
    assert "No permission for print: Sam Roe" in report  # the rest of the report is there


def test_the_edit_form_saves_the_cover_fields(editor_client, entry):
    book = entry.anthology
    image = image_create("Dawn", width=1900, height=2800)
    form = editor_client.get(book_edit_url(book))
    assert 'name="cover_image"' in form.text and 'name="blurb"' in form.text
    data = book_edit_data(
        book, cover_image=image.pk, blurb="Miles.", paper="custom", caliper="0.0031"
    )
    assert editor_client.post(book_edit_url(book), data).status_code == 302
    book.refresh_from_db()
    assert (book.cover_image, book.blurb, book.paper_caliper) == (image, "Miles.", 0.0031)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"isbn": "978-3-16-148410-1"}, "is not a valid ISBN-13: it needs 13 digits starting 978"),
        ({"paper": "custom", "caliper": ""}, "Enter the paper’s thickness per page"),
        ({"paper": "custom", "caliper": "0.5"}, "Enter a thickness from 0.001 to 0.01 in per page"),
    ],
)
def test_a_bad_isbn_or_paper_is_refused_on_save_and_nothing_changes(
    editor_client, entry, fields, message
):
    book = entry.anthology
    response = editor_client.post(book_edit_url(book), book_edit_data(book, **fields))
    assert response.status_code == 200
    assert message in response.text
    book.refresh_from_db()
    assert (book.isbn, book.paper, book.caliper) == ("", "white", None)
