from django.apps import AppConfig
from django.db.models.signals import post_save


class StoriesConfig(AppConfig):
    name = "milepost.stories"
    verbose_name = "Stories"

    def ready(self):
        # Imported here: the page and image models only load once the app registry is ready.
        from wagtail.images import get_image_model
        from wagtail.signals import page_published

        from .models import StoryPage
        from .signals import image_saved, story_published

        page_published.connect(story_published, sender=StoryPage, dispatch_uid="stories_published")
        post_save.connect(image_saved, sender=get_image_model(), dispatch_uid="stories_image")
