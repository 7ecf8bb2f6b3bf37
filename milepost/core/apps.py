from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "milepost.core"
    verbose_name = "Milepost"

    def ready(self):
        # Receivers import models, which only load once the app registry is ready.
        from datetime import timedelta

        from . import tasks
        from .schedule import periodic_task_register
        from .signals import connect_page_cache_receivers

        connect_page_cache_receivers()
        periodic_task_register(tasks.outgoing_emails_sweep, every=timedelta(minutes=1))
        periodic_task_register(tasks.outgoing_emails_expire, every=timedelta(days=1))
        periodic_task_register(tasks.tasks_orphaned_fail, every=timedelta(minutes=1))
