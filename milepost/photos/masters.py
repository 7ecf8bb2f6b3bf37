"""Attachment bytes in, a privacy-safe master photo out, or a rejection an editor can read.

Every channel passes each photo of a submission through `photo_master_make`. The type is decided
by the bytes alone, never by a file name or a declared type. The master is upright, keeps its
colour profile and carries no EXIF (with GPS), XMP, IPTC or comments.
"""

import io
import math
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pillow_heif
from PIL import ExifTags, Image, JpegImagePlugin

from milepost.core.exceptions import DomainError

pillow_heif.register_heif_opener()

MEGABYTE = 1024 * 1024

# The five types a submission may bring, each with the format its master is kept in.
# Browsers cannot show HEIC, and a GIF's animation is no use in print: both become stills.
_MASTER_FORMATS = {"jpeg": "jpeg", "png": "png", "webp": "webp", "heic": "jpeg", "gif": "png"}
_PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "heic": "HEIF", "gif": "GIF"}
_EXTENSIONS = {"jpeg": ".jpg", "png": ".png", "webp": ".webp"}

_IMAGE_MAGIC = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
_UNSUPPORTED_MAGIC = (
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"8BPS", "Photoshop (PSD)"),
    (b"\xff\x0a", "JPEG XL"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "JPEG XL"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG 2000"),
    (b"\xff\x4f\xff\x51", "JPEG 2000"),
)
_NON_IMAGE_MAGIC = (
    (b"%PDF-", "a PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an older Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Office files are ZIP archives; these member names, stored uncompressed, tell them apart.
_ZIP_KINDS = (
    (b"word/document.xml", "a Word document"),
    (b"xl/workbook.xml", "an Excel spreadsheet"),
    (b"ppt/presentation.xml", "a PowerPoint presentation"),
    (b"mimetypeapplication/vnd.oasis.opendocument", "an OpenDocument file"),
)
_BMP_HEADER_SIZES = {12, 40, 52, 56, 64, 108, 124}
# ISO-BMFF brands pillow-heif opens, plus the generic "heif"; AVIF shares the container.
_HEIF_BRANDS = frozenset(b"heic heix heim heis hevc hevx hevm hevs mif1 msf1 heif".split())
_AVIF_BRANDS = {b"avif", b"avis"}

# How to show each EXIF orientation upright.
_TRANSPOSES = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

_JPEG_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_JPEG_STANDALONE_MARKERS = {0x01, *range(0xD0, 0xD9)}
# APPn segments Pillow writes that describe colour and coding, not the photo or its taker.
_JPEG_HARMLESS_APPS = ((0xE0, b"JFIF\x00"), (0xE2, b"ICC_PROFILE\x00"), (0xEE, b"Adobe"))
_PNG_METADATA_CHUNKS = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}
_WEBP_METADATA_CHUNKS = {b"EXIF", b"XMP "}

# What Pillow and pillow-heif raise on data they cannot make sense of; pillow-heif reports
# libheif's failures (its own size limits among them) as RuntimeError.
_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    IndexError,
    RuntimeError,
)


# A 64-megapixel photo takes 192 MB decoded: one decode at a time per process (threads of one
# worker included) keeps a worker's peak near one photo's worth, however many arrive at once.
_DECODE_SLOT = threading.Lock()
# Pillow allocates a decoded image in blocks (16 MB by default). glibc serves blocks that size
# from the calling thread's own heap once one has been freed, and keeps that memory: each
# thread of a worker ended up holding a photo's worth (1.5 GB for six threads). Blocks over
# glibc's largest mmap threshold (32 MB) are always mapped afresh and returned when freed.
Image.core.set_block_size(64 * MEGABYTE)


