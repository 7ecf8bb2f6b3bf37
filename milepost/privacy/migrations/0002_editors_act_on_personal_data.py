"""Editors may find, export and erase a person's data."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    create_permissions(global_apps.get_app_config("privacy"), verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="privacy", codename="act_on_personal_data"
        )
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
