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
