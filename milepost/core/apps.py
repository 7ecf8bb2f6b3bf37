from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "milepost.core"
    verbose_name = "Milepost"
