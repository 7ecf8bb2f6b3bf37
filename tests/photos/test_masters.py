import io
import random
import re
import struct
import time
import tracemalloc
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image

from milepost.photos import masters as photos
from milepost.photos.masters import (
    MEGABYTE,
    MasterPhoto,
    PhotoRejected,
    photo_is_print_ready,
    photo_master_make,
)
from tests.photos import images

CODES = {"not_an_image", "unsupported_type", "too_large_bytes", "too_many_pixels", "broken_image"}
PLANTED = (
    images.CAMERA_MAKER.encode(),
    images.ARTIST.encode(),
    images.COMMENT,
    b"XMP Creator",
    images.XMP_NAMESPACE,
)


def reopened(master: MasterPhoto) -> Image.Image:
    image = Image.open(io.BytesIO(master.content))
    image.load()
    return image


def rejection(data: bytes, **limits) -> PhotoRejected:
    with pytest.raises(PhotoRejected) as caught:
        photo_master_make(data, **limits)
    assert caught.value.code in CODES
    assert str(caught.value) == caught.value.reason
    return caught.value


def assert_no_metadata(master: MasterPhoto) -> None:
    assert master.has_metadata is False
    image = reopened(master)
    assert not image.getexif()
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop"} & set(image.info)
    assert not getattr(image, "text", {})
    for planted in PLANTED:
        assert planted not in master.content


def near(actual, expected, tolerance=40) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


# The fixtures really carry what the master must lose.


def test_the_jpeg_fixture_carries_gps_xmp_comment_and_profile():
    data = images.jpeg_full_of_metadata()
    image = Image.open(io.BytesIO(data))
    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert b"\xff\xe1" in data and images.XMP_NAMESPACE in data
    assert image.info["comment"] == images.COMMENT
    assert image.info["icc_profile"] == images.srgb_profile()


# Masters: metadata gone, colour profile kept.


def test_jpeg_master_drops_exif_gps_xmp_and_comment_but_keeps_the_icc_profile():
    master = photo_master_make(images.jpeg_full_of_metadata())

    assert (master.original_format, master.master_format) == ("jpeg", "jpeg")
    assert (master.width, master.height) == (60, 40)
    assert master.file_extension == ".jpg"
    assert reopened(master).format == "JPEG"
    assert reopened(master).info["icc_profile"] == images.srgb_profile()
    assert_no_metadata(master)


# Where the stored top-left corner shows once each EXIF orientation is applied.
CORNER_SHOWN_AT = {1: "tl", 2: "tr", 3: "br", 4: "bl", 5: "tl", 6: "tr", 7: "br", 8: "bl"}


@pytest.mark.parametrize("orientation", sorted(CORNER_SHOWN_AT))
def test_jpeg_master_is_turned_upright(orientation):
    master = photo_master_make(images.jpeg_full_of_metadata(orientation))

    turned = orientation >= 5
    assert (master.width, master.height) == ((40, 60) if turned else (60, 40))
    image = reopened(master).convert("RGB")
    right, bottom = master.width - 3, master.height - 3
    corners = {"tl": (2, 2), "tr": (right, 2), "bl": (2, bottom), "br": (right, bottom)}
    for name, point in corners.items():
        expected = images.RED if name == CORNER_SHOWN_AT[orientation] else images.BLUE
        assert near(image.getpixel(point), expected), (name, image.getpixel(point))
    assert_no_metadata(master)


@pytest.mark.parametrize("orientation", [1, 6])
def test_jpeg_master_reuses_the_original_quantisation(orientation):
    data = images.encoded(
        images.noise(), "JPEG", quality=60, exif=images.exif_with_gps(orientation)
    )

    master = photo_master_make(data)

    assert reopened(master).quantization == Image.open(io.BytesIO(data)).quantization


def test_heic_master_is_a_jpeg_without_metadata():
    data = images.heic_with_exif(orientation=6)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    master = photo_master_make(data)

    assert (master.original_format, master.master_format) == ("heic", "jpeg")
    assert master.file_extension == ".jpg"
    image = reopened(master)
    assert image.format == "JPEG"
    # libheif applies the rotation when decoding; it must not be applied a second time.
    assert (master.width, master.height) == (60, 40)
    assert near(image.getpixel((2, 2)), images.RED)
    assert near(image.getpixel((57, 37)), images.BLUE)
    assert_no_metadata(master)


