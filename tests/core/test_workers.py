"""Tasks whose worker died: named after their process, found by the sweep, failed with why."""

import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from milepost.core.workers import process_gone, process_id, tasks_orphaned_fail
from milepost.settings import base as base_settings
from tests.deploy.tasks import run_record

pytestmark = pytest.mark.django_db


def _running(worker: str, minutes_ago: float) -> DBTaskResult:
    result = run_record.enqueue(1, "/dev/null")
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING",
        worker_ids=[worker],
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
    return DBTaskResult.objects.get(pk=result.id)


def _ended_process() -> str:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return f"{process_id().partition(':')[0]}:{child.pid}:abcd"


def test_a_task_whose_worker_ended_or_ran_too_long_is_failed_with_the_reason(settings):
    settings.TASKS = base_settings.TASKS  # in the database, as in production
    settings.MILEPOST_TASK_RUNNING_MINUTES = 60
    dead = _running(_ended_process(), minutes_ago=1)
    alive = _running(f"{process_id()}:abcd", minutes_ago=1)
    elsewhere_recent = _running("another-host:4242:abcd", minutes_ago=59)
    elsewhere_stuck = _running("another-host:4343:abcd", minutes_ago=61)

    assert tasks_orphaned_fail() == 2

    statuses = {r.pk: r.status for r in DBTaskResult.objects.all()}
    assert statuses == {
        dead.pk: "FAILED",
        alive.pk: "RUNNING",
        elsewhere_recent.pk: "RUNNING",
        elsewhere_stuck.pk: "FAILED",
    }
    dead.refresh_from_db()
    assert dead.exception_class_path == "milepost.core.workers.WorkerStopped"
    assert "stopped while running" in dead.traceback and dead.finished_at is not None
    assert tasks_orphaned_fail() == 0


def test_a_worker_is_named_after_its_host_and_process(settings):
    settings.TASKS = base_settings.TASKS  # in the database, as in production
    assert get_commands()["db_worker"] == "milepost.core"
    parser = load_command_class("milepost.core", "db_worker").create_parser("milepost", "db_worker")
    worker_id = parser.parse_args([]).worker_id
    assert worker_id.startswith(f"{process_id()}:") and len(worker_id) <= 64
    assert not process_gone(worker_id)
    assert not process_gone("not a worker id") and not process_gone("another-host:1")
