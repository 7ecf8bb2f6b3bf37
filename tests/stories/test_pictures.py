"""Picture markup and the share image are kept by what they are made from, never stale."""

import io

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from milepost.stories.pictures import picture_markup, share_image
from tests.factories import image_create, jpeg_bytes


@pytest.fixture
def image(db):
    return image_create("Pine Street", 1600, 1000)


def test_a_picture_made_once_reads_nothing_the_second_time(image):
    first = picture_markup(image, "card", {"alt": ""})
    with CaptureQueriesContext(connection) as queries:
        second = picture_markup(image, "card", {"alt": ""})
    assert second == first
    assert len(queries) == 0
    assert first.count("<source") == 2 and 'type="image/avif"' in first


def test_a_new_focal_point_shows_a_new_crop_at_once(image):
    before = picture_markup(image, "card", {"alt": ""})
    image.focal_point_x, image.focal_point_y = 1400, 900
    image.focal_point_width = image.focal_point_height = 100
    image.save()
    after = picture_markup(image, "card", {"alt": ""})
    assert after != before


def test_a_replaced_file_shows_at_once(image):
    before = share_image(image)
    image.file = ImageFile(io.BytesIO(jpeg_bytes(800, 600, (10, 200, 30))), name="replaced.jpg")
    image.save()
    image.renditions.all().delete()  # as Wagtail's edit view does when the file changes
    after = share_image(image)
    assert after.url != before.url
    assert (after.width, after.height) == (800, 600)


def test_a_missing_source_file_is_not_remembered(image):
    storage, name = image.file.storage, image.file.name
    with storage.open(name) as source:
        stored = source.read()
    storage.delete(name)
    assert share_image(image) is None
    assert 'src="' in picture_markup(image, "inline", {"alt": "A road"})  # placeholders

    storage.save(name, io.BytesIO(stored))
    shared = share_image(image)
    assert shared is not None and shared.size > 0
    assert "not-found" not in picture_markup(image, "inline", {"alt": "A road"})
