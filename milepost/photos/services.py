"""Editors' own images (Wagtail Images) kept as privacy-safe masters, like submitters' photos."""

import io
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.users.models import UserProfile
from wagtail.utils.file import hash_filelike

from milepost.core.quoting import title_quoted

from .masters import MasterPhoto, PhotoRejected, photo_is_master, photo_master_make

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
    image_file_metadata_set(image, master.content)
    return True


def image_file_metadata_set(image: AbstractImage, data: bytes) -> None:
    """The size and hash Wagtail keeps of an image's file `data` (its duplicate check compares
    hashes): its forms fill them in, a save from code does not."""
    image.file_size = len(data)
    image.file_hash = hash_filelike(io.BytesIO(data))


@dataclass(frozen=True)
class ImageCleaned:
    image: AbstractImage
    old_name: str
    renditions_deleted: int


@dataclass(frozen=True)
class CleaningFailed:
    """A stored file that could not be re-mastered: it is left as it was, for an editor."""

    what: str
    reason: str


@dataclass
class PhotosCleaned:
    images: list[ImageCleaned] = field(default_factory=list)
    avatars: list[UserProfile] = field(default_factory=list)
    failed: list[CleaningFailed] = field(default_factory=list)


def photos_clean() -> PhotosCleaned:
    """Re-masters every stored Wagtail image and editor's avatar that is not a master yet.

    Safe to run again: a file already clean is left as it is. One that cannot be read or
    re-mastered (missing, corrupt, too large) is reported, and the rest are still cleaned.
    """
    result = PhotosCleaned()
    for image in get_image_model().objects.order_by("pk").iterator():
        try:
            cleaned = _image_clean(image)
        except (PhotoRejected, OSError) as error:
            result.failed.append(
                CleaningFailed(f"image {image.pk} {title_quoted(image.title)}", _why(error))
            )
            continue
        if cleaned:
            result.images.append(cleaned)
    for profile in UserProfile.objects.exclude(avatar="").order_by("pk").iterator():
        try:
            if _avatar_clean(profile):
                result.avatars.append(profile)
        except (PhotoRejected, OSError) as error:
            result.failed.append(CleaningFailed(f"avatar of user {profile.user_id}", _why(error)))
    return result


def _why(error: Exception) -> str:
    return error.reason if isinstance(error, PhotoRejected) else str(error)


def _image_clean(image: AbstractImage) -> ImageCleaned | None:
    old_name = image.file.name
    if not image_file_master_make(image):
        return None
    image.save()
    image.file.storage.delete(old_name)
    # Deleting a rendition deletes its file too (Wagtail's post_delete handler).
    renditions = list(image.renditions.all())
    for rendition in renditions:
        rendition.delete()
    return ImageCleaned(image, old_name, len(renditions))


def _avatar_clean(profile: UserProfile) -> bool:
    old_name = profile.avatar.name
    if not avatar_file_master_make(profile):
        return False
    profile.save()
    profile.avatar.storage.delete(old_name)
    return True
