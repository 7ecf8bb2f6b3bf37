from django.apps import AppConfig


class AnthologyConfig(AppConfig):
    name = "milepost.anthology"
    verbose_name = "Anthology"

    def ready(self):
        # Periodic jobs and receivers register once the app registry is ready.
        from wagtail.signals import page_published

        from milepost.core.personal_data import person_data_collect, person_data_erase
        from milepost.stories.models import StoryPage

        from . import receivers, tasks  # noqa: F401

        person_data_collect.connect(receivers.person_entries_collect)
        person_data_erase.connect(receivers.person_entries_erase)
        page_published.connect(
            receivers.entry_story_link, sender=StoryPage, dispatch_uid="anthology_story_link"
        )
