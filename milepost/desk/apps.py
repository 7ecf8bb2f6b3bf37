from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "milepost.desk"
    verbose_name = "Editorial desk"

    def ready(self):
        # Signal receivers and periodic jobs register once the app registry is ready.
        from . import receivers, tasks  # noqa: F401
