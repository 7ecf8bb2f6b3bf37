from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "milepost.site"
    label = "site"
    verbose_name = "Site"
