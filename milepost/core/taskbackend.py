"""The task queue: django-tasks' database backend, queueing Milepost's own versions of Wagtail's
per-object index tasks (`core.tasks`), which end quietly when the object was deleted first.

Wagtail queues its tasks from signal receivers that it connects in several places (app start,
each migration, each registered model); replacing the task where it is queued covers them all.
"""

from django.utils.module_loading import import_string
from django_tasks_db import DatabaseBackend

# By path: the tasks module needs this backend to define its tasks.
REPLACEMENTS = {
    "modelsearch.tasks.insert_or_update_object_task": "milepost.core.tasks.search_index_update",
    "wagtail.tasks.update_reference_index_task": "milepost.core.tasks.reference_index_update",
}


def _replaced(task):
    replacement = REPLACEMENTS.get(task.module_path)
    return import_string(replacement) if replacement else task


class MilepostDatabaseBackend(DatabaseBackend):
    def enqueue(self, task, args, kwargs):
        return super().enqueue(_replaced(task), args, kwargs)

    async def aenqueue(self, task, args, kwargs):
        return await super().aenqueue(_replaced(task), args, kwargs)
