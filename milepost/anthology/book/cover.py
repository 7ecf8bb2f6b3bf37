"""The printed book's cover: one PDF page holding the back, the spine and the front, trim size
plus bleed all round, through WeasyPrint (which sets the TrimBox and BleedBox). The spine is as
wide as the interior's pages are thick; the back carries the blurb and the ISBN's EAN-13
barcode, drawn by python-barcode. PDF/X-4 like the interior: the printer's CMYK profile as output
intent, the picture converted to it, text and bars in black ink alone (`device-cmyk(0 0 0 1)`)."""

import io
import math
import os
import re
import tempfile
from dataclasses import dataclass
from functools import partial
from html import escape
from pathlib import Path

import barcode
from barcode.errors import BarcodeError
from barcode.writer import SVGWriter
from PIL import Image, ImageCms, ImageOps
from weasyprint import HTML

from milepost.core.quoting import title_quoted

from .colour import cmyk_profile_path, cmyk_transform
from .files import atomic_path
from .fonts import SANS, SANS_BOLD, SERIF, font_path
from .images import photo_open
from .manuscript import PRINT_DPI, Manuscript, ManuscriptError, Photo, names_join
from .pdf import PDF_VARIANT, POINTS_PER_INCH, manuscript_pages_count, pdfx_boxes_and_version
from .progress import Progress, progress_ignored, progress_part

# KDP lets a spine carry text only for books of more than 79 pages (Help: "Cover", spine text),
# and keeps it 0.0625 in clear of each fold. At 0.25 in (about 110 pages on white paper) that
# leaves 0.125 in, room for one line of 7 pt type; narrower spines stay blank.
SPINE_TEXT_MIN_IN = 0.25
SPINE_CLEARANCE_IN = 0.0625
SAFE_IN = 0.375  # text keeps this far inside the trim: cutting may wander by 0.125 in
BLACK = "device-cmyk(0 0 0 1)"
PAPER = "device-cmyk(0 0 0 0)"  # white: no ink, and no RGB in a PDF/X page
# EAN-13 at 90 % of its nominal size (37.29 × 25.93 mm); printers accept 80 to 200 %.
BARCODE_OPTIONS = {
    "module_width": 0.33 * 0.9,
    "module_height": 20.0,
    "quiet_zone": 3.6,
    "font_size": 9,
    "text_distance": 4.0,
    "foreground": BLACK,
    "background": PAPER,
}

CSS = """
@font-face { font-family: "Cover Serif"; src: url("{serif}"); }
@font-face { font-family: "Cover Sans"; src: url("{sans}"); }
@font-face { font-family: "Cover Sans"; font-weight: bold; src: url("{sans_bold}"); }
/* The printer's CMYK: WeasyPrint writes it as the PDF/X output intent. */
@color-profile device-cmyk { src: url("{cmyk_profile}"); components: c, m, y, k; }
@page { size: {width}in {height}in; bleed: {bleed}in; margin: 0; background: {paper}; }
html, body { margin: 0; color: {black}; font-family: "Cover Sans"; }
.panel { position: absolute; top: 0; height: {trim_height}in; }
.back { left: 0; width: {trim_width}in; }
.front { left: {front_left}in; width: {trim_width}in; }
.front-image { position: absolute; top: -{bleed}in; left: {front_left}in;
               width: {image_width}in; height: {image_height}in; }
.blurb { position: absolute; top: {safe}in; left: {safe}in; right: {safe}in;
         font: 11pt/1.45 "Cover Serif"; white-space: pre-line; }
.barcode { position: absolute; right: {safe}in; bottom: {safe}in; width: 1.6in;
           background: {paper}; padding: 0.06in; text-align: center; font-size: 7pt; }
.barcode svg { display: block; width: 100%; height: auto; }
.missing { border: 1pt dashed {black}; padding: 0.3in 0.1in; }
.title-block { position: absolute; top: {safe}in; left: {safe}in; right: {safe}in;
               background: {paper}; padding: 0.15in; text-align: center; }
.title-block h1 { font-size: 26pt; margin: 0; line-height: 1.15; }
.title-block p { margin: 0.4em 0 0; font-size: 12pt; }
.spine { position: absolute; top: 0; left: {spine_left}in; width: {spine}in;
         height: {trim_height}in; }
.spine-text { position: absolute; left: 50%; top: 50%; width: {spine_text_length}in;
              transform: translate(-50%, -50%) rotate(90deg); text-align: center;
              font-size: {spine_font}pt; line-height: 1; white-space: nowrap; overflow: hidden; }
.watermark { position: absolute; top: 45%; left: {front_left}in; width: {trim_width}in;
             text-align: center; font: bold 60pt "Cover Sans";
             color: device-cmyk(0 0.9 0.8 0 / 0.35); transform: rotate(-45deg); }
"""


