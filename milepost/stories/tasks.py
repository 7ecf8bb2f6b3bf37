"""Thin task triggers: the state lives in the database, and each task may safely run twice.

A task has the name of the service it runs.
"""

from django_tasks import task

from . import services


@task()
def story_renditions_generate(story_id: int) -> int:
    return services.story_renditions_generate(story_id)


@task()
def image_renditions_generate(image_id: int) -> int:
    return services.image_renditions_generate(image_id)


@task()
def story_share_card_make(story_id: int) -> str:
    card = services.story_share_card_make(story_id)
    return card.url if card else ""
