"""Photos re-encoded for a format, shrunk while decoding where JPEG allows, one per core at a
time, so a book of 12-megapixel photos never holds more than a couple of full images in memory."""

import io
import math
import os
import textwrap
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from PIL import Image, ImageCms, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from milepost.core.quoting import title_quoted

from .fonts import SANS, SANS_BOLD, font_path
from .manuscript import (
    PRINT_DPI,
    Manuscript,
    ManuscriptError,
    Photo,
    names_join,
    photo_print_size,
)

EBOOK_LONG_EDGE = 1600
UNLIMITED = 1_000_000
COVER_SIZE = (1600, 2400)
COVER_COLOURS = ((28, 52, 84), (245, 236, 214))  # background, ink
T = TypeVar("T")
_ORIENTATION = 0x0112
_QUARTER_TURNS = (5, 6, 7, 8)
# Pillow's modes that print as they are: greyscale, and RGB read as sRGB (untagged, or tagged so).
GREYSCALE_MODES = ("1", "L", "LA", "La", "I;16", "I;16L", "I;16B", "I;16N")
RGB_MODES = ("RGB", "RGBA", "RGBa", "RGBX")


def photo_open(photo: Photo, story: str) -> Image.Image:
    source = photo.source if isinstance(photo.source, Path) else io.BytesIO(photo.source)
    try:
        return Image.open(source)
    except FileNotFoundError as error:
        raise ManuscriptError(
            f"The photo of {title_quoted(story)} is missing: {photo.source}"
        ) from error
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ManuscriptError(
            f"The photo of {title_quoted(story)} is not a readable image: {photo.name}"
        ) from error


def photo_colour_problem(photo: Photo, story: str) -> str:
    """What about the photo's colours the book's files and the printer would convert, said as
    the end of a sentence about it; "" when nothing. The files are written in sRGB without a
    profile: CMYK is converted naively, another RGB profile is dropped (its colours read as
    sRGB), a palette keeps at most 256 colours. Reads the file's header only."""
    with photo_open(photo, story) as image:
        mode, profile = image.mode, image.info.get("icc_profile")
    if mode in GREYSCALE_MODES:
        return ""
    if mode == "CMYK":
        return (
            "is a CMYK image: the book's files turn it into RGB without its colour profile "
            "(and the print PDF into the printer's CMYK from there), so its colours shift. Use "
            "the RGB original, or convert it to sRGB with its profile."
        )
    if mode in ("P", "PA"):
        return (
            "is a palette image of at most 256 colours (a GIF or an 8-bit PNG): a photo prints "
            "in bands. Use the original photo."
        )
    if mode not in RGB_MODES:
        return f"is in the {mode} colour space, which the printer converts. Convert it to sRGB."
    return _profile_problem(profile) if profile else ""


def _profile_problem(profile: bytes) -> str:
    try:
        name = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile)))
    except (ImageCms.PyCMSError, OSError, TypeError, ValueError):
        return (
            "has a colour profile that cannot be read: the printer may read its colours "
            "wrongly. Convert it to sRGB."
        )
    if "srgb" in name.lower():
        return ""
    return (
        f"has the colour profile {title_quoted(name.strip() or 'without a name')}, not sRGB: "
        "the book's files read its colours as sRGB, so they print duller or shifted. Convert "
        "it to sRGB."
    )


def photo_jpeg(photo: Photo, story: str, max_size: tuple[int, int], quality: int) -> bytes:
    """The photo as an upright RGB JPEG no larger than `max_size` (never enlarged)."""
    with photo_open(photo, story) as image:
        try:
            if image.getexif().get(_ORIENTATION, 1) in _QUARTER_TURNS:
                max_size = max_size[::-1]  # the limit is upright; the pixels lie on their side
            target = _fitted(image.size, max_size)
            image.draft(None, target)  # JPEG decodes at 1/2, 1/4 or 1/8 scale, never below target
            if image.size != target:
                image = image.resize(target, Image.Resampling.BICUBIC)
            image = ImageOps.exif_transpose(image)
            if image.mode != "RGB":
                image = _flatten(image)
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=quality)
        except (OSError, SyntaxError, ValueError) as error:
            raise ManuscriptError(
                f"The photo of {title_quoted(story)} is damaged and cannot be decoded: {photo.name}"
            ) from error
    return buffer.getvalue()


def photos_encoded(manuscript: Manuscript, encode: Callable[[Photo, str], T]) -> Iterator[T]:
    """`encode(photo, story title)` for every photo in book order, on one thread per core:
    Pillow lets go of the GIL while it decodes, resizes and encodes. Stops early on an error."""
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
    try:
        jobs = [(photo, entry.title) for entry in manuscript.entries for photo in entry.photos]
        yield from pool.map(lambda job: encode(*job), jobs)
    finally:
        pool.shutdown(cancel_futures=True)


def photo_ebook_jpeg(photo: Photo, story: str) -> bytes:
    return photo_jpeg(photo, story, (EBOOK_LONG_EDGE, EBOOK_LONG_EDGE), quality=85)


def photo_print_jpeg(manuscript: Manuscript, photo: Photo, story: str) -> bytes:
    """At most 300 DPI at its printed size: more would not print; fewer are kept, not enlarged."""
    width, _ = photo_print_size(manuscript, photo)
    # Only the width limits, rounded up: never a pixel under 300 DPI.
    limit = (math.ceil(width * PRINT_DPI), UNLIMITED)
    return photo_jpeg(photo, story, limit, quality=90)


def cover_jpeg(manuscript: Manuscript) -> bytes:
    """A plain typographic cover: the title, subtitle and editors on a dark ground."""
    background, ink = COVER_COLOURS
    image = Image.new("RGB", COVER_SIZE, background)
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.truetype(font_path(SANS_BOLD), 120)
    small_font = ImageFont.truetype(font_path(SANS), 64)
    y = 500
    for line in textwrap.wrap(manuscript.title, width=18):
        draw.text((COVER_SIZE[0] // 2, y), line, font=title_font, fill=ink, anchor="ma")
        y += 150
    for line in textwrap.wrap(manuscript.subtitle, width=34):
        draw.text((COVER_SIZE[0] // 2, y + 60), line, font=small_font, fill=ink, anchor="ma")
        y += 90
    if manuscript.editors:
        editors = "Edited by " + names_join(manuscript.editors)
        for index, line in enumerate(textwrap.wrap(editors, width=34)):
            position = (COVER_SIZE[0] // 2, 2000 + index * 90)
            draw.text(position, line, font=small_font, fill=ink, anchor="ma")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def _fitted(size: tuple[int, int], limit: tuple[int, int]) -> tuple[int, int]:
    """`size` shrunk to fit within `limit`, keeping its proportions; never enlarged."""
    scale = min(limit[0] / size[0], limit[1] / size[1], 1)
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparency and palettes do not survive JPEG."""
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")
