"""Thin task triggers named after the service they run; the state is in the database."""

from datetime import timedelta

from django_tasks import task

from milepost.core.schedule import periodic_task_register

from . import emails, exports


@task()
def book_permission_reminders_send() -> int:
    return emails.book_permission_reminders_send()


@task()
def anthology_export_run(export_id: int) -> bool:
    return exports.anthology_export_run(export_id)


@task()
def anthology_exports_orphaned_fail() -> int:
    return exports.anthology_exports_orphaned_fail()


periodic_task_register(book_permission_reminders_send, every=timedelta(hours=1))
periodic_task_register(anthology_exports_orphaned_fail, every=timedelta(minutes=1))