@dataclass(frozen=True)
class CoverSize:
    """The flat cover in inches: `width` and `height` trimmed, `media_*` with the bleed."""

    pages: int
    spine: float
    width: float
    height: float
    bleed: float

    @property
    def media_width(self) -> float:
        return self.width + 2 * self.bleed

    @property
    def media_height(self) -> float:
        return self.height + 2 * self.bleed

    @property
    def spine_text_fits(self) -> bool:
        return self.spine >= SPINE_TEXT_MIN_IN


def cover_size(manuscript: Manuscript, pages: int) -> CoverSize:
    """Back and front at trim size, the spine between them: pages × the paper's thickness."""
    trim_width, trim_height = manuscript.trim
    spine = round(pages * manuscript.caliper, 4)
    return CoverSize(pages, spine, 2 * trim_width + spine, trim_height, manuscript.bleed)


def cover_image_ppi(manuscript: Manuscript, photo: Photo) -> float:
    """The picture's resolution once it fills the front and its bleed (cropped, not squeezed)."""
    box_width, box_height = _front_image_box(manuscript)
    return min(photo.width / box_width, photo.height / box_height)


def interior_pages_count(manuscript: Manuscript, progress: Progress = progress_ignored) -> int:
    """The print PDF's page count: the spine is as wide as its pages."""
    return manuscript_pages_count(manuscript, progress)


def isbn_barcode_svg(isbn: str) -> str:
    """The ISBN's EAN-13 (Bookland) barcode as inline SVG, its bars and digits 100 % K."""
    try:
        code = barcode.ISBN13(isbn.replace("-", "").replace(" ", ""), writer=SVGWriter())
    except (ValueError, BarcodeError) as error:
        raise ManuscriptError(f"“{isbn}” cannot be drawn as an ISBN barcode: {error}") from error
    svg = code.render(BARCODE_OPTIONS).decode("utf-8")
    svg = svg[svg.index("<svg") :]  # inline in HTML: no XML declaration or doctype
    # Presentation attributes rather than `style`, which WeasyPrint reads as HTML CSS and warns
    # about (`text-anchor`, and `device-cmyk()` in `fill`).
    return _STYLE.sub(lambda match: _attributes(match.group(1)), svg)


_STYLE = re.compile(r'style="([^"]*)"')


def _attributes(style: str) -> str:
    pairs = (part.split(":", 1) for part in style.split(";") if ":" in part)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in pairs)


def manuscript_cover_write(
    manuscript: Manuscript,
    path: str | os.PathLike,
    pages: int,
    progress: Progress = progress_ignored,
) -> CoverSize:
    """Write the cover for an interior of `pages` pages and return its size."""
    size = cover_size(manuscript, pages)
    with tempfile.TemporaryDirectory(prefix="milepost-cover-") as folder:
        image = ""
        if manuscript.cover is not None:
            progress(0.1, "Preparing the cover picture")
            image_path = Path(folder) / "front.jpg"
            image_path.write_bytes(_front_jpeg(manuscript, manuscript.cover))
            alt = escape(manuscript.cover.alt_text)
            image = f'<img class="front-image" src="{image_path.as_uri()}" alt="{alt}">'
        progress(0.4, "Laying out the cover")
        html = _document(manuscript, size, image)
        with atomic_path(path) as temporary:
            HTML(string=html, base_url=folder).write_pdf(
                temporary,
                pdf_variant=PDF_VARIANT,
                finisher=partial(pdfx_boxes_and_version, size.bleed * POINTS_PER_INCH),
            )
    progress(1.0, f"Cover written (spine {size.spine:.3f} in for {pages} pages)")
    return size


def cover_export_write(
    manuscript: Manuscript, path: str | os.PathLike, progress: Progress = progress_ignored
) -> CoverSize:
    """The interior written once to count its pages (most of the time), then the cover."""
    pages = interior_pages_count(manuscript, progress_part(progress, 0.0, 0.9))
    return manuscript_cover_write(manuscript, path, pages, progress_part(progress, 0.9, 1.0))


