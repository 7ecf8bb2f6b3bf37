"""`milepost export_book`: each format written and read back; a final book refused without
every permission."""

import os
import stat
import zipfile

import pikepdf
import pytest
from django.core.management import CommandError, call_command
from docx import Document
from pypdf import PdfReader

from milepost.anthology.management.commands.export_book import Command as ExportBook
from milepost.anthology.models import AnthologyExport
from milepost.anthology.services import book_permission_grant, book_permission_request
from tests.anthology.epubcheck import epub_assert_valid


@pytest.fixture
def granted(entry):
    book_permission_grant(book_permission_request(entry), name="Jane Doe", address="127.0.0.1")
    return entry


def test_final_book_is_refused_with_the_report_while_permission_is_missing(entry, tmp_path, capsys):
    out = tmp_path / "out"
    with pytest.raises(CommandError, match="cannot be exported as final"):
        call_command("export_book", "miles", "--format", "docx", "--out", str(out))
    report = capsys.readouterr().err
    assert "1 blocking finding" in report
    assert "Blocking: a final export is refused until these are fixed:" in report
    assert "No permission for print: Jane Doe has not been asked. Ask them." in report
    assert list(out.iterdir()) == []


def test_a_draft_always_exports(entry, tmp_path):
    call_command("export_book", "miles", "--format", "pdf", "--out", str(tmp_path), "--draft")
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "miles-draft.pdf").pages)
    assert "DRAFT" in text and "The hill on Pine Street" in text


def test_docx_with_notes(granted, tmp_path):
    call_command("export_book", "miles", "--format", "docx", "--out", str(tmp_path), "--notes")
    paragraphs = [p.text for p in Document(tmp_path / "miles-final.docx").paragraphs]
    assert "Miles That Mattered" in paragraphs
    assert "First miles" in paragraphs
    assert "The hill was steep & long." in paragraphs
    assert any(granted.story.submission.reference in p for p in paragraphs)


def test_epub(granted, tmp_path):
    call_command("export_book", "miles", "--format", "epub", "--out", str(tmp_path))
    names = zipfile.ZipFile(tmp_path / "miles-final.epub").namelist()
    assert names[0] == "mimetype" and any(name.endswith(".jpg") for name in names)
    epub_assert_valid(tmp_path / "miles-final.epub")


def test_pdf_at_the_trim_size(granted, tmp_path):
    call_command("export_book", "miles", "--format", "pdf", "--out", str(tmp_path))
    page = PdfReader(tmp_path / "miles-final.pdf").pages[0]
    assert round(float(page.trimbox.width) / 72, 2) == 6.0


def test_pdf_is_pdf_x4_with_the_cmyk_output_intent(granted, tmp_path):
    call_command("export_book", "miles", "--format", "pdf", "--out", str(tmp_path))
    with pikepdf.open(tmp_path / "miles-final.pdf") as pdf:
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFX"
        assert pdf.open_metadata()["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert all(page.obj.BleedBox and page.obj.TrimBox for page in pdf.pages)


def test_a_proof_has_crop_marks_and_leaves_the_book_open(granted, tmp_path, capsys):
    call_command("export_book", "miles", "--format", "pdf", "--out", str(tmp_path), "--proof")

    assert "locked" not in capsys.readouterr().out
    export = AnthologyExport.objects.get()
    assert (export.proof, export.draft, export.is_final) == (True, False, False)
    assert export.filename == "miles-v1-proof.pdf"
    with pikepdf.open(tmp_path / "miles-proof.pdf") as pdf:
        page = pdf.pages[0].obj
        # Room for the marks: the page is larger than trim and bleed by 0.25 in on each side.
        assert float(page.MediaBox[2]) - float(page.BleedBox[2]) == 0.25 * 72
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "miles-proof.pdf").pages)
    assert "DRAFT" not in text and "The hill on Pine Street" in text
    granted.anthology.refresh_from_db()
    assert granted.anthology.final_at is None
    # The final book can still go out after a proof.
    call_command("export_book", "miles", "--format", "pdf", "--out", str(tmp_path))
    assert AnthologyExport.objects.get(number=2).is_final


