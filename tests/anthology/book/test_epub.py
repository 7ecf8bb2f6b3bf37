"""The EPUB 3 e-book, validated by the real epubcheck and read back as a zip."""

import io
import os
import shutil
import subprocess
import zipfile
from dataclasses import replace

import pytest
from lxml import etree
from PIL import Image

from milepost.anthology.book.epub import manuscript_epub_write
from milepost.anthology.book.manuscript import ManuscriptError
from tests.anthology.books import ProgressSeen, book_build, jpeg_write

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
}


def epubcheck(path) -> subprocess.CompletedProcess:
    """Debian's epubcheck is a jar run through binfmt, which containers lack: run it with java."""
    jar = os.path.realpath(shutil.which("epubcheck") or "/usr/share/java/epubcheck.jar")
    return subprocess.run(
        ["java", "-jar", jar, str(path)], capture_output=True, text=True, timeout=120
    )


def assert_valid(path):
    result = epubcheck(path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "No errors or warnings detected." in output, output
    assert not [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))]


def opf(archive: zipfile.ZipFile):
    return etree.fromstring(archive.read("EPUB/content.opf"))


def xhtml(archive: zipfile.ZipFile, name: str):
    return etree.fromstring(archive.read(f"EPUB/{name}"))


@pytest.mark.parametrize("draft", [False, True])
def test_epub_passes_epubcheck_without_errors_or_warnings(tmp_path, draft):
    path = tmp_path / "book.epub"
    manuscript_epub_write(book_build(tmp_path, draft=draft), path)
    assert_valid(path)


def test_epub_metadata(tmp_path):
    path = tmp_path / "book.epub"
    manuscript_epub_write(book_build(tmp_path), path)

    package = opf(zipfile.ZipFile(path))
    assert package.get("version") == "3.0"
    assert package.findtext(".//dc:title", namespaces=NS) == "Most Important Miles"
    assert package.findtext(".//dc:language", namespaces=NS) == "en"
    assert package.findtext(".//dc:identifier", namespaces=NS) == "urn:isbn:9783161484100"
    creators = [element.text for element in package.findall(".//dc:creator", namespaces=NS)]
    assert creators == ["Ada Editor", "Ben Reader"]
    roles = package.xpath(".//opf:meta[@property='role']/text()", namespaces=NS)
    assert roles == ["edt", "edt"]
    modified = package.xpath(".//opf:meta[@property='dcterms:modified']/text()", namespaces=NS)
    assert modified == ["2026-12-01T09:00:00Z"]


def test_identifier_without_isbn_is_a_stable_uuid(tmp_path):
    first, second = tmp_path / "a.epub", tmp_path / "b.epub"
    manuscript_epub_write(book_build(tmp_path, isbn=None, key="miles-2027"), first)
    manuscript_epub_write(book_build(tmp_path, isbn=None, key="miles-2027"), second)

    identifiers = [
        opf(zipfile.ZipFile(path)).findtext(".//dc:identifier", namespaces=NS)
        for path in (first, second)
    ]
    assert identifiers[0].startswith("urn:uuid:")
    assert identifiers[0] == identifiers[1]
    assert_valid(first)


def test_cover_navigation_and_chapters(tmp_path):
    path = tmp_path / "book.epub"
    manuscript_epub_write(book_build(tmp_path), path)

    archive = zipfile.ZipFile(path)
    package = opf(archive)
    cover = package.xpath(".//opf:item[@properties='cover-image']/@href", namespaces=NS)
    assert cover == ["images/cover.jpg"]
    with Image.open(io.BytesIO(archive.read("EPUB/images/cover.jpg"))) as image:
        assert image.size == (1600, 2400)
    nav = xhtml(archive, "nav.xhtml")
    entries = nav.xpath("//x:nav[@*[local-name()='type']='toc']//x:a/text()", namespaces=NS)
    assert entries == [
        "Title page",
        "Firsts",
        "The Hill on Elm Street",
        "Across the Bridge",
        "Finishes",
        "Rain at Mile Twenty",
    ]
    story = xhtml(archive, "story-1.xhtml")
    assert story.xpath("//x:h1/text()", namespaces=NS) == ["The Hill on Elm Street"]
    byline = story.xpath("//x:p[@class='byline']/text()", namespaces=NS)
    assert byline == ["St. Louis, MO mother runner Jane Doe, 32"]
    caption = "".join(story.xpath("//x:figcaption//text()", namespaces=NS))
    assert caption == "Jane at the top Photo: Ann Lens"
    assert not story.xpath("//x:p[@class='draft']", namespaces=NS)


def test_images_have_alt_text_and_ebook_size(tmp_path):
    path = tmp_path / "book.epub"
    book = book_build(tmp_path)
    big = jpeg_write(tmp_path / "big.jpg", (4000, 3000))
    hill = book.sections[0].entries[0]
    photo = replace(hill.photos[0], source=big, width=4000, height=3000)
    section = replace(book.sections[0], entries=(replace(hill, photos=(photo,)),))
    manuscript_epub_write(replace(book, sections=(section, book.sections[1])), path)

    archive = zipfile.ZipFile(path)
    images = xhtml(archive, "story-1.xhtml").xpath("//x:img", namespaces=NS)
    assert [(image.get("src"), image.get("alt")) for image in images] == [
        ("images/photo-1.jpg", "A woman on a hill")
    ]
    with Image.open(io.BytesIO(archive.read("EPUB/images/photo-1.jpg"))) as image:
        assert image.size == (1600, 1200)
        assert image.format == "JPEG"


def test_draft_is_marked_on_every_page(tmp_path):
    path = tmp_path / "draft.epub"
    manuscript_epub_write(book_build(tmp_path, draft=True), path)

    archive = zipfile.ZipFile(path)
    pages = ["title.xhtml", "section-1.xhtml", "story-1.xhtml", "story-2.xhtml", "story-3.xhtml"]
    for name in pages:
        marks = xhtml(archive, name).xpath("//x:p[@class='draft']/text()", namespaces=NS)
        assert marks == ["DRAFT"], name


def test_given_cover_is_used(tmp_path):
    book = book_build(tmp_path)
    cover = book.sections[0].entries[0].photos[0]
    path = tmp_path / "book.epub"
    manuscript_epub_write(replace(book, cover=cover), path)

    with Image.open(io.BytesIO(zipfile.ZipFile(path).read("EPUB/images/cover.jpg"))) as image:
        assert image.size == (1500, 1000)


def test_corrupt_photo_fails_clearly_and_keeps_the_previous_export(tmp_path):
    book = book_build(tmp_path)
    path = tmp_path / "book.epub"
    manuscript_epub_write(book, path)
    previous = path.read_bytes()
    (tmp_path / "rain.jpg").write_bytes(b"GIF89a broken")

    with pytest.raises(ManuscriptError, match="“Rain at Mile Twenty” is not a readable image"):
        manuscript_epub_write(book, path)
    assert path.read_bytes() == previous
    assert [p.name for p in tmp_path.glob("*.epub*")] == ["book.epub"]


def test_progress_story_by_story_then_writing(tmp_path):
    seen = ProgressSeen()
    manuscript_epub_write(book_build(tmp_path), tmp_path / "book.epub", progress=seen)
    seen.assert_forward_to_the_end()
    assert seen.stages == [
        "Adding stories 1/3",
        "Adding stories 2/3",
        "Adding stories 3/3",
        "Writing the EPUB",
        "EPUB written",
    ]
