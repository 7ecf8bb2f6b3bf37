"""The EPUB 3 e-book: cover, title page, navigation, a page per section and a chapter per story,
photos downscaled to e-book size with their alt text. Checked with epubcheck by the tests."""

import os
from datetime import UTC, datetime
from html import escape
from itertools import count

from ebooklib import epub

from .files import atomic_path
from .html import title_page_html
from .images import cover_jpeg, photo_ebook_jpeg, photos_encoded
from .manuscript import Entry, Manuscript, Photo
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
    book.spine = ["cover", title_page, "nav", *pages]
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
                _photo_add(book, photo, next(jpegs), next(photo_numbers)) for photo in entry.photos
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
            str(temporary), book, {"mtime": modified, "raise_exceptions": True, "compresslevel": 1}
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
    book.set_cover("images/cover.jpg", cover)
    return book


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


def _photo_add(book: epub.EpubBook, photo: Photo, content: bytes, number: int) -> str:
    """Adds the e-book-sized image and returns its figure."""
    image_file = f"images/photo-{number}.jpg"
    book.add_item(
        epub.EpubImage(
            uid=f"photo-{number}", file_name=image_file, media_type="image/jpeg", content=content
        )
    )
    return _figure(image_file, photo)


def _figure(image_file: str, photo: Photo) -> str:
    caption = escape(photo.caption)
    if photo.credit:
        caption += f' <span class="credit">Photo: {escape(photo.credit)}</span>'
    figcaption = f"<figcaption>{caption.strip()}</figcaption>" if caption else ""
    return f'<figure><img src="{image_file}" alt="{escape(photo.alt_text)}"/>{figcaption}</figure>'
