"""`milepost run_scheduler`: enqueue the registered periodic tasks on their intervals.

The task worker (`db_worker`) runs them; this process only decides when.
"""

from apscheduler.schedulers.blocking import BlockingScheduler
from django.core.management.base import BaseCommand

from milepost.core.schedule import periodic_task_list, scheduler_jobs_add


class Command(BaseCommand):
    help = "Enqueue periodic tasks (scheduled publishing, intake sweep, digests) on a schedule."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Print the jobs and exit.")

    def handle(self, *args, list, verbosity, **options):
        if list or verbosity > 0:
            for job in periodic_task_list():
                self.stdout.write(f"{job.name}: every {job.every}")
        if list:
            return
        scheduler = BlockingScheduler()
        scheduler_jobs_add(scheduler)
        try:
            scheduler.start()
        except KeyboardInterrupt:
            scheduler.shutdown(wait=False)
