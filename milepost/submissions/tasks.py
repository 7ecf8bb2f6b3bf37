"""Thin task triggers: the state lives in the database, and each task may safely run twice."""

from django_tasks import task

from . import services


@task()
def acknowledge_submission(submission_id: int) -> bool:
    return services.submission_acknowledge(submission_id)
