"""Every way an image reaches Wagtail (admin, multiple upload, code, avatars) stores a master."""

import logging

from milepost.core.internals import file_is_unsaved
from milepost.core.objectmemo import ObjectMemo

from .masters import PhotoRejected
from .services import avatar_file_master_make, image_file_master_make

logger = logging.getLogger(__name__)

# An image's file written before its master replaced it, deleted once the image is saved.
_replaced_file_names = ObjectMemo()


def _file_changed(sender, image) -> bool:
    if file_is_unsaved(image.file) or image.pk is None:
        return True
    stored = sender.objects.filter(pk=image.pk).values_list("file", flat=True).first()
    return stored != image.file.name


def image_pre_save(sender, instance, update_fields=None, **kwargs):
    if not instance.file or (update_fields is not None and "file" not in update_fields):
        return
    if not _file_changed(sender, instance):
        return
    # A file already written (Wagtail's multiple upload saves it first) is replaced after save.
    written = None if file_is_unsaved(instance.file) else instance.file.name
    if image_file_master_make(instance) and written:
        _replaced_file_names.set(instance, written)


def image_post_save(sender, instance, **kwargs):
    written = _replaced_file_names.pop(instance)
    if written:
        instance.file.storage.delete(written)


def avatar_pre_save(sender, instance, update_fields=None, **kwargs):
    # Only a new upload: a stored avatar is photos_clean's to re-master.
    if not instance.avatar or not file_is_unsaved(instance.avatar):
        return
    try:
        avatar_file_master_make(instance)
    except PhotoRejected as rejection:
        # Wagtail's form took it as an image; rather no avatar than one that keeps its EXIF.
        logger.warning("Avatar of user %s not kept: %s", instance.user_id, rejection.reason)
        instance.avatar = None
