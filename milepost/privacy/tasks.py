"""Thin task triggers named after the service they run; registered as periodic jobs."""

from datetime import timedelta

from django_tasks import task

from milepost.core.schedule import periodic_task_register
from milepost.core.workers import task_results_delete

from . import services


@task()
def retention_apply() -> int:
    return services.retention_apply().pk


@task()
def story_list_link_send(email: str) -> bool:
    # Each run's row keeps the address it was asked for, known or not: none outlives the next.
    task_results_delete(services.STORY_LIST_TASK)
    return services.story_list_link_send(email)


periodic_task_register(retention_apply, every=timedelta(days=1))
