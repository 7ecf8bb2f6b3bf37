"""A published story's share card: the 1200×630 image link previews show, drawn with Pillow.

The headline and byline go on a dark panel in the site's colours (light text on ink, far above
WCAG's 4.5:1), the lead photo beside it, already cropped around its focal point by Wagtail
(`renditions.SHARE_CARD_PHOTO`). Text is set in Debian's DejaVu, the fonts the book uses:
wrapped to the panel and made smaller until it fits, cut with an ellipsis past the smallest
size. A line with a character DejaVu cannot draw (Chinese, say) is left off rather than
printed as empty boxes; the page's title and the image's alt text still carry it.
"""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont, ImageOps

WIDTH, HEIGHT = 1200, 630
PHOTO_WIDTH = 480
MARGIN = 64
INK = (29, 27, 24)  # --ink
PAPER = (251, 248, 243)  # --paper: the headline
BYLINE = (222, 214, 204)  # the byline, a little quieter
ACCENT = (138, 45, 15)  # --accent: the rule
ACCENT_LIGHT = (240, 168, 140)  # the site's name, the accent lightened to read on ink
TEXT_COLOURS = (PAPER, BYLINE, ACCENT_LIGHT)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
HEADLINE_FONT = "DejaVuSerif-Bold.ttf"
BYLINE_FONT = "DejaVuSerif-Italic.ttf"
SITE_FONT = "DejaVuSans-Bold.ttf"
HEADLINE_SIZES = range(68, 34, -4)
BYLINE_SIZES = (32, 28, 24)
ELLIPSIS = "…"


@dataclass(frozen=True)
class Block:
    """Lines of one font, set one under the other."""

    font: ImageFont.FreeTypeFont
    lines: list[str]

    @property
    def line_height(self) -> int:
        return round(self.font.size * 1.22)

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)


@cache
def font_load(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / name), size)


@cache
def _characters(name: str) -> frozenset[int]:
    with TTFont(FONT_DIR / name, lazy=True) as font:
        return frozenset(font.getBestCmap())


def drawable(text: str, font_name: str) -> bool:
    """Whether the font has a glyph for every character of `text` (spaces aside)."""
    characters = _characters(font_name)
    return all(ord(char) in characters for char in text if not char.isspace())


def _words_fitted(words: list[str], font, width: int) -> list[str]:
    """Words, with any word wider than the line broken into pieces that fit."""
    fitted = []
    for word in words:
        while font.getlength(word) > width and len(word) > 1:
            cut = max([1, *(n for n in range(2, len(word)) if font.getlength(word[:n]) <= width)])
            fitted.append(word[:cut])
            word = word[cut:]
        fitted.append(word)
    return fitted


def wrap(text: str, font, width: int) -> list[str]:
    """`text` in lines no wider than `width` pixels, broken between words where it can be."""
    lines: list[str] = []
    for word in _words_fitted(text.split(), font, width):
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _shortened(lines: list[str], count: int, font, width: int) -> list[str]:
    """The first `count` lines, the last ending in an ellipsis that fits."""
    kept = lines[:count]
    last = kept[-1]
    while last and font.getlength(last.rstrip(" ,.;:") + ELLIPSIS) > width:
        last = last[:-1]
    kept[-1] = last.rstrip(" ,.;:") + ELLIPSIS
    return kept


def block_fit(text: str, font_name: str, sizes, width: int, height: int) -> Block:
    """The largest size at which `text` fits the box; at the smallest, cut to fit."""
    if not text or not drawable(text, font_name):
        return Block(font_load(font_name, sizes[-1]), [])
    for size in sizes:
        block = Block(font_load(font_name, size), wrap(text, font_load(font_name, size), width))
        if block.height <= height:
            return block
    room = max(1, height // block.line_height)
    return Block(block.font, _shortened(block.lines, room, block.font, width))


def _blocks_draw(card: Image.Image, left: int, width: int, headline: str, byline: str, site: str):
    draw = ImageDraw.Draw(card)
    site_block = block_fit(site.upper(), SITE_FONT, (22,), width, 40)
    byline_block = block_fit(byline, BYLINE_FONT, BYLINE_SIZES, width, 2 * 40)
    room = HEIGHT - 2 * MARGIN - site_block.height - byline_block.height - 2 * 28
    headline_block = block_fit(headline, HEADLINE_FONT, HEADLINE_SIZES, width, room)
    top = MARGIN
    for block, colour, gap in (
        (site_block, ACCENT_LIGHT, 28),
        (headline_block, PAPER, 28),
        (byline_block, BYLINE, 0),
    ):
        for number, line in enumerate(block.lines):
            draw.text((left, top + number * block.line_height), line, font=block.font, fill=colour)
        top += block.height + (gap if block.lines else 0)


def share_card_draw(*, headline: str, byline: str, site: str, photo: Image.Image | None) -> bytes:
    """The card as JPEG bytes, with no metadata; `photo` cropped to PHOTO_WIDTH×HEIGHT."""
    card = Image.new("RGB", (WIDTH, HEIGHT), INK)
    text_width = WIDTH - (PHOTO_WIDTH if photo else 0)
    if photo is not None:
        # Wagtail does not enlarge a small photo: it is cropped to shape, then scaled up.
        card.paste(ImageOps.fit(photo.convert("RGB"), (PHOTO_WIDTH, HEIGHT)), (text_width, 0))
    ImageDraw.Draw(card).rectangle((0, 0, 11, HEIGHT), fill=ACCENT)
    _blocks_draw(card, MARGIN, text_width - 2 * MARGIN, headline, byline, site)
    out = io.BytesIO()
    # Pillow writes no EXIF, ICC or comment unless asked: nothing of the photo's past goes out.
    card.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()


def contrast_ratio(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    """WCAG 2's contrast ratio between two sRGB colours."""

    def luminance(colour) -> float:
        linear = [
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
            for c in (value / 255 for value in colour)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
