"""Photos re-encoded for the e-book and for print: upright, RGB, never enlarged."""

import io

from PIL import Image

from milepost.anthology.book.images import photo_ebook_jpeg, photo_print_jpeg
from milepost.anthology.book.manuscript import Photo
from tests.anthology.books import book_build

ORIENTATION = 0x0112


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_photo_stored_on_its_side_comes_out_upright(tmp_path):
    # Stored 4000×3000 with "rotate 90° clockwise": a 3000×4000 portrait, red at its top right.
    stored = Image.new("RGB", (4000, 3000), (20, 40, 200))
    stored.paste((220, 20, 20), (0, 0, 1000, 1000))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    path = tmp_path / "portrait.jpg"
    stored.save(path, "JPEG", exif=exif)
    photo = Photo(source=path, width=3000, height=4000)

    ebook = decoded(photo_ebook_jpeg(photo, "Portrait"))
    assert ebook.size == (1200, 1600)
    assert ebook.getpixel((1150, 50))[0] > 150  # red top right
    assert ebook.getpixel((50, 50))[0] < 100
    # Portrait at 6×9: as tall as 60% of the 7.5 in text block, so 3.375 in wide: 1012.5 px
    # at 300 DPI, rounded up.
    printed = decoded(photo_print_jpeg(book_build(tmp_path), photo, "Portrait"))
    assert printed.size == (1013, 1351)


def test_transparent_png_is_flattened_on_white(tmp_path):
    image = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
    image.paste((20, 160, 40, 255), (0, 0, 400, 600))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    photo = Photo(source=buffer.getvalue(), width=800, height=600)

    ebook = decoded(photo_ebook_jpeg(photo, "Leaf"))
    assert (ebook.format, ebook.mode, ebook.size) == ("JPEG", "RGB", (800, 600))
    assert min(ebook.getpixel((700, 300))) > 240  # white, not black
    assert ebook.getpixel((100, 300))[1] > 120
