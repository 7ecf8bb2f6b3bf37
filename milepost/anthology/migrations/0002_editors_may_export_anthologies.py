"""Wagtail's Editors and Moderators groups may manage anthologies and export them."""

from django.db import migrations

from milepost.core.migration_helpers import group_permissions_grant

CODENAMES = ["add_anthology", "change_anthology", "view_anthology", "export_anthology"]


def grant(apps, schema_editor):
    for group_name in ("Editors", "Moderators"):
        group_permissions_grant(apps, group_name, "anthology", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("anthology", "0001_anthology_entries_permissions_exports"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
