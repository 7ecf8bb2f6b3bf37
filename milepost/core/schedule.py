"""Periodic jobs: each app registers its own tasks here (from its AppConfig.ready), and
`milepost run_scheduler` enqueues them on their intervals, so no cron and no upward imports."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True)
class PeriodicTask:
    task: object  # a django_tasks Task: anything with .enqueue() and .name
    every: timedelta

    @property
    def name(self) -> str:
        return self.task.name  # type: ignore[attr-defined]


_registry: dict[str, PeriodicTask] = {}


def periodic_task_register(task, *, every: timedelta) -> None:
    entry = PeriodicTask(task, every)
    _registry[entry.name] = entry  # registering twice (tests, reloads) replaces


def periodic_task_list() -> list[PeriodicTask]:
    return sorted(_registry.values(), key=lambda entry: entry.name)


def scheduler_jobs_add(scheduler) -> None:
    """Give an APScheduler scheduler one interval job per registered task, each run once at
    start: an interval job first fires a whole interval later, so a daily digest or retention
    run would never happen on a machine whose `make serve` is restarted each day. Every task
    may run twice (the digest goes once a day, at its hour), so running at start is safe."""
    now = datetime.now(UTC)
    for job in periodic_task_list():
        scheduler.add_job(
            job.task.enqueue,  # type: ignore[attr-defined]
            "interval",
            seconds=job.every.total_seconds(),
            id=job.name,
            coalesce=True,  # after a pause, run once rather than catch up every missed run
            max_instances=1,
            next_run_time=now,
        )