class PhotoRejected(DomainError):
    """An attachment that cannot become a master photo; `reason` (the message) is for editors
    to read, `code` for the checks to record."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason, extra={"code": code})
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class MasterPhoto:
    content: bytes = field(repr=False)
    original_format: str
    master_format: str
    width: int
    height: int
    has_metadata: bool

    @property
    def file_extension(self) -> str:
        return _EXTENSIONS[self.master_format]


def photo_master_make(
    data: bytes, *, max_bytes: int = 25 * MEGABYTE, max_pixels: int = 64_000_000
) -> MasterPhoto:
    """The upright, metadata-free master of an attached photo, or PhotoRejected saying why not."""
    original_format = photo_check(data, max_bytes=max_bytes, max_pixels=max_pixels)
    pixel_limit = _pixel_limit(max_pixels)
    with _DECODE_SLOT, _decoding(pixel_limit):
        content, width, height = _master_render(data, original_format, pixel_limit)
    master_format = _MASTER_FORMATS[original_format]
    return MasterPhoto(
        content=content,
        original_format=original_format,
        master_format=master_format,
        width=width,
        height=height,
        has_metadata=_METADATA_FINDERS[master_format](content),
    )


def photo_check(
    data: bytes, *, max_bytes: int = 25 * MEGABYTE, max_pixels: int = 64_000_000
) -> str:
    """The photo's format, or PhotoRejected for what is refused without decoding a pixel: its
    size, its type and the pixel count its header gives."""
    if len(data) > max_bytes:
        raise PhotoRejected(
            "too_large_bytes",
            f"file is {_size_text(len(data), math.ceil)}, "
            f"over the {_size_text(max_bytes, math.floor)} limit",
        )
    original_format = _format_sniff(data)
    if size := _SIZE_READERS[original_format](data):
        _pixels_check(size, _pixel_limit(max_pixels))
    return original_format


def _pixel_limit(max_pixels: int) -> int:
    # Pillow warns above its own limit and refuses at twice it; never hand it more than that.
    return min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)


def photo_is_master(data: bytes) -> bool:
    """Whether the bytes already are a master: a master's type and no metadata (so upright)."""
    try:
        kind = _format_sniff(data)
    except PhotoRejected:
        return False
    finder = _METADATA_FINDERS.get(kind)
    return finder is not None and not finder(data)


def photo_is_print_ready(width: int, height: int, min_long_edge: int = 1800) -> bool:
    return max(width, height) >= min_long_edge


def _size_text(count: int, rounding: Callable[[float], int]) -> str:
    # Sizes round up and limits down, so a file just over the limit never reads as equal to it.
    unit, scale = ("MB", MEGABYTE) if count >= MEGABYTE else ("KB", 1024)
    return f"{rounding(count * 10 / scale) / 10:g} {unit}"


def _pixels_check(size: tuple[int, int], limit: int) -> None:
    width, height = size
    if width * height > limit:
        raise PhotoRejected(
            "too_many_pixels",
            f"image is {width} x {height} pixels, over the {_megapixels(limit)}-megapixel limit",
        )


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:g}"


@contextmanager
def _decoding(pixel_limit: int) -> Iterator[None]:
    """Turns Pillow's failures on hostile or damaged data into rejections."""
    try:
        yield
    except Image.DecompressionBombError as exc:
        raise PhotoRejected(
            "too_many_pixels", f"image is over the {_megapixels(pixel_limit)}-megapixel limit"
        ) from exc
    except _DECODE_ERRORS as exc:
        raise PhotoRejected("broken_image", "image data is broken or truncated") from exc


def _master_render(data: bytes, original_format: str, pixel_limit: int) -> tuple[bytes, int, int]:
    with Image.open(io.BytesIO(data), formats=[_PILLOW_FORMATS[original_format]]) as image:
        # The header may claim another size than the one read before opening (a GIF frame
        # can outgrow its screen): check what Pillow is about to decode.
        _pixels_check(image.size, pixel_limit)
        image.load()
        master_format = _MASTER_FORMATS[original_format]
        options = _save_options(image, master_format, data)
        upright = _upright(image)
        if upright is not image:
            image.close()  # frees the sideways copy before encoding the upright one
        width, height = upright.size
        return _master_encode(upright, master_format, options), width, height


