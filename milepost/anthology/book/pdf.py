"""The print-ready interior through WeasyPrint, as PDF/X-4: the printer's CMYK profile as output
intent, text in black ink alone, trim size plus bleed (TrimBox and BleedBox on every page), crop
marks only in a proof, DejaVu fonts embedded and subset, sections opening on a right-hand page,
running heads and page numbers (none on blank and opening pages), contents with page numbers,
the contributors' acknowledgments, photos tagged sRGB at print resolution (never above 300 DPI at
their printed size, never enlarged). Photos are prepared, one per core at a time, into a
temporary folder; WeasyPrint reads each JPEG file only when it writes the PDF, and embeds it as
it is."""

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

import pydyf
from PIL import ImageFile
from weasyprint import HTML

from milepost.core.quoting import title_quoted

from .colour import cmyk_profile_path, srgb_profile
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
/* The printer's CMYK: WeasyPrint writes it as the PDF/X output intent. */
@color-profile device-cmyk { src: url("{cmyk_profile}"); components: c, m, y, k; }

@page {
  size: {width}in {height}in;
  bleed: {bleed}in;
  margin: {margin}in;
  @bottom-center { content: counter(page); font: 8pt "Book Sans"; }
  {proof}
}
@page :left { @top-left { content: string(book-title); font: 8pt "Book Sans"; } }
@page :right { @top-right { content: string(section-title); font: 8pt "Book Sans"; } }
@page front { @top-left { content: none; } @top-right { content: none; }
              @bottom-center { content: none; } }
@page opener { @top-left { content: none; } @top-right { content: none; }
               @bottom-center { content: none; } }
@page :blank { @top-left { content: none; } @top-right { content: none; }
               @bottom-center { content: none; } }

/* Text in black ink alone (100 % K), never a four-colour black. */
html { font: 10.5pt/1.45 "Book Serif"; color: device-cmyk(0 0 0 1); }
h1, h2, .byline, figcaption, .contents, .thanks { font-family: "Book Sans"; }
p { margin: 0; text-indent: 1.2em; text-align: justify; widows: 2; orphans: 2; }
.byline + p, .byline { text-indent: 0; }
.title-page { page: front; text-align: center; padding-top: 2in; }
.title-page h1 { font-size: 24pt; string-set: book-title content(); }
.title-page p { text-indent: 0; text-align: center; margin-top: 0.5em; }
.contents { page: front; break-before: right; }
.contents ul { list-style: none; padding: 0; }
.contents ul ul { padding-left: 1.2em; }
.contents li { margin: 0.2em 0; }
/* Page numbers without links: PDF/X allows no link annotations on the page. */
.contents [data-ref]::after { content: leader(".") target-counter(attr(data-ref url), page); }
.part { page: opener; break-before: right; padding-top: 2.5in; text-align: center; }
.part h1 { string-set: section-title content(); font-size: 20pt; }
.story { break-before: page; }
.story h2 { font-size: 16pt; margin: 0 0 0.3em; }
.byline { font-size: 9pt; margin-bottom: 1.2em; }
figure { break-inside: avoid; margin: 1.2em 0 0; }
figure img { display: block; }
figcaption { font-size: 8.5pt; margin-top: 0.4em; }
.thanks { break-before: right; }
.thanks h1 { string-set: section-title content(); font-size: 20pt; }
.thanks ul { list-style: none; padding: 0; font-size: 9pt; }
.thanks li { margin: 0.3em 0; }
.thanks p { text-indent: 0; margin-bottom: 1em; }
.page-of::after { content: target-counter(attr(data-ref url), page); }
.watermark { position: fixed; top: 3in; left: 0; right: 0; text-align: center;
             font: bold 72pt "Book Sans"; color: device-cmyk(0 0 0 1 / 0.18);
             transform: rotate(-45deg); }
"""
# A proof shows crop marks, drawn outside the bleed (its pages are larger by this slug on each
# side); the printer's file has none. Crop marks are drawn on the page's background only.
PROOF_SLUG_IN = 0.25
PROOF_CSS = "marks: crop; background: device-cmyk(0 0 0 0);"
PDF_VARIANT = "pdf/x-4"
POINTS_PER_INCH = 72
THANKS_TITLE = "Acknowledgments"
THANKS_TEXT = "This book is its readers’ stories. Our thanks to everyone who sent one:"


# The book's type: 10.5 pt on 1.45 lines (the CSS above); for the page estimate only.
LINE_PT = 10.5 * 1.45
WORDS_PER_INCH = 2.2  # of a line, in DejaVu Serif at 10.5 pt, averaged over English prose


def manuscript_pdf_write(
    manuscript: Manuscript,
    path: str | os.PathLike,
    progress: Progress = progress_ignored,
    *,
    proof: bool = False,
) -> None:
    """The interior as PDF/X-4 for the printer; with `proof`, crop marks outside the bleed.
    Shares measured on the 300-story benchmark (12-megapixel photos): preparing the stories
    (photos at print size) over half the time, laying out the pages a third, writing the
    rest. WeasyPrint tells each page it lays out."""
    with (
        _interior_laid_out(manuscript, progress, proof=proof) as document,
        atomic_path(path) as temporary,
    ):
        document.write_pdf(
            temporary,
            pdf_variant=PDF_VARIANT,
            finisher=partial(pdfx_boxes_and_version, manuscript.bleed * POINTS_PER_INCH),
        )
    progress(1.0, "PDF written")


def manuscript_pages_count(manuscript: Manuscript, progress: Progress = progress_ignored) -> int:
    """How many pages the interior has, laid out as `manuscript_pdf_write` lays it out but
    not written: the cover's spine needs the number, not the file."""
    with _interior_laid_out(manuscript, progress, proof=False) as document:
        return len(document.pages)


