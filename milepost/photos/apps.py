from django.apps import AppConfig
from django.db.models.signals import post_save, pre_save


class PhotosConfig(AppConfig):
    name = "milepost.photos"
    verbose_name = "Photos"

    def ready(self):
        # Imported here: Wagtail's image model is only available once the apps are loaded.
        from wagtail.images import get_image_model
        from wagtail.users.models import UserProfile

        from .signals import avatar_pre_save, image_post_save, image_pre_save

        image_model = get_image_model()
        pre_save.connect(image_pre_save, sender=image_model, dispatch_uid="photos_image_master")
        post_save.connect(image_post_save, sender=image_model, dispatch_uid="photos_image_old")
        pre_save.connect(avatar_pre_save, sender=UserProfile, dispatch_uid="photos_avatar_master")
