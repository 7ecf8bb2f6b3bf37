"""Editors, and no other group, may download raw email; Moderators keep read access only."""

from django.db import migrations

from milepost.core.migration_helpers import group_permissions_grant


def grant_download_to_editors(apps, schema_editor):
    group_permissions_grant(apps, "Editors", "intake", ["download_raw_email"])


class Migration(migrations.Migration):
    dependencies = [("intake", "0006_raw_email_download_permission")]

    operations = [migrations.RunPython(grant_download_to_editors, migrations.RunPython.noop)]
