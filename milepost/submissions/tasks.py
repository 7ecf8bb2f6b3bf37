"""Thin task triggers: the state lives in the database, and each task may safely run twice.

A task has the name of the service it runs.
"""

from django_tasks import task

from . import acknowledgments


@task()
def submission_acknowledge(submission_id: int) -> bool:
    return acknowledgments.submission_acknowledge(submission_id)
