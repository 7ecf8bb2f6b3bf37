"""The print-ready PDF through WeasyPrint: trim size plus bleed, DejaVu fonts embedded, running
heads and page numbers, photos at print resolution (never above 300 DPI at their printed size,
never enlarged). Photos are prepared, one per core at a time, into a temporary folder; WeasyPrint
reads each JPEG file only when it writes the PDF, and embeds it as it is."""

import logging
import math
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from html import escape
from pathlib import Path

from PIL import ImageFile
from weasyprint import HTML

from .files import atomic_path
from .fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD, font_path
from .html import title_page_html
from .images import photo_print_jpeg, photos_encoded
from .manuscript import MARGIN_IN, Entry, Manuscript, Photo, names_join, photo_print_size
from .progress import Progress, progress_counter, progress_ignored, progress_part

# Importing WeasyPrint makes Pillow pad truncated images with grey, for the whole process. Intake
# relies on Pillow refusing them (a cut-off photo is a broken one), and so do the exporters; the
# only images WeasyPrint reads here are whole JPEGs written by this module.
ImageFile.LOAD_TRUNCATED_IMAGES = False

CSS = """
@font-face { font-family: "Book Serif"; src: url("{serif}"); }
@font-face { font-family: "Book Serif"; font-weight: bold; src: url("{serif_bold}"); }
@font-face { font-family: "Book Sans"; src: url("{sans}"); }
@font-face { font-family: "Book Sans"; font-weight: bold; src: url("{sans_bold}"); }

@page {
  size: {width}in {height}in;
  bleed: {bleed}in;
  margin: {margin}in;
  @bottom-center { content: counter(page); font: 8pt "Book Sans"; }
}
@page :left { @top-left { content: string(book-title); font: 8pt "Book Sans"; } }
@page :right { @top-right { content: string(story-title); font: 8pt "Book Sans"; } }
@page front { @top-left { content: none; } @top-right { content: none; }
              @bottom-center { content: none; } }
@page opener { @top-left { content: none; } @top-right { content: none; } }
@page :blank { @top-left { content: none; } @top-right { content: none; } }

html { font: 10.5pt/1.45 "Book Serif"; }
h1, h2, .byline, figcaption, .contents { font-family: "Book Sans"; }
p { margin: 0; text-indent: 1.2em; text-align: justify; }
.byline + p, .byline { text-indent: 0; }
.title-page { page: front; text-align: center; padding-top: 2in; }
.title-page h1 { font-size: 24pt; string-set: book-title content(); }
.title-page p { text-indent: 0; text-align: center; margin-top: 0.5em; }
.contents { page: front; break-before: page; }
.contents ul { list-style: none; padding: 0; }
.contents ul ul { padding-left: 1.2em; }
.contents li { margin: 0.2em 0; }
.contents a { color: black; text-decoration: none; }
.contents a::after { content: leader(".") target-counter(attr(href), page); }
.part { page: opener; break-before: right; padding-top: 2.5in; text-align: center; }
.part h1 { string-set: story-title content(); font-size: 20pt; }
.story { break-before: page; }
.story h2 { string-set: story-title content(); font-size: 16pt; margin: 0 0 0.3em; }
.byline { font-size: 9pt; color: #333; margin-bottom: 1.2em; }
figure { break-inside: avoid; margin: 1.2em 0 0; }
figure img { display: block; }
figcaption { font-size: 8.5pt; margin-top: 0.4em; }
.credit { color: #555; }
.watermark { position: fixed; top: 3in; left: 0; right: 0; text-align: center;
             font: bold 72pt "Book Sans"; color: rgba(190, 0, 0, 0.18);
             transform: rotate(-45deg); }
"""


# The book's type: 10.5 pt on 1.45 lines (the CSS above); for the page estimate only.
LINE_PT = 10.5 * 1.45
WORDS_PER_INCH = 2.2  # of a line, in DejaVu Serif at 10.5 pt, averaged over English prose


def manuscript_pdf_write(
    manuscript: Manuscript, path: str | os.PathLike, progress: Progress = progress_ignored
) -> None:
    """Shares measured on the 300-story benchmark (12-megapixel photos): preparing the stories
    (photos at print size) over half the time, laying out the pages a third, writing the
    rest. WeasyPrint tells each page it lays out."""
    story_done = progress_counter(
        progress_part(progress, 0.0, 0.55), len(manuscript.entries), "Preparing stories"
    )
    with tempfile.TemporaryDirectory(prefix="milepost-book-") as folder:
        html = _document(manuscript, Path(folder), story_done)
        document = HTML(string=html, base_url=folder)
        layout = _LayoutProgress(progress_part(progress, 0.55, 0.88), _pages_estimate(manuscript))
        with atomic_path(path) as temporary, layout.followed():
            document.write_pdf(temporary)
    progress(1.0, "PDF written")


def _pages_estimate(manuscript: Manuscript) -> int:
    """About how many pages the book will have: each story from its words and photos, each
    section's opener, the title page and the contents."""
    lines_per_page = manuscript.text_height * 72 / LINE_PT
    words_per_line = manuscript.text_width * WORDS_PER_INCH
    pages = 1 + math.ceil(len(manuscript.entries) * 1.5 / lines_per_page)
    for section in manuscript.sections:
        pages += 2  # its opener starts on a right-hand page
        for entry in section.entries:
            lines = 6 + sum(math.ceil(len(p.split()) / words_per_line) for p in entry.paragraphs)
            for photo in entry.photos:
                lines += photo_print_size(manuscript, photo)[1] * 72 / LINE_PT + 3
            pages += math.ceil(lines / lines_per_page)
    return pages


