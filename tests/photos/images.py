"""Real images (and real non-images), made in memory, for the photo tests."""

import functools
import io
import random
import struct
import zipfile
import zlib

import pillow_heif
from PIL import ExifTags, Image, ImageCms
from PIL.PngImagePlugin import PngInfo

pillow_heif.register_heif_opener()

RED = (220, 20, 20)
BLUE = (20, 40, 200)
GREEN = (20, 180, 40)

# Strings planted in metadata; none of them may reach a master.
CAMERA_MAKER = "AcmeCam Secret"
ARTIST = "Jane Private Doe"
COMMENT = b"shot at 12 Elm Street"
XMP_NAMESPACE = b"http://ns.adobe.com/xap/1.0/"
XMP_PACKET = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="XMP Creator"/>'
    b"</rdf:RDF></x:xmpmeta>"
    b'<?xpacket end="w"?>'
)


def picture(size: tuple[int, int] = (60, 40), mode: str = "RGB") -> Image.Image:
    """Blue with a red block in the stored top-left corner, so turns and flips show."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 3, size[1] // 3))
    return image.convert(mode)


def noise(size: tuple[int, int] = (400, 300)) -> Image.Image:
    """Incompressible pixels, so cutting the file short cuts into the picture."""
    width, height = size
    return Image.frombytes("RGB", size, random.Random(width * height).randbytes(width * height * 3))


def exif_with_gps(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA_MAKER
    exif[ExifTags.Base.Artist] = ARTIST
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (38.0, 37.0, 38.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (90.0, 11.0, 52.2)
    return exif


@functools.cache
def srgb_profile() -> bytes:
    """Made once: a profile's header holds the second it was made, so two calls can differ."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def encoded(image: Image.Image, format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def jpeg_full_of_metadata(orientation: int | None = None, size=(60, 40)) -> bytes:
    """A JPEG with EXIF (GPS included), an XMP packet, a comment and an sRGB profile."""
    return encoded(
        picture(size),
        "JPEG",
        quality=95,
        exif=exif_with_gps(orientation),
        xmp=XMP_PACKET,
        comment=COMMENT,
        icc_profile=srgb_profile(),
    )


def png_with_text() -> bytes:
    info = PngInfo()
    info.add_text("Author", ARTIST)
    info.add_text("Comment", COMMENT.decode(), zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP_PACKET.decode())
    return encoded(picture(mode="RGBA"), "PNG", pnginfo=info, exif=exif_with_gps())


def webp_with_exif(lossless: bool = False) -> bytes:
    return encoded(
        picture(),
        "WEBP",
        lossless=lossless,
        exif=exif_with_gps(),
        xmp=XMP_PACKET,
        icc_profile=srgb_profile(),
    )


def heic_with_exif(orientation: int | None = None) -> bytes:
    return encoded(picture(), "HEIF", quality=90, exif=exif_with_gps(orientation), xmp=XMP_PACKET)


def gif_animated(colours=(GREEN, RED, BLUE), size=(30, 20)) -> bytes:
    # An adaptive palette keeps each frame's colour exact.
    first, *rest = (
        Image.new("RGB", size, colour).convert("P", palette=Image.Palette.ADAPTIVE)
        for colour in colours
    )
    return encoded(
        first, "GIF", save_all=True, append_images=rest, duration=100, loop=0, comment=COMMENT
    )


def png_claiming_size(width: int, height: int) -> bytes:
    """A real 1 x 1 PNG whose header (with a correct CRC) claims another size."""
    data = bytearray(encoded(Image.new("L", (1, 1)), "PNG"))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(data[12:29]))
    return bytes(data)


def png_solid(width: int, height: int, colour=BLUE) -> bytes:
    """A real, single-colour RGB PNG: a few hundred KB on disk, width x height x 3 bytes decoded.

    Written row by row, so making a 64-megapixel one never holds its pixels in memory.
    """

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(colour) * width  # filter type 0, then the pixels
    compressor, parts = zlib.compressobj(9), []
    rows_per_feed = max(1, 2**20 // len(row))
    for start in range(0, height, rows_per_feed):
        parts.append(compressor.compress(row * min(rows_per_feed, height - start)))
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", b"".join(parts))
        + chunk(b"IEND", b"")
    )


def gif_frame_outgrowing_screen(width: int, height: int) -> bytes:
    """A GIF with a 10 x 10 screen whose one frame claims to be far bigger."""
    screen = b"GIF89a" + struct.pack("<HHBBB", 10, 10, 0, 0, 0)
    frame = b"," + struct.pack("<HHHHB", 0, 0, width, height, 0x80) + b"\x00" * 3 + b"\xff" * 3
    return screen + frame + b"\x02\x02\x44\x01\x00;"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>My story</w:document>")
    return buffer.getvalue()


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    return buffer.getvalue()


def pdf() -> bytes:
    return encoded(picture(), "PDF")
