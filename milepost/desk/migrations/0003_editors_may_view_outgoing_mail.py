"""Wagtail's Editors and Moderators groups may look at outgoing mail (and see why one failed)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations; this one is needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permission = Permission.objects.get(
        content_type__app_label="core", codename="view_outgoingemail"
    )
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("desk", "0002_groups_and_editor_review"), ("core", "0005_outgoing_email")]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
