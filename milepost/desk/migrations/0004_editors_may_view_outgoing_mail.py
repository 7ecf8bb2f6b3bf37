"""Editors may look at outgoing mail (and see why one failed)."""

from django.db import migrations

from milepost.core.groups import EDITORS
from milepost.core.migration_helpers import group_permissions_grant


def grant_permissions(apps, schema_editor):
    group_permissions_grant(apps, EDITORS, "core", ["view_outgoingemail"])


class Migration(migrations.Migration):
    dependencies = [("desk", "0003_moderators_become_reviewers"), ("core", "0005_outgoing_email")]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
