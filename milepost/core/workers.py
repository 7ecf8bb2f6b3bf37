"""Background work whose process died: how to tell, and the sweep that says so.

`db_worker` here names each worker after its process ("host:pid:random"), and long work such
as a book export records the process writing it the same way. A process on this host that no
longer exists (killed, crashed) is gone for certain; on another host only time tells, so work
left running longer than a limit is taken for dead too.
"""

import os
import secrets
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class WorkerStopped(Exception):
    """Never raised: the error a task is marked failed with when its worker died under it."""


def _host() -> str:
    return socket.gethostname()[:40]  # a worker id may be 64 characters


def process_id() -> str:
    """This process, as "host:pid"."""
    return f"{_host()}:{os.getpid()}"


def worker_id_make() -> str:
    return f"{process_id()}:{secrets.token_hex(4)}"


def process_gone(process: str) -> bool:
    """Whether the process named "host:pid[:…]" is known to have ended (only on this host)."""
    host, _, rest = process.partition(":")
    pid = rest.partition(":")[0]
    if host != _host() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return _zombie(int(pid))


def _zombie(pid: int) -> bool:
    """Killed but not yet reaped by its parent: dead all the same."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def tasks_orphaned_fail(now: datetime | None = None) -> int:
    """Mark failed, with the reason, each task left running by a worker that died (or that has
    run longer than MILEPOST_TASK_RUNNING_MINUTES), so nothing waits on it forever. What the
    task was doing has its own sweep: mail is sent again, an export is marked failed."""
    limit = (now or timezone.now()) - timedelta(minutes=settings.MILEPOST_TASK_RUNNING_MINUTES)
    failed = 0
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if not (process_gone(worker) or (result.started_at and result.started_at < limit)):
            continue
        error = WorkerStopped(f"The worker {worker or '(unknown)'} stopped while running this.")
        failed += DBTaskResult.objects.filter(pk=result.pk, status=result.status).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{__name__}.{WorkerStopped.__qualname__}",
            traceback=str(error),
        )
    return failed


def task_results_delete(task_path: str, *, args: list | None = None) -> int:
    """Delete the rows of one task's runs that are not running: all its finished ones, or with
    `args`, those queued or run with these arguments. A row keeps its arguments for good, and
    they may name a person (an email address)."""
    rows = DBTaskResult.objects.filter(task_path=task_path).exclude(status=TaskResultStatus.RUNNING)
    if args is None:
        return rows.finished().delete()[0]
    # Argument by argument: comparing the whole JSON list is not portable across databases.
    for position, value in enumerate(args):
        rows = rows.filter(**{f"args_kwargs__args__{position}": value})
    return rows.filter(**{f"args_kwargs__args__{len(args)}__isnull": True}).delete()[0]