def _upright(image: Image.Image) -> Image.Image:
    # Not ImageOps.exif_transpose: it re-writes the EXIF it keeps, and fails on damaged EXIF
    # in a photo whose pixels are fine. The master keeps no EXIF at all.
    orientation = image.getexif().get(ExifTags.Base.Orientation)
    method = _TRANSPOSES.get(orientation) if isinstance(orientation, int) else None
    return image if method is None else image.transpose(method)


def _save_options(source: Image.Image, master_format: str, data: bytes) -> dict:
    # Of everything the source carries, only its colour profile and transparency are kept.
    options: dict[str, object] = {
        key: source.info[key] for key in ("icc_profile", "transparency") if key in source.info
    }
    if master_format == "jpeg":
        options |= _jpeg_quality(source)
    elif master_format == "webp":
        options |= {"lossless": True} if _webp_is_lossless(data) else {"quality": 90}
    return options


def _jpeg_quality(source: Image.Image) -> dict:
    # A JPEG's own quantisation tables and chroma subsampling keep its re-encoding closest
    # to it; a HEIC has none to lend, so it gets a high fixed quality.
    if tables := getattr(source, "quantization", None):
        return {"qtables": tables, "subsampling": JpegImagePlugin.get_sampling(source)}
    return {"quality": 92}


def _master_encode(image: Image.Image, master_format: str, options: dict) -> bytes:
    # Encoders copy some `info` entries (a JPEG comment, for one) into what they write.
    image.info = {}
    if master_format == "jpeg" and image.mode not in ("L", "RGB", "CMYK"):
        converted = image.convert("RGB")
        image.close()  # never two decoded copies at once
        image = converted
    buffer = io.BytesIO()
    image.save(buffer, format=_PILLOW_FORMATS[master_format], **options)
    return buffer.getvalue()


def _format_sniff(data: bytes) -> str:
    """The supported type the bytes hold; PhotoRejected says what they hold instead."""
    if not data:
        raise PhotoRejected("not_an_image", "not an image (the file is empty)")
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp":
        return _iso_media_sniff(data)
    if unsupported := _unsupported_image_kind(data):
        raise PhotoRejected("unsupported_type", f"unsupported image type: {unsupported}")
    if other := _non_image_kind(data):
        raise PhotoRejected("not_an_image", f"not an image (looks like {other})")
    raise PhotoRejected("not_an_image", "not an image (unrecognised file type)")


def _iso_media_sniff(data: bytes) -> str:
    """HEIC, or what else shares its container: AVIF photos, MP4 and MOV videos."""
    box_end = min(int.from_bytes(data[:4], "big"), 256)
    brands = {data[8:12]} | {data[at : at + 4] for at in range(16, box_end - 3, 4)}
    if brands & _AVIF_BRANDS:
        raise PhotoRejected("unsupported_type", "unsupported image type: AVIF")
    if data[8:12] in _HEIF_BRANDS:
        return "heic"
    raise PhotoRejected("not_an_image", "not an image (looks like a video)")


def _unsupported_image_kind(data: bytes) -> str | None:
    for magic, kind in _UNSUPPORTED_MAGIC:
        if data.startswith(magic):
            return kind
    # "BM" alone starts plenty of text; the DIB header size after it is what marks a bitmap.
    if data[:2] == b"BM" and int.from_bytes(data[14:18], "little") in _BMP_HEADER_SIZES:
        return "BMP"
    text = _text_head(data)
    if text is not None and "<svg" in text.lower():
        return "SVG"
    return None


def _non_image_kind(data: bytes) -> str | None:
    for magic, kind in _NON_IMAGE_MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith(_ZIP_MAGIC):
        return next((kind for member, kind in _ZIP_KINDS if member in data), "a ZIP archive")
    text = _text_head(data)
    if text is None:
        return None
    if "<html" in text.lower() or text.lstrip().lower().startswith("<!doctype html"):
        return "an HTML page"
    return "plain text"


