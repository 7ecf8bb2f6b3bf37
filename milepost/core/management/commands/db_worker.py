"""`milepost db_worker`: django-tasks-db's worker, named after its host and process
("host:pid:random") so that `core.workers` can tell a task whose worker died."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from milepost.core.workers import worker_id_make


class Command(DatabaseWorkerCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=worker_id_make())
