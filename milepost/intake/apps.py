from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "milepost.intake"
    verbose_name = "Intake"

    def ready(self):
        # Signal receivers connect once the app registry is ready, as Django asks.
        from .channels import webhooks  # noqa: F401
