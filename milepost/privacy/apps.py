from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "milepost.privacy"
    verbose_name = "Personal data"

    def ready(self):
        # Periodic jobs register once the app registry is ready.
        from . import tasks  # noqa: F401
