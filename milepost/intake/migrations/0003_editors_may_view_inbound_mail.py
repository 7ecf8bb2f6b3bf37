"""Wagtail's Editors and Moderators groups may look at inbound mail."""

from django.db import migrations

from milepost.core.migration_helpers import group_permissions_grant


def grant_view_permissions(apps, schema_editor):
    for group_name in ("Editors", "Moderators"):
        group_permissions_grant(apps, group_name, "intake", ["view_inboundmessage"])


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_one_channel_enum"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant_view_permissions, migrations.RunPython.noop)]
