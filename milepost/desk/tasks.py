"""Thin task triggers named after the service or command they run; registered as periodic jobs."""

from datetime import timedelta

from django.core.management import call_command
from django_tasks import task

from milepost.core.schedule import periodic_task_register

from . import digests, services


@task()
def publish_scheduled() -> None:
    # Wagtail's own command publishes pages whose go-live time has come (and expires others).
    call_command("publish_scheduled")


@task()
def desk_digests_send() -> int:
    return digests.desk_digests_send()


@task()
def submission_approval_reminders_send() -> int:
    return services.submission_approval_reminders_send()


periodic_task_register(publish_scheduled, every=timedelta(minutes=1))
# Often, so the digest leaves soon after its hour; it goes once a day (`desk.digests`).
periodic_task_register(desk_digests_send, every=timedelta(minutes=15))
periodic_task_register(submission_approval_reminders_send, every=timedelta(hours=1))
