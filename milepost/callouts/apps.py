from django.apps import AppConfig


class CalloutsConfig(AppConfig):
    name = "milepost.callouts"
    verbose_name = "Callouts"
