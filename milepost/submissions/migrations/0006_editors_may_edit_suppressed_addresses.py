"""Wagtail's Editors and Moderators groups may look at and edit the suppression list."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ("view", "add", "change", "delete")


def grant_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations; these are needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="submissions",
        codename__in=[f"{action}_suppressedaddress" for action in ACTIONS],
    )
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("submissions", "0005_suppressed_address")]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
