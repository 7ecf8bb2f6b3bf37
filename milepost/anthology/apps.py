from django.apps import AppConfig


class AnthologyConfig(AppConfig):
    name = "milepost.anthology"
    verbose_name = "Anthology"

    def ready(self):
        # Periodic jobs register once the app registry is ready.
        from . import tasks  # noqa: F401
