from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "milepost.photos"
    verbose_name = "Photos"