@contextmanager
def _interior_laid_out(manuscript: Manuscript, progress: Progress, *, proof: bool):
    """The interior's pages laid out, with its photos (at print size) in a folder that lasts
    while they are used."""
    story_done = progress_counter(
        progress_part(progress, 0.0, 0.55), len(manuscript.entries), "Preparing stories"
    )
    with tempfile.TemporaryDirectory(prefix="milepost-book-") as folder:
        html = _document(manuscript, Path(folder), story_done, proof=proof)
        layout = _LayoutProgress(progress_part(progress, 0.55, 0.88), _pages_estimate(manuscript))
        with layout.followed():
            yield HTML(string=html, base_url=folder).render()


def pdfx_boxes_and_version(bleed: float, document, pdf: pydyf.PDF) -> None:
    """WeasyPrint's finisher for the PDF/X-4 interior and cover: each page's BleedBox is the
    book's bleed around its TrimBox (WeasyPrint stops at 10 pt, and a proof's page is larger
    than trim and bleed); photos in sRGB are said so with its profile (PDF/X-4 allows no
    device RGB); the PDF/X version is said in the document information too, for preflight
    tools that read only that."""
    pdf.info["GTS_PDFXVersion"] = pydyf.String("PDF/X-4")
    srgb = pydyf.Stream([srgb_profile()], pydyf.Dictionary({"N": 3}), compress=True)
    pdf.add_object(srgb)
    for pdf_object in pdf.objects:
        if isinstance(pdf_object, pydyf.Dictionary) and pdf_object.get("Type") == "/Page":
            left, top, right, bottom = pdf_object["TrimBox"]
            pdf_object["BleedBox"] = pydyf.Array(
                [left - bleed, top - bleed, right + bleed, bottom + bleed]
            )
        elif isinstance(pdf_object, pydyf.Stream) and pdf_object.extra.get("ColorSpace") == (
            "/DeviceRGB"
        ):
            pdf_object.extra["ColorSpace"] = pydyf.Array(("/ICCBased", srgb.reference))


def _pages_estimate(manuscript: Manuscript) -> int:
    """About how many pages the book will have: each story from its words and photos, each
    section's opener, the title page, the contents and the acknowledgments (both of these open
    on a right-hand page, as sections do)."""
    lines_per_page = manuscript.text_height * 72 / LINE_PT
    words_per_line = manuscript.text_width * WORDS_PER_INCH
    pages = 1 + 2 * (1 + math.ceil(len(manuscript.entries) * 1.5 / lines_per_page))
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


def _css(manuscript: Manuscript, *, proof: bool) -> str:
    fonts = {"serif": SERIF, "serif_bold": SERIF_BOLD, "sans": SANS, "sans_bold": SANS_BOLD}
    values = {key: font_path(name).as_uri() for key, name in fonts.items()}
    values["cmyk_profile"] = cmyk_profile_path().as_uri()
    width, height = manuscript.trim
    bleed = manuscript.bleed + (PROOF_SLUG_IN if proof else 0)
    values |= {"width": width, "height": height, "bleed": bleed, "margin": MARGIN_IN}
    values["proof"] = PROOF_CSS if proof else ""
    # str.format would trip over the CSS braces: fill only the named fields.
    css = CSS
    for key, value in values.items():
        css = css.replace("{" + key + "}", str(value))
    return css


def _document(
    manuscript: Manuscript, folder: Path, story_done: Callable[[], None], *, proof: bool
) -> str:
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
    parts.append(_thanks(manuscript))
    watermark = '<div class="watermark">DRAFT</div>' if manuscript.draft else ""
    return (
        f'<!DOCTYPE html><html lang="{escape(manuscript.language)}"><head><meta charset="utf-8">'
        f"<title>{escape(manuscript.title)}</title>"
        f'<meta name="author" content="{escape(names_join(manuscript.editors))}">'
        f"<style>{_css(manuscript, proof=proof)}</style></head>"
        f"<body>{watermark}{''.join(parts)}</body></html>"
    )


def _contents(manuscript: Manuscript) -> str:
    items, story_number = [], 0
    for section_number, section in enumerate(manuscript.sections, start=1):
        stories = []
        for entry in section.entries:
            story_number += 1
            stories.append(f"<li>{_contents_line(entry.title, f'#story-{story_number}')}</li>")
        items.append(
            f"<li>{_contents_line(section.title, f'#section-{section_number}')}"
            f"<ul>{''.join(stories)}</ul></li>"
        )
    items.append(f"<li>{_contents_line(THANKS_TITLE, '#thanks')}</li>")
    return f'<nav class="contents"><h1>Contents</h1><ul>{"".join(items)}</ul></nav>'


def _contents_line(title: str, ref: str) -> str:
    """A line of the contents; its page number follows from `data-ref` (the CSS above)."""
    return f'<span data-ref="{ref}">{escape(title)}</span>'


def _thanks(manuscript: Manuscript) -> str:
    """The contributors' acknowledgments: each story's byline as printed, its title and page."""
    lines = []
    for number, entry in enumerate(manuscript.entries, start=1):
        if entry.byline.strip():
            lines.append(
                f"<li>{escape(entry.byline)}, {escape(title_quoted(entry.title))}, page "
                f'<span class="page-of" data-ref="#story-{number}"></span></li>'
            )
    return (
        f'<section class="thanks" id="thanks"><h1>{THANKS_TITLE}</h1>'
        f"<p>{THANKS_TEXT}</p><ul>{''.join(lines)}</ul></section>"
    )


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
