"""A test-only task that the deployment tests' db_worker processes import and run."""

import os
import time

from django_tasks import task


@task()
def run_record(number: int, path: str) -> None:
    """Append "number pid" to a file: which worker ran which task, and how often."""
    time.sleep(0.02)  # long enough that two workers overlap
    with open(path, "a") as record:
        record.write(f"{number} {os.getpid()}\n")