class _LayoutProgress(logging.Handler):
    """Reads WeasyPrint's documented progress log ("weasyprint.progress") while this thread
    writes a PDF: "Laying out page 57 of about 310", then "Writing the PDF"."""

    LOGGER = logging.getLogger("weasyprint.progress")

    def __init__(self, progress: Progress, pages_estimate: int):
        super().__init__(logging.INFO)
        self.progress = progress
        self.pages_estimate = pages_estimate
        self.pages = 0
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return  # another export in this process
        if record.msg.startswith("Step 5 - Creating layout - Page") and record.args:
            page = int(record.args[0])  # type: ignore[index,call-overload]
            if page > self.pages:  # a repagination starts again at page 1
                self.pages = page
                about = max(self.pages_estimate, page)
                self.progress(0.98 * page / about, f"Laying out page {page} of about {about}")
        elif record.msg.startswith("Step 6"):
            self.progress(1.0, f"Writing the PDF ({self.pages} pages)")

    @contextmanager
    def followed(self):
        logger = self.LOGGER
        level, propagate = logger.level, logger.propagate
        if not logger.isEnabledFor(logging.INFO):
            # Heard here only: not every page in the process's log.
            logger.setLevel(logging.INFO)
            logger.propagate = False
        logger.addHandler(self)
        try:
            yield
        finally:
            logger.removeHandler(self)
            logger.setLevel(level)
            logger.propagate = propagate


def _css(manuscript: Manuscript) -> str:
    fonts = {"serif": SERIF, "serif_bold": SERIF_BOLD, "sans": SANS, "sans_bold": SANS_BOLD}
    values = {key: font_path(name).as_uri() for key, name in fonts.items()}
    width, height = manuscript.trim
    values |= {"width": width, "height": height, "bleed": manuscript.bleed, "margin": MARGIN_IN}
    # str.format would trip over the CSS braces: fill only the named fields.
    css = CSS
    for key, value in values.items():
        css = css.replace("{" + key + "}", str(value))
    return css


def _document(manuscript: Manuscript, folder: Path, story_done: Callable[[], None]) -> str:
    parts = [title_page_html(manuscript), _contents(manuscript)]
    jpegs = photos_encoded(manuscript, partial(photo_print_jpeg, manuscript))
    story_number = 0
    for section_number, section in enumerate(manuscript.sections, start=1):
        parts.append(
            f'<section class="part" id="section-{section_number}">'
            f"<h1>{escape(section.title)}</h1></section>"
        )
        for entry in section.entries:
            story_number += 1
            parts.append(_story(manuscript, entry, story_number, jpegs, folder))
            story_done()
    watermark = '<div class="watermark">DRAFT</div>' if manuscript.draft else ""
    return (
        f'<!DOCTYPE html><html lang="{escape(manuscript.language)}"><head><meta charset="utf-8">'
        f"<title>{escape(manuscript.title)}</title>"
        f'<meta name="author" content="{escape(names_join(manuscript.editors))}">'
        f"<style>{_css(manuscript)}</style></head><body>{watermark}{''.join(parts)}</body></html>"
    )


def _contents(manuscript: Manuscript) -> str:
    items, story_number = [], 0
    for section_number, section in enumerate(manuscript.sections, start=1):
        stories = []
        for entry in section.entries:
            story_number += 1
            stories.append(f'<li><a href="#story-{story_number}">{escape(entry.title)}</a></li>')
        items.append(
            f'<li><a href="#section-{section_number}">{escape(section.title)}</a>'
            f"<ul>{''.join(stories)}</ul></li>"
        )
    return f'<nav class="contents"><h1>Contents</h1><ul>{"".join(items)}</ul></nav>'


def _story(
    manuscript: Manuscript, entry: Entry, number: int, jpegs: Iterator[bytes], folder: Path
) -> str:
    paragraphs = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in entry.paragraphs)
    figures = []
    for index, photo in enumerate(entry.photos, start=1):
        path = folder / f"photo-{number}-{index}.jpg"
        path.write_bytes(next(jpegs))
        figures.append(_figure(manuscript, photo, path))
    return (
        f'<article class="story" id="story-{number}"><h2>{escape(entry.title)}</h2>'
        f'<p class="byline">{escape(entry.byline)}</p>{paragraphs}{"".join(figures)}</article>'
    )


def _figure(manuscript: Manuscript, photo: Photo, path: Path) -> str:
    """Places the print-sized JPEG at `path` at its printed size."""
    width, height = photo_print_size(manuscript, photo)
    caption = escape(photo.caption)
    if photo.credit:
        caption += f' <span class="credit">Photo: {escape(photo.credit)}</span>'
    figcaption = f"<figcaption>{caption.strip()}</figcaption>" if caption else ""
    return (
        f'<figure><img src="{path.as_uri()}" alt="{escape(photo.alt_text)}" '
        f'style="width: {width:.4f}in; height: {height:.4f}in">{figcaption}</figure>'
    )
