from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "milepost.submissions"
    verbose_name = "Submissions"

    def ready(self):
        # Receivers connect once the app registry is ready.
        from milepost.core.outbox import outgoing_email_checking

        from .emails import outgoing_email_refusal

        outgoing_email_checking.connect(outgoing_email_refusal)
