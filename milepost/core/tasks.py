"""Core's tasks: the outbox's, and Wagtail's two that index one object by its key, for objects
that may be gone. Each may safely run twice.

A story's publish, unpublish or erasure queues Wagtail's for the story, its photos, its images
and its submission; an erasure then deletes all of these before the worker reaches the tasks.
Wagtail's look the object up and fail with a traceback; these end, successfully, with a line in
the log. `core.taskbackend` queues these in their place.
"""

import logging

from django.core.exceptions import ObjectDoesNotExist
from django_tasks import task
from modelsearch.tasks import insert_or_update_object_task
from wagtail.tasks import update_reference_index_task

from . import outbox, workers

logger = logging.getLogger(__name__)


@task()
def search_index_update(app_label: str, model_name: str, pk: str) -> None:
    try:
        insert_or_update_object_task.call(app_label, model_name, pk)
    except ObjectDoesNotExist:
        logger.info("Not indexed for search: %s.%s %s is gone", app_label, model_name, pk)


@task()
def reference_index_update(app_label: str, model_name: str, pk: str) -> None:
    try:
        update_reference_index_task.call(app_label, model_name, pk)
    except ObjectDoesNotExist:
        logger.info("No references recorded: %s.%s %s is gone", app_label, model_name, pk)


@task()
def outgoing_email_send(email_id: int) -> bool:
    return outbox.outgoing_email_send(email_id)


@task()
def outgoing_emails_sweep() -> int:
    return outbox.outgoing_emails_sweep()


@task()
def outgoing_emails_expire() -> int:
    return outbox.outgoing_emails_expire()


@task()
def tasks_orphaned_fail() -> int:
    return workers.tasks_orphaned_fail()