def test_a_proof_without_draft_needs_every_permission(entry, tmp_path, capsys):
    with pytest.raises(CommandError, match="cannot be exported as final"):
        call_command("export_book", "miles", "--format", "pdf", "--out", str(tmp_path), "--proof")
    assert "No permission for print: Jane Doe" in capsys.readouterr().err
    call_command(
        "export_book", "miles", "--format", "pdf", "--out", str(tmp_path), "--proof", "--draft"
    )
    assert AnthologyExport.objects.get().filename == "miles-v1-draft-proof.pdf"
    assert "DRAFT" in PdfReader(tmp_path / "miles-draft-proof.pdf").pages[0].extract_text()


def test_a_proof_of_another_format_is_refused(entry, tmp_path):
    with pytest.raises(CommandError, match="Crop marks are for the Print PDF only"):
        call_command("export_book", "miles", "--format", "epub", "--out", str(tmp_path), "--proof")
    assert not AnthologyExport.objects.exists()


def test_contributors_and_report(entry, tmp_path):
    old_umask = os.umask(0o022)  # the usual umask, which would give 0644
    try:
        call_command("export_book", "miles", "--format", "contributors", "--out", str(tmp_path))
    finally:
        os.umask(old_umask)
    call_command("export_book", "miles", "--format", "report", "--out", str(tmp_path))
    contributors = tmp_path / "miles-contributors.csv"
    assert "jane@example.com" in contributors.read_text()
    assert stat.S_IMODE(contributors.stat().st_mode) == 0o600  # addresses: this user only
    assert "No permission for print" in (tmp_path / "miles-report.txt").read_text()


def test_a_list_or_report_without_draft_is_not_final_and_locks_nothing(granted, tmp_path, capsys):
    for fmt in ("contributors", "report"):
        call_command("export_book", "miles", "--format", fmt, "--out", str(tmp_path))
    assert "locked" not in capsys.readouterr().out
    exports = AnthologyExport.objects.order_by("number")
    assert [(e.format, e.draft, e.is_final) for e in exports] == [
        ("contributors", True, False),
        ("report", True, False),
    ]
    assert [e.filename for e in exports] == ["miles-v1-contributors.csv", "miles-v2-report.txt"]
    granted.anthology.refresh_from_db()
    assert granted.anthology.final_at is None
    granted.refresh_from_db()
    assert granted.status == "permission_granted"


def test_a_final_book_says_it_locked_the_book(granted, tmp_path, capsys):
    call_command("export_book", "miles", "--format", "pdf", "--out", str(tmp_path))
    assert "“Miles That Mattered” is final: the book is now locked." in capsys.readouterr().out
    assert AnthologyExport.objects.get().filename == "miles-v1-final.pdf"


def test_help_warns_that_a_final_export_locks_the_book():
    parser = ExportBook().create_parser("milepost", "export_book")
    help_text = " ".join(parser.format_help().split())
    assert "a docx, epub, pdf or cover is the final book: exporting it locks the book" in help_text
    assert "Without it, a final docx, epub, pdf or cover locks the book." in help_text
    assert "a --proof pdf never does" in help_text


def test_unknown_book_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No anthology “nope”"):
        call_command("export_book", "nope", "--format", "pdf", "--out", str(tmp_path))


def test_each_export_is_a_numbered_version_and_the_final_one_is_locked(granted, tmp_path):
    call_command("export_book", "miles", "--format", "docx", "--out", str(tmp_path), "--draft")
    call_command("export_book", "miles", "--format", "docx", "--out", str(tmp_path))

    exports = list(AnthologyExport.objects.order_by("number"))
    assert [(e.number, e.draft, e.status) for e in exports] == [
        (1, True, "done"),
        (2, False, "done"),
    ]
    assert exports[1].file.open("rb").read() == (tmp_path / "miles-final.docx").read_bytes()
    with pytest.raises(CommandError, match="locked"):
        call_command("export_book", "miles", "--format", "docx", "--out", str(tmp_path))
    assert AnthologyExport.objects.count() == 2


def test_the_report_flags_an_entry_in_no_section(entry, tmp_path):
    entry.section = None
    entry.save()
    call_command("export_book", "miles", "--format", "report", "--out", str(tmp_path))
    report = (tmp_path / "miles-report.txt").read_text()
    assert (
        "- The hill on Pine Street: In no section: it would print under “Stories”. "
        "Choose its section in the book's edit form.\n"
    ) in report