def test_heic_with_transparency_becomes_an_opaque_jpeg():
    master = photo_master_make(images.encoded(images.picture(mode="RGBA"), "HEIF"))

    assert master.master_format == "jpeg"
    assert reopened(master).mode == "RGB"


def test_png_master_drops_text_chunks_and_exif():
    data = images.png_with_text()
    assert Image.open(io.BytesIO(data)).text["Author"] == images.ARTIST

    master = photo_master_make(data)

    assert (master.original_format, master.master_format) == ("png", "png")
    assert master.file_extension == ".png"
    image = reopened(master)
    assert image.mode == "RGBA"
    assert image.getpixel((2, 2)) == (*images.RED, 255)
    assert_no_metadata(master)


def test_png_keeps_its_icc_profile_and_palette_transparency():
    source = images.picture().convert("P")
    source.info["transparency"] = 0
    master = photo_master_make(images.encoded(source, "PNG", icc_profile=images.srgb_profile()))

    image = reopened(master)
    assert image.info["icc_profile"] == images.srgb_profile()
    assert image.info["transparency"] == 0


@pytest.mark.parametrize("lossless", [False, True])
def test_webp_master_drops_exif_and_xmp_keeps_profile_and_compression(lossless):
    data = images.webp_with_exif(lossless=lossless)
    assert Image.open(io.BytesIO(data)).getexif()

    master = photo_master_make(data)

    assert (master.original_format, master.master_format) == ("webp", "webp")
    assert master.file_extension == ".webp"
    image = reopened(master)
    assert image.info["icc_profile"] == images.srgb_profile()
    assert (b"VP8L" in master.content) is lossless
    if lossless:
        assert image.tobytes() == images.picture().tobytes()
    assert_no_metadata(master)


def test_animated_gif_master_is_its_first_frame_as_png():
    data = images.gif_animated(colours=(images.GREEN, images.RED, images.BLUE))
    assert Image.open(io.BytesIO(data)).n_frames == 3

    master = photo_master_make(data)

    assert (master.original_format, master.master_format) == ("gif", "png")
    image = reopened(master)
    assert image.format == "PNG"
    assert not getattr(image, "is_animated", False)
    assert image.convert("RGB").getpixel((5, 5)) == images.GREEN
    assert (master.width, master.height) == (30, 20)
    assert_no_metadata(master)


@pytest.mark.parametrize("format", ["WEBP", "PNG"])
def test_animated_webp_and_png_masters_are_their_first_frame(format):
    first, second = (Image.new("RGB", (30, 20), colour) for colour in (images.GREEN, images.RED))
    data = images.encoded(first, format, save_all=True, append_images=[second], duration=100)
    assert Image.open(io.BytesIO(data)).n_frames == 2

    master = photo_master_make(data)

    image = reopened(master)
    assert getattr(image, "n_frames", 1) == 1
    assert near(image.convert("RGB").getpixel((5, 5)), images.GREEN, tolerance=8)


def test_multi_picture_jpeg_keeps_only_the_first_picture():
    # Many phones write MPO: a JPEG with more pictures after it, indexed in an APP2 segment.
    data = images.encoded(
        images.picture(), "MPO", save_all=True, append_images=[images.picture((90, 90))]
    )
    assert Image.open(io.BytesIO(data)).format == "MPO"

    master = photo_master_make(data)

    assert master.original_format == "jpeg"
    assert (master.width, master.height) == (60, 40)
    assert master.content.count(b"\xff\xd8") == 1
    assert master.has_metadata is False


@pytest.mark.parametrize("mode", ["L", "CMYK"])
def test_grey_and_cmyk_jpegs_stay_in_their_mode(mode):
    master = photo_master_make(images.encoded(images.picture(mode=mode), "JPEG"))

    assert reopened(master).mode == mode