def _front_image_box(manuscript: Manuscript) -> tuple[float, float]:
    """The front's picture runs into the bleed at the top, the bottom and the outer edge."""
    trim_width, trim_height = manuscript.trim
    return trim_width + manuscript.bleed, trim_height + 2 * manuscript.bleed


def _front_jpeg(manuscript: Manuscript, photo: Photo) -> bytes:
    """The picture cropped to the front's proportions, at most 300 ppi there (never enlarged)."""
    box_width, box_height = _front_image_box(manuscript)
    with photo_open(photo, "the cover") as opened:
        try:
            opened.draft(
                "RGB", (math.ceil(box_width * PRINT_DPI), math.ceil(box_height * PRINT_DPI))
            )
            image = ImageOps.exif_transpose(opened).convert("RGB")
            scale = min(
                1.0, max(box_width * PRINT_DPI / image.width, box_height * PRINT_DPI / image.height)
            )
            ratio = box_width / box_height
            crop = (min(image.width, image.height * ratio), min(image.height, image.width / ratio))
            target = (max(1, round(crop[0] * scale)), max(1, round(crop[1] * scale)))
            image = ImageOps.fit(image, target, Image.Resampling.BICUBIC)
            image = ImageCms.applyTransform(image, cmyk_transform())  # the printer's CMYK
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=92)
        except (OSError, SyntaxError, ValueError) as error:
            raise ManuscriptError(
                f"The cover picture of {title_quoted(manuscript.title)} cannot be decoded: "
                f"{photo.name}"
            ) from error
    return buffer.getvalue()


def _css(manuscript: Manuscript, size: CoverSize) -> str:
    trim_width, trim_height = manuscript.trim
    image_width, image_height = _front_image_box(manuscript)
    spine_room = max(size.spine - 2 * SPINE_CLEARANCE_IN, 0)
    values = {
        "serif": font_path(SERIF).as_uri(),
        "sans": font_path(SANS).as_uri(),
        "sans_bold": font_path(SANS_BOLD).as_uri(),
        "width": size.width,
        "height": size.height,
        "bleed": size.bleed,
        "trim_width": trim_width,
        "trim_height": trim_height,
        "front_left": trim_width + size.spine,
        "spine_left": trim_width,
        "spine": size.spine,
        "spine_text_length": trim_height - 2 * SAFE_IN,
        "spine_font": round(min(11.0, spine_room * 72 * 0.7), 1),
        "image_width": image_width,
        "image_height": image_height,
        "safe": SAFE_IN,
        "black": BLACK,
        "paper": PAPER,
        "cmyk_profile": cmyk_profile_path().as_uri(),
    }
    css = CSS
    for key, value in values.items():  # str.format would trip over the CSS braces
        css = css.replace("{" + key + "}", str(value))
    return css


def _document(manuscript: Manuscript, size: CoverSize, image: str) -> str:
    title = escape(manuscript.title)
    lines = [f"<h1>{title}</h1>"]
    if manuscript.subtitle:
        lines.append(f"<p>{escape(manuscript.subtitle)}</p>")
    editors = names_join(manuscript.editors) if manuscript.editors else ""
    if editors:
        lines.append(f"<p>Edited by {escape(editors)}</p>")
    spine = ""
    if size.spine_text_fits:
        spine_line = f"{title}&emsp;{escape(editors)}" if editors else title
        spine = f'<div class="spine-text">{spine_line}</div>'
    blurb = (
        f'<div class="blurb">{escape(manuscript.blurb.strip())}</div>' if manuscript.blurb else ""
    )
    watermark = '<div class="watermark">DRAFT</div>' if manuscript.draft else ""
    return (
        f'<!DOCTYPE html><html lang="{escape(manuscript.language)}"><head><meta charset="utf-8">'
        f"<title>{title}: cover</title><style>{_css(manuscript, size)}</style></head><body>"
        f'<section class="panel back">{blurb}{_barcode(manuscript)}</section>'
        f'<section class="spine">{spine}</section>{image}'
        f'<section class="panel front"><div class="title-block">{"".join(lines)}</div></section>'
        f"{watermark}</body></html>"
    )


def _barcode(manuscript: Manuscript) -> str:
    if not manuscript.isbn:
        # A draft without an ISBN shows where the barcode goes; a final cover needs one.
        return '<div class="barcode missing">ISBN barcode</div>'
    return (
        f'<div class="barcode">ISBN {escape(manuscript.isbn)}'
        f"{isbn_barcode_svg(manuscript.isbn)}</div>"
    )
