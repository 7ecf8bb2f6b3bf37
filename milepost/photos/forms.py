"""Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): uploads become masters or say why not."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images.forms import BaseImageForm

from .masters import PhotoRejected, photo_is_master
from .services import image_master_make

BROKEN = "This photo cannot be used: image data is broken or truncated."


class MasterImageForm(BaseImageForm):
    def full_clean(self):
        try:
            super().full_clean()
        except (OSError, SyntaxError, ValueError):
            # Wagtail's own size check reads pixels and fails on a file cut short, before
            # clean_file is reached: say so instead of a server error.
            if "file" not in self.fields:
                raise
            self.add_error("file", BROKEN)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or upload == self.original_file:
            return upload  # no new file: editing the title or tags
        upload.seek(0)
        data = upload.read()
        if photo_is_master(data):
            upload.seek(0)
            return upload
        try:
            master = image_master_make(data)
        except PhotoRejected as rejection:
            raise ValidationError(f"This photo cannot be used: {rejection.reason}.") from None
        stem = upload.name.rsplit(".", 1)[0]
        return SimpleUploadedFile(
            stem + master.file_extension, master.content, f"image/{master.master_format}"
        )
