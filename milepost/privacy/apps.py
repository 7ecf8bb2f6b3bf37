from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "milepost.privacy"
    verbose_name = "Personal data"

    def ready(self):
        # Periodic jobs and the notice finder register once the app registry is ready.
        from milepost.core.outbox import outgoing_email_done
        from milepost.core.personal_data import privacy_notice_finder_register

        from . import tasks  # noqa: F401
        from .notice import privacy_notice_find
        from .services import story_list_link_forget

        privacy_notice_finder_register(privacy_notice_find)
        outgoing_email_done.connect(story_list_link_forget)
