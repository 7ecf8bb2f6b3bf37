from django.apps import AppConfig


class CalloutsConfig(AppConfig):
    name = "milepost.callouts"
    verbose_name = "Callouts"

    def ready(self):
        from .signals import connect_page_cache_receivers

        connect_page_cache_receivers()
