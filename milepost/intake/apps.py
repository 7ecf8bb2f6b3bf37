from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "milepost.intake"
    verbose_name = "Intake"

    def ready(self):
        # Signal receivers connect once the app registry is ready, as Django asks.
        from datetime import timedelta

        from milepost.core.schedule import periodic_task_register

        from . import tasks
        from .channels import webhooks  # noqa: F401

        periodic_task_register(tasks.intake_sweep, every=timedelta(minutes=5))
