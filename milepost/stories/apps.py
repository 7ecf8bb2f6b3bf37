from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "milepost.stories"
    verbose_name = "Stories"