def _text_head(data: bytes) -> str | None:
    """The first kilobyte as text, or None when it is not printable UTF-8."""
    head = data[:1024]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The cut at 1024 bytes may split the last character; an error earlier means binary.
        if exc.start < len(head) - 3 or len(head) < 1024:
            return None
        text = head[: exc.start].decode("utf-8")
    text = text.removeprefix("\ufeff")
    if all(char.isprintable() or char in "\t\n\r\f" for char in text):
        return text
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    for marker, payload in _jpeg_segments(data):
        if marker in _JPEG_SOF_MARKERS and len(payload) >= 5:
            height, width = struct.unpack_from(">HH", payload, 1)
            return (width, height) if width and height else None
    return None


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data[12:16] != b"IHDR" or len(data) < 24:
        return None
    return struct.unpack_from(">II", data, 16)


def _gif_size(data: bytes) -> tuple[int, int] | None:
    return struct.unpack_from("<HH", data, 6) if len(data) >= 10 else None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk, payload = data[12:16], data[20:30]
    if chunk == b"VP8X" and len(payload) >= 10:
        width = int.from_bytes(payload[4:7], "little") + 1
        return width, int.from_bytes(payload[7:10], "little") + 1
    if chunk == b"VP8L" and len(payload) >= 5 and payload[0] == 0x2F:
        bits = int.from_bytes(payload[1:5], "little")
        return (bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1
    if chunk == b"VP8 " and len(payload) >= 10 and payload[3:6] == b"\x9d\x01\x2a":
        width, height = struct.unpack_from("<HH", payload, 6)
        return width & 0x3FFF, height & 0x3FFF
    return None


def _heic_size(data: bytes) -> tuple[int, int] | None:
    # libheif reads the container only; pixels are decoded when asked for.
    try:
        return pillow_heif.open_heif(data).size
    except _DECODE_ERRORS:
        return None


_SIZE_READERS: dict[str, Callable[[bytes], tuple[int, int] | None]] = {
    "jpeg": _jpeg_size,
    "png": _png_size,
    "gif": _gif_size,
    "webp": _webp_size,
    "heic": _heic_size,
}


def _jpeg_segments(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(marker, payload) of each JPEG header segment, up to the compressed image data."""
    at = 2
    while (at := data.find(b"\xff", at)) != -1 and at + 1 < len(data):
        marker = data[at + 1]
        if marker == 0xFF or marker in _JPEG_STANDALONE_MARKERS:
            at += 1 if marker == 0xFF else 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan
            return
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        yield marker, data[at + 4 : at + 2 + length]
        at += 2 + max(length, 2)


def _png_chunks(data: bytes) -> Iterator[bytes]:
    at = 8
    while at + 8 <= len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        yield data[at + 4 : at + 8]
        at += 12 + length


def _riff_chunks(data: bytes) -> Iterator[bytes]:
    at = 12
    while at + 8 <= len(data):
        length = int.from_bytes(data[at + 4 : at + 8], "little")
        yield data[at : at + 4]
        at += 8 + length + (length & 1)


def _webp_is_lossless(data: bytes) -> bool:
    return b"VP8L" in _riff_chunks(data)


def _jpeg_has_metadata(data: bytes) -> bool:
    for marker, payload in _jpeg_segments(data):
        if marker == 0xFE:  # comment
            return True
        if 0xE0 <= marker <= 0xEF and not any(
            marker == app and payload.startswith(signature)
            for app, signature in _JPEG_HARMLESS_APPS
        ):
            return True
    return False


def _png_has_metadata(data: bytes) -> bool:
    return any(chunk in _PNG_METADATA_CHUNKS for chunk in _png_chunks(data))


def _webp_has_metadata(data: bytes) -> bool:
    return any(chunk in _WEBP_METADATA_CHUNKS for chunk in _riff_chunks(data))


_METADATA_FINDERS: dict[str, Callable[[bytes], bool]] = {
    "jpeg": _jpeg_has_metadata,
    "png": _png_has_metadata,
    "webp": _webp_has_metadata,
}
