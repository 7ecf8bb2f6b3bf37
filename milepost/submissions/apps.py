from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "milepost.submissions"
    verbose_name = "Submissions"
