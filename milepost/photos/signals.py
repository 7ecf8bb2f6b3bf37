"""Every way an image reaches Wagtail (admin, multiple upload, code, avatars) stores a master."""

import logging

from .masters import PhotoRejected
from .services import avatar_file_master_make, image_file_master_make

logger = logging.getLogger(__name__)


def _file_changed(sender, image) -> bool:
    if not image.file._committed or image.pk is None:
        return True
    stored = sender.objects.filter(pk=image.pk).values_list("file", flat=True).first()
    return stored != image.file.name


def image_pre_save(sender, instance, update_fields=None, **kwargs):
    if not instance.file or (update_fields is not None and "file" not in update_fields):
        return
    if not _file_changed(sender, instance):
        return
    # A file already written (Wagtail's multiple upload saves it first) is replaced after save.
    written = instance.file.name if instance.file._committed else None
    if image_file_master_make(instance) and written:
        instance._replaced_file_name = written


def image_post_save(sender, instance, **kwargs):
    written = instance.__dict__.pop("_replaced_file_name", None)
    if written:
        instance.file.storage.delete(written)


def avatar_pre_save(sender, instance, update_fields=None, **kwargs):
    # Only a new upload: a stored avatar is photos_clean's to re-master.
    if not instance.avatar or instance.avatar._committed:
        return
    try:
        avatar_file_master_make(instance)
    except PhotoRejected as rejection:
        # Wagtail's form took it as an image; rather no avatar than one that keeps its EXIF.
        logger.warning("Avatar of user %s not kept: %s", instance.user_id, rejection.reason)
        instance.avatar = None
