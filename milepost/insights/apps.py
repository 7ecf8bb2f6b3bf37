from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "milepost.insights"
    verbose_name = "Insights"

    def ready(self):
        # The flush of readership counters registers as a periodic job.
        from . import tasks  # noqa: F401
