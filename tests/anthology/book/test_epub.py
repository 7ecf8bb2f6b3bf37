"""The EPUB 3 e-book, validated by EPUBCheck 5.3 and read back as a zip."""

import io
import zipfile
from dataclasses import replace

import pytest
from lxml import etree
from PIL import Image

from milepost.anthology.book.epub import manuscript_epub_write
from milepost.anthology.book.manuscript import PERMISSION_GRANTED, Entry, ManuscriptError, Section
from tests.anthology.books import ProgressSeen, book_build, jpeg_write, photo_make
from tests.anthology.epubcheck import epub_assert_valid

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
}


def opf(archive: zipfile.ZipFile):
    return etree.fromstring(archive.read("EPUB/content.opf"))


def xhtml(archive: zipfile.ZipFile, name: str):
    return etree.fromstring(archive.read(f"EPUB/{name}"))


@pytest.mark.parametrize("draft", [False, True])
def test_epub_passes_epubcheck_without_errors_or_warnings(tmp_path, draft):
    path = tmp_path / "book.epub"
    manuscript_epub_write(book_build(tmp_path, draft=draft), path)
    epub_assert_valid(path)


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
    epub_assert_valid(first)


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


def entry_make(folder, title: str, contributor: str, *, photos=True, number=0) -> Entry:
    pictures = (
        (photo_make(folder, f"photo-{number}", alt_text=f"{contributor} running"),)
        if photos
        else ()
    )
    return Entry(
        title=title,
        byline=f"Runner {contributor}",
        paragraphs=(f"{contributor} ran {number} miles.", "Then home."),
        photos=pictures,
        contributor_name=contributor,
        permission=PERMISSION_GRANTED,
    )


def books_of_every_shape(folder):
    """The shapes EPUBCheck must pass: one section, many, no photos at all, a long title, and
    names, titles and a language beyond ASCII."""
    base = book_build(folder)
    one = Section("Only", (entry_make(folder, "Alone", "Ada", number=1),))
    many = tuple(
        Section(f"Part {n}", (entry_make(folder, f"Story {n}", "Ben", number=n, photos=n % 2),))
        for n in range(1, 13)
    )
    long_title = "A Very Long Road Home Through Rain, Hills and the Quiet Streets " * 5
    accents = Section(
        "Étapes, 第一章",
        (
            entry_make(folder, "Zoë’s «première» course", "Zoë Łukasiewicz-Ørsted", number=3),
            entry_make(folder, "Çà et là — 走る", "Şükrü Öztürk 山田", photos=False),
        ),
    )
    return {
        "one section": replace(base, sections=(one,)),
        "many sections": replace(base, sections=many),
        "no photos": replace(
            base, sections=(Section("Plain", (entry_make(folder, "Bare", "Cy", photos=False),)),)
        ),
        "long title": replace(
            base,
            title=long_title.strip(),
            subtitle=long_title.strip(),
            sections=(Section(long_title.strip(), (entry_make(folder, long_title, "Di"),)),),
        ),
        "non-ASCII names": replace(
            base, title="Meilen, die zählten", editors=("Åsa Nyström", "José Núñez"),
            language="fr", sections=(accents,),
        ),
    }  # fmt: skip


@pytest.mark.parametrize(
    "shape", ["one section", "many sections", "no photos", "long title", "non-ASCII names"]
)
def test_books_of_every_shape_pass_epubcheck(tmp_path, shape):
    path = tmp_path / "book.epub"
    manuscript_epub_write(books_of_every_shape(tmp_path)[shape], path)
    epub_assert_valid(path)


def test_the_cover_is_the_first_page_and_a_landmark(tmp_path):
    path = tmp_path / "book.epub"
    manuscript_epub_write(book_build(tmp_path), path)

    archive = zipfile.ZipFile(path)
    package = opf(archive)
    spine = package.xpath(".//opf:itemref", namespaces=NS)
    first = package.xpath(f".//opf:item[@id='{spine[0].get('idref')}']/@href", namespaces=NS)
    assert first == ["cover.xhtml"]
    assert not [itemref for itemref in spine if itemref.get("linear") == "no"]
    cover = xhtml(archive, "cover.xhtml").xpath("//x:img", namespaces=NS)
    assert [(image.get("src"), image.get("alt")) for image in cover] == [
        (
            "images/cover.jpg",
            "Cover: “Most Important Miles”, Stories from our readers, edited by Ada Editor and "
            "Ben Reader",
        )
    ]
    landmarks = xhtml(archive, "nav.xhtml").xpath(
        "//x:nav[@*[local-name()='type']='landmarks']//x:a/@href", namespaces=NS
    )
    assert landmarks == ["cover.xhtml", "nav.xhtml", "section-1.xhtml"]


def accessibility(path) -> dict[str, list[str]]:
    package = opf(zipfile.ZipFile(path))
    found: dict[str, list[str]] = {}
    for meta in package.xpath(".//opf:meta[starts-with(@property, 'schema:')]", namespaces=NS):
        found.setdefault(meta.get("property").removeprefix("schema:"), []).append(meta.text)
    return found


def test_accessibility_metadata_when_every_photo_is_described(tmp_path):
    book = book_build(tmp_path)
    path = tmp_path / "book.epub"
    manuscript_epub_write(replace(book, sections=(book.sections[0],)), path)

    found = accessibility(path)
    assert found == {
        "accessMode": ["textual", "visual"],
        "accessModeSufficient": ["textual", "textual,visual"],
        "accessibilityFeature": [
            "alternativeText",
            "tableOfContents",
            "readingOrder",
            "structuralNavigation",
        ],
        "accessibilityHazard": ["none"],
        "accessibilitySummary": [
            "The stories are text in a single reading order, with a table of contents and a "
            "heading for each section and story. Every image, the cover included, has a text "
            "description."
        ],
    }
    images = [
        image
        for name in zipfile.ZipFile(path).namelist()
        if name.endswith(".xhtml")
        for image in xhtml(zipfile.ZipFile(path), name.removeprefix("EPUB/")).xpath(
            "//x:img", namespaces=NS
        )
    ]
    assert len(images) == 2  # the cover and the hill
    assert all(image.get("alt").strip() for image in images)
    epub_assert_valid(path)


def test_a_photo_without_alt_text_is_described_by_its_caption_and_claimed_as_such(tmp_path):
    book = book_build(tmp_path)
    rain = book.sections[1].entries[0]
    captioned = replace(rain.photos[0], caption="Rain on the road")
    section = replace(book.sections[1], entries=(replace(rain, photos=(captioned,)),))
    path = tmp_path / "book.epub"
    manuscript_epub_write(replace(book, sections=(book.sections[0], section)), path)
    archive = zipfile.ZipFile(path)
    assert xhtml(archive, "story-3.xhtml").xpath("//x:img/@alt", namespaces=NS) == [
        "Rain on the road"
    ]

    path = tmp_path / "bare.epub"
    manuscript_epub_write(book, path)  # the rain photo has neither alt text nor caption
    archive = zipfile.ZipFile(path)
    assert xhtml(archive, "story-3.xhtml").xpath("//x:img/@alt", namespaces=NS) == [
        "A photo for “Rain at Mile Twenty”"
    ]
    found = accessibility(path)
    assert "alternativeText" not in found["accessibilityFeature"]
    assert found["accessModeSufficient"] == ["textual,visual"]
    assert "Some photos have no text description" in found["accessibilitySummary"][0]
