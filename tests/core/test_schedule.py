"""Periodic jobs: each app registers its own; `run_scheduler` enqueues them on their interval."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from milepost.core.schedule import periodic_task_list, scheduler_jobs_add


def test_each_app_registers_its_periodic_tasks():
    jobs = {job.name: job.every for job in periodic_task_list()}
    assert jobs == {
        "anthology_exports_orphaned_fail": timedelta(minutes=1),
        "book_permission_reminders_send": timedelta(hours=1),
        "desk_digests_send": timedelta(minutes=15),
        "intake_sweep": timedelta(minutes=5),
        "outgoing_emails_expire": timedelta(days=1),
        "outgoing_emails_sweep": timedelta(minutes=1),
        "publish_scheduled": timedelta(minutes=1),
        "retention_apply": timedelta(days=1),
        "story_views_flush": timedelta(minutes=1),
        "submission_approval_reminders_send": timedelta(hours=1),
        "tasks_orphaned_fail": timedelta(minutes=1),
    }


def test_run_scheduler_lists_its_jobs(capsys):
    call_command("run_scheduler", "--list")
    assert "publish_scheduled: every 0:01:00" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_scheduled_publishing_task_publishes_a_story_whose_time_has_come(story_index):
    from django.utils import timezone

    from milepost.desk.tasks import publish_scheduled
    from tests.factories import story_create

    story = story_create(story_index, publish=False)
    revision = story.latest_revision
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    publish_scheduled.enqueue()  # the test settings run tasks immediately
    story.refresh_from_db()
    assert story.live


def test_the_scheduler_gets_one_interval_job_per_task():
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler()
    scheduler_jobs_add(scheduler)
    scheduler.start(paused=True)
    try:
        jobs = {job.id: job.trigger.interval for job in scheduler.get_jobs()}
        first_runs = {job.id: job.next_run_time for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown(wait=False)
    assert jobs["intake_sweep"] == timedelta(minutes=5)
    assert jobs["publish_scheduled"] == timedelta(minutes=1)
    # Daily jobs run at start too, not only a day after the scheduler started.
    soon = datetime.now(UTC) + timedelta(minutes=1)
    assert first_runs["desk_digests_send"] <= soon
    assert first_runs["retention_apply"] <= soon
