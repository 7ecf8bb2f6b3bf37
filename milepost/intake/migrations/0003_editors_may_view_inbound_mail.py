"""Wagtail's Editors and Moderators groups may look at inbound mail."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_PERMISSIONS = [("intake", "view_inboundmessage")]


def grant_view_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations; these are needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in VIEW_PERMISSIONS
    ]
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_one_channel_enum"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant_view_permissions, migrations.RunPython.noop)]
