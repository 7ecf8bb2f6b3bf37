"""Renditions are made by the worker once a story is published or an image saved."""

from functools import partial

from django.db import transaction

from . import tasks


def story_published(sender, instance, **kwargs):
    transaction.on_commit(partial(tasks.story_renditions_generate.enqueue, instance.pk))


def image_saved(sender, instance, **kwargs):
    # Any save: a new file or focal point needs renditions; existing ones are not made twice.
    transaction.on_commit(partial(tasks.image_renditions_generate.enqueue, instance.pk))
