"""Wagtail's Editors and Moderators groups may look at and edit the suppression list."""

from django.db import migrations

from milepost.core.migration_helpers import group_permissions_grant

ACTIONS = ("view", "add", "change", "delete")


def grant_permissions(apps, schema_editor):
    codenames = [f"{action}_suppressedaddress" for action in ACTIONS]
    for group_name in ("Editors", "Moderators"):
        group_permissions_grant(apps, group_name, "submissions", codenames)


class Migration(migrations.Migration):
    dependencies = [("submissions", "0005_suppressed_address")]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
