"""Thin task triggers named after the service they run."""

from django_tasks import task

from . import services


@task()
def intake_sweep() -> dict[str, int]:
    return services.intake_sweep()