@pytest.mark.parametrize(
    "data",
    [images.jpeg_full_of_metadata(), images.png_with_text(), images.webp_with_exif()],
    ids=["jpeg", "png", "webp"],
)
def test_has_metadata_is_read_from_the_written_bytes(monkeypatch, data):
    # Had the encoder let the metadata through, the flag would say so.
    monkeypatch.setattr(photos, "_master_encode", lambda *args: data)

    assert photo_master_make(data).has_metadata is True


# The type comes from the content.


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (images.encoded(images.picture(), "JPEG"), "jpeg"),
        (images.encoded(images.picture(), "PNG"), "png"),
        (images.encoded(images.picture(), "WEBP"), "webp"),
        (images.encoded(images.picture(), "GIF"), "gif"),
        (images.encoded(images.picture(), "HEIF"), "heic"),
    ],
    ids=["jpeg", "png", "webp", "gif", "heic"],
)
def test_type_is_decided_by_content(data, expected):
    # There is no file name or declared type to be misled by: a JPEG sent as "photo.png" is
    # a JPEG, and its master a ".jpg".
    master = photo_master_make(data)

    assert master.original_format == expected
    assert (master.width, master.height) == (60, 40)
    assert size_read_before_decoding(data) == "60 x 40"


# Rejections.


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (images.pdf(), "a PDF"),
        (images.docx(), "a Word document"),
        (images.zip_archive(), "a ZIP archive"),
        (b"<!DOCTYPE html>\n<html><body><p>My story</p></body></html>", "an HTML page"),
        (b"  <html lang='en'><head>", "an HTML page"),
        ("Dear editor,\nhere is my story about mile 20…\n".encode() * 40, "plain text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "an older Microsoft Office document"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(100), "a video"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + bytes(100), "a video"),
    ],
    ids=["pdf", "docx", "zip", "html", "html-fragment", "text", "doc", "mp4", "mov"],
)
def test_common_non_images_are_named(data, kind):
    rejected = rejection(data)

    assert rejected.code == "not_an_image"
    assert rejected.reason == f"not an image (looks like {kind})"


def test_random_bytes_are_not_an_image():
    data = random.Random(7).randbytes(4096)

    rejected = rejection(data)

    assert rejected.code == "not_an_image"
    assert rejected.reason == "not an image (unrecognised file type)"


def test_empty_file_is_not_an_image():
    assert rejection(b"").reason == "not an image (the file is empty)"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (images.encoded(images.picture(), "TIFF"), "TIFF"),
        (images.encoded(images.picture(), "BMP"), "BMP"),
        (images.encoded(images.picture(), "AVIF"), "AVIF"),
        (images.encoded(images.picture(), "JPEG2000"), "JPEG 2000"),
        (b"8BPS\x00\x01" + bytes(40), "PSD"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
    ],
    ids=["tiff", "bmp", "avif", "jpeg2000", "psd", "svg"],
)
def test_other_image_types_are_unsupported(data, kind):
    rejected = rejection(data)

    assert rejected.code == "unsupported_type"
    assert rejected.reason.startswith("unsupported image type: ")
    assert kind in rejected.reason


def test_text_starting_like_a_bitmap_is_still_text():
    assert rejection(b"BMW or bust: my first marathon").code == "not_an_image"


def test_oversized_file_is_rejected_before_any_decoding(monkeypatch):
    def no_decoding(*args, **kwargs):
        raise AssertionError("decoded an oversized file")

    monkeypatch.setattr(Image, "open", no_decoding)
    data = b"\xff\xd8\xff" + bytes(40 * MEGABYTE - 3)

    rejected = rejection(data)

    assert rejected.code == "too_large_bytes"
    assert rejected.reason == "file is 40 MB, over the 25 MB limit"


