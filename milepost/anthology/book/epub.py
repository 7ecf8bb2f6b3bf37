"""The EPUB 3 e-book: cover, title page, navigation, a page per section and a chapter per story,
photos downscaled to e-book size with their alt text, and the accessibility metadata e-book stores
read (schema.org's, as EPUB Accessibility 1.1 asks). Checked with EPUBCheck 5.3 by the tests."""

import os
from datetime import UTC, datetime
from html import escape
from itertools import count

from ebooklib import epub

from milepost.core.quoting import title_quoted

from .files import atomic_path
from .html import title_page_html
from .images import cover_jpeg, photo_ebook_jpeg, photos_encoded
from .manuscript import Entry, Manuscript, Photo, names_join
from .progress import Progress, progress_counter, progress_ignored, progress_part

CSS = """
body { font-family: serif; line-height: 1.45; margin: 0 5%; }
h1, h2 { font-family: sans-serif; line-height: 1.2; }
.byline { font-style: italic; margin-bottom: 1.5em; }
figure { margin: 1.5em 0; }
figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { font-family: sans-serif; font-size: 0.85em; margin-top: 0.5em; }
.credit { color: #555; }
.title-page { text-align: center; margin-top: 20%; }
.cover { margin: 0; text-align: center; }
.cover img { max-width: 100%; max-height: 100vh; }
.draft { color: #b00020; font-family: sans-serif; font-weight: bold; text-align: center;
         letter-spacing: 0.3em; border: 2px solid #b00020; padding: 0.3em; }
"""


def manuscript_epub_write(
    manuscript: Manuscript, path: str | os.PathLike, progress: Progress = progress_ignored
) -> None:
    """Each story (its photos encoded as it comes) is most of the work; zipping, the rest."""
    story_done = progress_counter(
        progress_part(progress, 0.0, 0.85), len(manuscript.entries), "Adding stories"
    )
    book = _book_start(manuscript)
    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=CSS)
    book.add_item(style)
    cover_page = _page(manuscript, "Cover", "cover.xhtml", _cover_body(manuscript), style)
    book.add_item(cover_page)
    title_page = _page(
        manuscript,
        "Title page",
        "title.xhtml",
        title_page_html(manuscript, section_attrs=' epub:type="titlepage"'),
        style,
    )
    book.add_item(title_page)
    toc, pages = _sections_add(book, manuscript, style, story_done)
    for page in pages:
        book.add_item(page)
    book.toc = [epub.Link("title.xhtml", "Title page", "title"), *toc]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav(title="Contents"))
    # The cover is the first page of the reading order, not a page aside: EPUBCheck 5 wants
    # every page aside to be linked from one in the reading order.
    book.spine = [cover_page, title_page, "nav", *pages]
    book.guide = [
        {"href": "cover.xhtml", "title": "Cover", "type": "cover"},
        {"href": "nav.xhtml", "title": "Contents", "type": "toc"},
        {"href": pages[0].file_name, "title": "Start of the stories", "type": "bodymatter"},
    ]
    progress(0.85, "Writing the EPUB")
    _book_write(book, manuscript, path)
    progress(1.0, "EPUB written")


def _sections_add(
    book: epub.EpubBook, manuscript: Manuscript, style: epub.EpubItem, story_done
) -> tuple[list, list[epub.EpubHtml]]:
    """A page for each section and each story in it (its photos added to the book), in order;
    with the table of contents' entries for them."""
    toc, pages = [], []
    story_numbers, photo_numbers = count(1), count(1)
    jpegs = photos_encoded(manuscript, photo_ebook_jpeg)
    for section_number, section in enumerate(manuscript.sections, start=1):
        section_file = f"section-{section_number}.xhtml"
        body = f'<section epub:type="part"><h1>{escape(section.title)}</h1></section>'
        pages.append(_page(manuscript, section.title, section_file, body, style))
        links = []
        for entry in section.entries:
            story = f"story-{next(story_numbers)}"
            figures = [
                _photo_add(book, entry, photo, next(jpegs), next(photo_numbers))
                for photo in entry.photos
            ]
            body = _story_body(entry, figures)
            pages.append(_page(manuscript, entry.title, f"{story}.xhtml", body, style))
            links.append(epub.Link(f"{story}.xhtml", entry.title, story))
            story_done()
        toc.append((epub.Section(section.title, section_file), links))
    return toc, pages


def _book_write(book: epub.EpubBook, manuscript: Manuscript, path: str | os.PathLike) -> None:
    """Zip the book in place of `path`, dated when the manuscript last changed (or now)."""
    modified = (manuscript.modified or datetime.now(UTC)).astimezone(UTC)
    with atomic_path(path) as temporary:
        epub.write_epub(
            str(temporary),
            book,
            {
                "mtime": modified,
                "raise_exceptions": True,
                "compresslevel": 1,
                "epub2_guide": False,  # the landmarks of the navigation say the same in EPUB 3
                "landmark_title": "Landmarks",
            },
        )


