from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "milepost.demo"
    verbose_name = "Demo content"