@pytest.mark.parametrize(
    ("size", "limit", "reason"),
    [
        (25 * MEGABYTE + 1, 25 * MEGABYTE, "file is 25.1 MB, over the 25 MB limit"),
        (3 * MEGABYTE, MEGABYTE // 2, "file is 3 MB, over the 512 KB limit"),
        (1500, 1000, "file is 1.5 KB, over the 0.9 KB limit"),
    ],
)
def test_size_reasons_never_read_as_equal_to_the_limit(size, limit, reason):
    assert rejection(bytes(size), max_bytes=limit).reason == reason


def test_file_at_the_byte_limit_is_accepted():
    data = images.encoded(images.picture(), "PNG")

    assert photo_master_make(data, max_bytes=len(data)).width == 60


def pillow_images_created() -> int:
    # Pillow allocates pixel memory outside Python's allocator, where tracemalloc cannot see.
    return Image.core.get_stats()["new_count"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            images.png_claiming_size(100_000, 100_000),
            "image is 100000 x 100000 pixels, over the 64-megapixel limit",
        ),
        (
            images.png_claiming_size(20_000, 20_000),
            "image is 20000 x 20000 pixels, over the 64-megapixel limit",
        ),
        (
            images.gif_frame_outgrowing_screen(9000, 9000),
            "image is 9000 x 9000 pixels, over the 64-megapixel limit",
        ),
        (
            # Over twice Pillow's own limit: Pillow refuses it while opening.
            images.gif_frame_outgrowing_screen(20_000, 20_000),
            "image is over the 64-megapixel limit",
        ),
    ],
    ids=["png-100k", "png-20k", "gif-frame", "gif-frame-bomb"],
)
def test_decompression_bomb_is_rejected_without_allocating(data, reason):
    created_before = pillow_images_created()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        rejected = rejection(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert rejected.code == "too_many_pixels"
    assert rejected.reason == reason
    assert time.perf_counter() - started < 1
    assert peak < 1 * MEGABYTE
    assert pillow_images_created() == created_before


def test_the_hand_built_bomb_is_one_pillow_itself_refuses():
    data = images.png_claiming_size(100_000, 100_000)

    assert struct.unpack(">II", data[16:24]) == (100_000, 100_000)
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(data))


def test_pixel_limit_can_be_lowered():
    rejected = rejection(images.encoded(images.picture(), "PNG"), max_pixels=2399)

    assert rejected.code == "too_many_pixels"
    assert rejected.reason == "image is 60 x 40 pixels, over the 0.002399-megapixel limit"
    assert photo_master_make(images.encoded(images.picture(), "PNG"), max_pixels=2400).width == 60


