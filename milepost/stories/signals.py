"""Renditions and the share card are made by the worker once a story is published or an image
saved, and the cards go with a story taken off the site; a submission's status page asks here
where its story is live."""

from functools import partial

from django.db import transaction

from . import services, tasks
from .models import StoryPage


def story_published(sender, instance, **kwargs):
    transaction.on_commit(partial(tasks.story_renditions_generate.enqueue, instance.pk))
    transaction.on_commit(partial(tasks.story_share_card_make.enqueue, instance.pk))


def story_removed(sender, instance, **kwargs):
    # Unpublished or deleted (an erasure does both): its cards are not served any more.
    transaction.on_commit(partial(services.story_share_cards_delete, instance.pk))


def submission_live_url(sender, submission, **kwargs) -> str:
    story = StoryPage.objects.live().filter(submission=submission).first()
    return (story.url or "") if story else ""


def image_saved(sender, instance, **kwargs):
    # Any save: a new file or focal point needs renditions; existing ones are not made twice.
    transaction.on_commit(partial(tasks.image_renditions_generate.enqueue, instance.pk))
