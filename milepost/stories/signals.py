"""Renditions are made by the worker once a story is published or an image saved; a
submission's status page asks here where its story is live."""

from functools import partial

from django.db import transaction

from . import tasks
from .models import StoryPage


def story_published(sender, instance, **kwargs):
    transaction.on_commit(partial(tasks.story_renditions_generate.enqueue, instance.pk))


def submission_live_url(sender, submission, **kwargs) -> str:
    story = StoryPage.objects.live().filter(submission=submission).first()
    return (story.url or "") if story else ""


def image_saved(sender, instance, **kwargs):
    # Any save: a new file or focal point needs renditions; existing ones are not made twice.
    transaction.on_commit(partial(tasks.image_renditions_generate.enqueue, instance.pk))
