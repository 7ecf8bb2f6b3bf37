"""Editors' own images (Wagtail Images) kept as privacy-safe masters, like submitters' photos."""

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.users.models import UserProfile

from .masters import MasterPhoto, photo_is_master, photo_master_make

_AVATAR_PREFIX = re.compile(r"^avatar_[0-9a-f-]{36}_")


def image_master_make(data: bytes) -> MasterPhoto:
    """The master of an editor's upload, within Wagtail's own upload limits."""
    return photo_master_make(
        data,
        max_bytes=settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE,
        max_pixels=settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS,
    )


def avatar_file_master_make(profile: UserProfile) -> bool:
    """Puts a master in place of an editor's avatar (not yet saved); False when it already was one.

    Wagtail stores an avatar of up to 400 px as uploaded, EXIF and GPS included, under media.
    """
    with profile.avatar.open("rb") as handle:
        data = handle.read()
    if photo_is_master(data):
        return False
    master = image_master_make(data)
    # A stored avatar's name already carries Wagtail's "avatar_<uuid>_"; it gets a new one.
    stem = _AVATAR_PREFIX.sub("", PurePosixPath(profile.avatar.name).stem)
    profile.avatar = ContentFile(master.content, name=stem + master.file_extension)
    return True


def image_file_master_make(image: AbstractImage) -> bool:
    """Puts a master in place of the image's file (not yet saved); False when it already was one.

    Width, height, size and hash follow the new file, so renditions and duplicate checks see
    the master. The file is written to storage when the image is saved.
    """
    with image.open_file() as handle:
        data = handle.read()
    if photo_is_master(data):
        return False
    master = image_master_make(data)
    name = PurePosixPath(image.file.name).stem + master.file_extension
    image.file = ContentFile(master.content, name=name)
    image.file_size = len(master.content)
    image.file_hash = hashlib.sha1(master.content, usedforsecurity=False).hexdigest()
    return True


@dataclass(frozen=True)
class ImageCleaned:
    image: AbstractImage
    old_name: str
    renditions_deleted: int


def images_clean() -> list[ImageCleaned]:
    """Re-masters every stored image that is not a master yet and drops its renditions.

    Safe to run again: an image already clean is left as it is.
    """
    cleaned = []
    for image in get_image_model().objects.order_by("pk").iterator():
        old_name = image.file.name
        if not image_file_master_make(image):
            continue
        image.save()
        image.file.storage.delete(old_name)
        # Deleting a rendition deletes its file too (Wagtail's post_delete handler).
        renditions = list(image.renditions.all())
        for rendition in renditions:
            rendition.delete()
        cleaned.append(ImageCleaned(image, old_name, len(renditions)))
    return cleaned