def _book_start(manuscript: Manuscript) -> epub.EpubBook:
    book = epub.EpubBook()
    book.set_identifier(manuscript.identifier)
    book.set_title(manuscript.title)
    book.set_language(manuscript.language)
    for number, editor in enumerate(manuscript.editors, start=1):
        book.add_author(editor, role="edt", uid=f"editor-{number}")
    if manuscript.subtitle:
        book.add_metadata("DC", "description", manuscript.subtitle)
    if manuscript.draft:
        book.add_metadata("DC", "description", "DRAFT: not for publication.")
    if manuscript.cover:
        cover = photo_ebook_jpeg(manuscript.cover, "the cover")
    else:
        cover = cover_jpeg(manuscript)
    book.set_cover("images/cover.jpg", cover, create_page=False)
    accessibility = accessibility_metadata(manuscript)
    for name, values in accessibility.items():
        for value in values:
            book.add_metadata(None, "meta", value, {"property": f"schema:{name}"})
    return book


def photos_all_described(manuscript: Manuscript) -> bool:
    """Whether every photo has alt text of its own (the cover always has)."""
    return all(photo.alt_text.strip() for entry in manuscript.entries for photo in entry.photos)


def accessibility_metadata(manuscript: Manuscript) -> dict[str, list[str]]:
    """What the book offers a reader who cannot see it, claimed only where it holds: the
    cover is always an image (described by the title), so the book is always visual too; it
    can be read as text alone only when every photo has alt text of its own. A photo without
    one is described by its caption (or named as a photo of its story) meanwhile, and the
    print-readiness report lists it."""
    described = photos_all_described(manuscript)
    features = ["tableOfContents", "readingOrder", "structuralNavigation"]
    if described:
        features.insert(0, "alternativeText")
    summary = (
        "The stories are text in a single reading order, with a table of contents and a heading "
        "for each section and story. "
    )
    if described:
        summary += "Every image, the cover included, has a text description."
    else:
        summary += "Some photos have no text description of their own: their captions stand in."
    return {
        "accessMode": ["textual", "visual"],
        "accessModeSufficient": (["textual"] if described else []) + ["textual,visual"],
        "accessibilityFeature": features,
        "accessibilityHazard": ["none"],
        "accessibilitySummary": [summary],
    }


def _cover_body(manuscript: Manuscript) -> str:
    alt = f"Cover: {title_quoted(manuscript.title)}"
    if manuscript.subtitle:
        alt += f", {manuscript.subtitle}"
    if manuscript.editors:
        alt += f", edited by {names_join(manuscript.editors)}"
    return (
        '<section class="cover" epub:type="cover">'
        f'<img src="images/cover.jpg" alt="{escape(alt)}"/></section>'
    )


def _page(manuscript: Manuscript, title: str, file_name: str, body: str, style) -> epub.EpubHtml:
    draft = '<p class="draft">DRAFT</p>' if manuscript.draft else ""
    page = epub.EpubHtml(title=title, file_name=file_name, lang=manuscript.language)
    page.content = f"<html><body>{draft}{body}</body></html>"
    page.add_item(style)
    return page


def _story_body(entry: Entry, figures: list[str]) -> str:
    paragraphs = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in entry.paragraphs)
    return (
        f'<section epub:type="chapter"><h1>{escape(entry.title)}</h1>'
        f'<p class="byline">{escape(entry.byline)}</p>{paragraphs}{"".join(figures)}</section>'
    )


def _photo_add(book: epub.EpubBook, entry: Entry, photo: Photo, content: bytes, number: int) -> str:
    """Adds the e-book-sized image and returns its figure."""
    image_file = f"images/photo-{number}.jpg"
    book.add_item(
        epub.EpubImage(
            uid=f"photo-{number}", file_name=image_file, media_type="image/jpeg", content=content
        )
    )
    return _figure(image_file, entry, photo)


def photo_alt_text(entry: Entry, photo: Photo) -> str:
    """The photo's alt text; without one, its caption, else what it is a photo of."""
    return (
        photo.alt_text.strip()
        or photo.caption.strip()
        or f"A photo for {title_quoted(entry.title)}"
    )


def _figure(image_file: str, entry: Entry, photo: Photo) -> str:
    caption = escape(photo.caption)
    if photo.credit:
        caption += f' <span class="credit">Photo: {escape(photo.credit)}</span>'
    figcaption = f"<figcaption>{caption.strip()}</figcaption>" if caption else ""
    alt = escape(photo_alt_text(entry, photo))
    return f'<figure><img src="{image_file}" alt="{alt}"/>{figcaption}</figure>'
