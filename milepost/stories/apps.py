from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class StoriesConfig(AppConfig):
    name = "milepost.stories"
    verbose_name = "Stories"

    def ready(self):
        # Imported here: the page and image models only load once the app registry is ready.
        from wagtail.images import get_image_model
        from wagtail.signals import page_published, page_unpublished

        from milepost.submissions.models import Submission
        from milepost.submissions.signals import submission_live_url_asked

        from .models import StoryPage
        from .signals import image_saved, story_published, story_removed, submission_live_url

        page_published.connect(story_published, sender=StoryPage, dispatch_uid="stories_published")
        page_unpublished.connect(story_removed, sender=StoryPage, dispatch_uid="stories_unpub")
        post_delete.connect(story_removed, sender=StoryPage, dispatch_uid="stories_deleted")
        submission_live_url_asked.connect(
            submission_live_url, sender=Submission, dispatch_uid="stories_live_url"
        )
        post_save.connect(image_saved, sender=get_image_model(), dispatch_uid="stories_image")
