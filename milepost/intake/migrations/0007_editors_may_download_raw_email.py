"""Editors, and no other group, may download raw email; Moderators keep read access only."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_download_to_editors(apps, schema_editor):
    # Permissions are normally created after all migrations; this one is needed now.
    app_config = apps.get_app_config("intake")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    download = Permission.objects.get(
        content_type__app_label="intake", codename="download_raw_email"
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(download)


class Migration(migrations.Migration):
    dependencies = [("intake", "0006_raw_email_download_permission")]

    operations = [migrations.RunPython(grant_download_to_editors, migrations.RunPython.noop)]