def test_pillow_limit_below_ours_rejects_instead_of_warning(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    data = images.encoded(images.picture(), "JPEG")

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rejected = rejection(data)

    assert rejected.code == "too_many_pixels"
    assert rejected.reason == "image is 60 x 40 pixels, over the 0.001-megapixel limit"


def test_pixel_limit_holds_when_pillow_has_none(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)

    rejected = rejection(images.encoded(images.picture(), "PNG"), max_pixels=2399)

    assert rejected.code == "too_many_pixels"


@pytest.mark.parametrize(
    "data",
    [
        images.encoded(images.noise(), "JPEG"),
        images.encoded(images.noise(), "PNG"),
        images.encoded(images.noise(), "WEBP"),
        images.encoded(images.noise(), "HEIF"),
        images.encoded(images.noise(), "GIF"),
    ],
    ids=["jpeg", "png", "webp", "heic", "gif"],
)
def test_truncated_image_is_broken(data):
    rejected = rejection(data[: len(data) // 2])

    assert rejected.code == "broken_image"
    assert rejected.reason == "image data is broken or truncated"


def test_gif_cut_short_after_its_first_frame_still_gives_that_frame():
    data = images.gif_animated(colours=(images.GREEN, images.RED, images.BLUE))
    second_frame = data.index(b"!\xf9", data.index(b",") + 1)

    master = photo_master_make(data[: second_frame + 20])

    assert reopened(master).convert("RGB").getpixel((5, 5)) == images.GREEN


def test_garbage_after_a_jpeg_header_is_broken():
    assert rejection(b"\xff\xd8\xff\xe0" + bytes(200)).code == "broken_image"


# Print readiness.


@pytest.mark.parametrize(
    ("width", "height", "ready"),
    [
        (1800, 1200, True),
        (1200, 1800, True),
        (1799, 1799, False),
        (4032, 3024, True),
        (0, 0, False),
    ],
)
def test_print_readiness_looks_at_the_long_edge(width, height, ready):
    assert photo_is_print_ready(width, height) is ready


def test_print_readiness_threshold_can_be_changed():
    assert photo_is_print_ready(1000, 800, min_long_edge=1000)
    assert not photo_is_print_ready(1000, 800, min_long_edge=1001)


# The size is read from the header, before any decoding, so the pixel limit holds for bombs.


def size_read_before_decoding(data: bytes) -> str:
    """The size photo_master_make reads from the header, as its one-pixel-limit rejection says."""
    with pytest.raises(PhotoRejected) as rejected:
        photo_master_make(data, max_pixels=1)
    assert rejected.value.code == "too_many_pixels"
    return re.search(r"image is (\d+ x \d+) pixels", rejected.value.reason).group(1)


def test_header_size_is_read_without_decoding(monkeypatch):
    monkeypatch.setattr(Image, "open", lambda *args, **kwargs: pytest.fail("decoded"))

    assert size_read_before_decoding(images.jpeg_full_of_metadata(orientation=6)) == "60 x 40"
    assert size_read_before_decoding(images.png_claiming_size(100_000, 3)) == "100000 x 3"


@pytest.mark.parametrize("lossless", [False, True])
def test_header_size_of_webp(lossless):
    data = images.encoded(images.picture((301, 207)), "WEBP", lossless=lossless)

    assert size_read_before_decoding(data) == "301 x 207"


def test_header_size_of_extended_webp():
    assert size_read_before_decoding(images.webp_with_exif()) == "60 x 40"


def test_a_masters_stored_size_is_upright():
    master = photo_master_make(images.jpeg_full_of_metadata(orientation=8))

    assert size_read_before_decoding(master.content) == "40 x 60"


# Whatever arrives, the answer is a master or a rejection.

MAGIC_NUMBERS = [
    b"\xff\xd8\xff",
    b"\xff\xd8\xff\xe1",
    b"\x89PNG\r\n\x1a\n",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR",
    b"GIF87a",
    b"GIF89a",
    b"RIFF\x00\x00\x00\x00WEBPVP8 ",
    b"RIFF\x00\x00\x00\x00WEBPVP8L",
    b"RIFF\x00\x00\x00\x00WEBPVP8X",
    b"\x00\x00\x00\x18ftypheic",
    b"\x00\x00\x00\x18ftypmif1",
    b"\x00\x00\x00\x18ftypavif",
    b"II*\x00",
    b"%PDF-",
    b"PK\x03\x04",
    b"BM",
]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def master_or_rejection(data: bytes) -> None:
    try:
        master = photo_master_make(data, max_pixels=4_000_000)
    except PhotoRejected as rejected:
        assert rejected.code in CODES
        assert rejected.reason
    else:
        assert master.has_metadata is False
        assert master.width * master.height <= 4_000_000


@FUZZ
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_raise_anything_but_a_rejection(data):
    master_or_rejection(data)


@FUZZ
@given(st.sampled_from(MAGIC_NUMBERS), st.binary(max_size=2048))
def test_magic_number_then_arbitrary_bytes_never_raise_anything_but_a_rejection(magic, rest):
    master_or_rejection(magic + rest)


REAL_IMAGES = [
    images.jpeg_full_of_metadata(orientation=6),
    images.png_with_text(),
    images.webp_with_exif(),
    images.webp_with_exif(lossless=True),
    images.heic_with_exif(),
    images.gif_animated(),
]


@FUZZ
@given(
    st.sampled_from(REAL_IMAGES),
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=8),
    st.floats(0.05, 1),
)
def test_damaged_real_images_only_ever_give_a_master_or_a_rejection(data, changes, kept):
    damaged = bytearray(data[: max(1, int(len(data) * kept))])
    for where, value in changes:
        damaged[int(where * len(damaged))] = value
    master_or_rejection(bytes(damaged))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (images.jpeg_full_of_metadata(), False),
        (images.png_with_text(), False),
        (images.webp_with_exif(), False),
        (images.heic_with_exif(), False),  # a master is never HEIC
        (images.gif_animated(), False),  # nor GIF
        (b"<svg></svg>", False),
        (photo_master_make(images.jpeg_full_of_metadata()).content, True),
        (photo_master_make(images.png_with_text()).content, True),
        (photo_master_make(images.webp_with_exif()).content, True),
    ],
)
def test_photo_is_master_only_for_clean_bytes_of_a_master_type(data, expected):
    assert photos.photo_is_master(data) is expected
