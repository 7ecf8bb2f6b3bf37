from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "milepost.intake"
    verbose_name = "Intake"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the provider webhook signal)
