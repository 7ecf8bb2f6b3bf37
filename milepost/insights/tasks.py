"""Thin task triggers named after the service they run; registered as periodic jobs."""

from datetime import timedelta

from django_tasks import task

from milepost.core.schedule import periodic_task_register

from . import counting


@task()
def story_views_flush() -> int:
    return counting.story_views_flush()


# Often, so the report is at most a minute behind the readers.
periodic_task_register(story_views_flush, every=timedelta(minutes=1))
