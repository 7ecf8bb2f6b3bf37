"""The DOCX manuscript, read back with python-docx."""

from dataclasses import replace

import docx
import pytest
from docx.shared import Inches

from milepost.anthology.book.docx import manuscript_docx_write
from milepost.anthology.book.manuscript import ManuscriptError
from tests.anthology.books import ProgressSeen, book_build


def paragraphs(path):
    return [(p.style.name, p.text) for p in docx.Document(path).paragraphs if p.text]


def test_manuscript_has_title_page_contents_sections_and_stories(tmp_path):
    path = tmp_path / "book.docx"
    manuscript_docx_write(book_build(tmp_path), path)

    document = docx.Document(path)
    lines = paragraphs(path)
    assert lines[:4] == [
        ("Title", "Most Important Miles"),
        ("Subtitle", "Stories from our readers"),
        ("Normal", "Edited by Ada Editor and Ben Reader"),
        ("Normal", "ISBN 978-3-16-148410-0"),
    ]
    contents = [text for style, text in lines if style.startswith("Contents")]
    assert contents == [
        "Firsts",
        "The Hill on Elm Street",
        "Across the Bridge",
        "Finishes",
        "Rain at Mile Twenty",
    ]
    headings = [(style, text) for style, text in lines if style.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Firsts"),
        ("Heading 2", "The Hill on Elm Street"),
        ("Heading 2", "Across the Bridge"),
        ("Heading 1", "Finishes"),
        ("Heading 2", "Rain at Mile Twenty"),
    ]
    hill = [text for _, text in lines[lines.index(("Heading 2", "The Hill on Elm Street")) :]]
    assert hill[1] == "St. Louis, MO mother runner Jane Doe, 32"
    assert hill[2].startswith("Jane climbed the hill at dawn.")
    assert ("Caption", "Jane at the top") in lines
    assert ("Photo Credit", "Photo: Ann Lens") in lines
    assert not any("Words:" in text for _, text in lines)
    assert document.core_properties.title == "Most Important Miles"
    assert document.core_properties.identifier == "urn:isbn:9783161484100"
    assert document.sections[0].page_width == Inches(6)
    assert document.sections[0].page_height == Inches(9)
    assert not "".join(p.text for p in document.sections[0].header.paragraphs)


def test_photos_fill_the_text_width_at_print_resolution(tmp_path):
    path = tmp_path / "book.docx"
    manuscript_docx_write(book_build(tmp_path), path)

    shapes = docx.Document(path).inline_shapes
    assert len(shapes) == 2
    text_width = Inches(6 - 2 * 0.75)
    assert shapes[0].width == text_width
    # 1500 px over 4.5 in would be 333 DPI: brought down to 300 DPI, no further.
    document = docx.Document(path)
    blips = document.element.xpath("//w:drawing//a:blip/@r:embed")
    assert [document.part.related_parts[blip].image.px_width for blip in blips] == [1350, 600]


def test_notes_variant_adds_word_counts_and_submission_references(tmp_path):
    path = tmp_path / "notes.docx"
    manuscript_docx_write(book_build(tmp_path), path, notes=True)

    notes = [text for style, text in paragraphs(path) if style == "Manuscript Note"]
    assert notes == [
        "Words: 50 (limit 500) · Submission: SUB-0001 · Permission: granted 2026-11-02",
        "Words: 7 (limit 500) · Submission: SUB-0002 · Permission: granted 2026-11-02",
        "Words: 65 (limit 50) · Submission: SUB-0003 · Permission: requested",
    ]


def test_draft_is_marked_on_every_page(tmp_path):
    path = tmp_path / "draft.docx"
    manuscript_docx_write(book_build(tmp_path, draft=True), path)

    document = docx.Document(path)
    assert len(document.sections) == 1  # one section: its header is on every page
    header = document.sections[0].header
    assert not header.is_linked_to_previous
    assert "DRAFT" in "".join(p.text for p in header.paragraphs)


def test_missing_photo_fails_clearly_and_leaves_no_file(tmp_path):
    book = book_build(tmp_path)
    (tmp_path / "rain.jpg").unlink()
    path = tmp_path / "book.docx"

    with pytest.raises(ManuscriptError, match="photo of “Rain at Mile Twenty” is missing"):
        manuscript_docx_write(book, path)
    assert not path.exists()
    assert not list(tmp_path.glob("*.docx*"))


def test_corrupt_photo_fails_clearly(tmp_path):
    book = book_build(tmp_path)
    (tmp_path / "hill.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")

    with pytest.raises(ManuscriptError, match="“The Hill on Elm Street” is not a readable image"):
        manuscript_docx_write(book, tmp_path / "book.docx")
    assert not list(tmp_path.glob("*.docx*"))


def test_truncated_photo_fails_clearly(tmp_path):
    book = book_build(tmp_path)
    data = (tmp_path / "hill.jpg").read_bytes()
    (tmp_path / "hill.jpg").write_bytes(data[: len(data) // 2])

    with pytest.raises(ManuscriptError, match="damaged"):
        manuscript_docx_write(book, tmp_path / "book.docx")
    assert not list(tmp_path.glob("*.docx*"))


def test_photo_given_as_bytes(tmp_path):
    book = book_build(tmp_path)
    hill = book.sections[0].entries[0]
    photo = hill.photos[0]
    as_bytes = replace(photo, source=photo.source.read_bytes())
    entry = replace(hill, photos=(as_bytes,))
    section = replace(book.sections[0], entries=(entry,))
    path = tmp_path / "bytes.docx"
    manuscript_docx_write(replace(book, sections=(section,)), path)
    assert len(docx.Document(path).inline_shapes) == 1


def test_progress_story_by_story_then_saving(tmp_path):
    seen = ProgressSeen()
    manuscript_docx_write(book_build(tmp_path), tmp_path / "book.docx", progress=seen)
    seen.assert_forward_to_the_end()
    assert seen.stages == [
        "Adding stories 1/3",
        "Adding stories 2/3",
        "Adding stories 3/3",
        "Saving the DOCX",
        "DOCX saved",
    ]
