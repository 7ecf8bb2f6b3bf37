from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "milepost.core"
    verbose_name = "Milepost"

    def ready(self):
        from .signals import connect_page_cache_receivers

        connect_page_cache_receivers()
