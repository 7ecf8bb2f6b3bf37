"""Editors may find, export and erase a person's data."""

from django.db import migrations

from milepost.core.migration_helpers import group_permissions_grant


def forwards(apps, schema_editor):
    group_permissions_grant(
        apps, "Editors", "privacy", ["act_on_personal_data"], group_create=True
    )


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="privacy", codename="act_on_personal_data"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_erasure_records_requests_retention_runs"),
        ("desk", "0002_groups_and_editor_review"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
