from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "milepost.core"
    verbose_name = "Milepost"

    def ready(self):
        # Receivers import models, which only load once the app registry is ready.
        from .signals import connect_page_cache_receivers

        connect_page_cache_receivers()
