"""The reviewing group is called Reviewers: a database that only has Wagtail's Moderators renames it.

Where both groups exist (every install that ran 0002) they stay apart: Moderators is Wagtail's
page-moderation group, which may publish, and folding it into Reviewers would give reviewers that
power or take it from its members. Going back keeps the name: older code looks up Reviewers too.
"""

from django.db import migrations


def moderators_rename(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    if not Group.objects.filter(name="Reviewers").exists():
        Group.objects.filter(name="Moderators").update(name="Reviewers")


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0002_groups_and_editor_review"),
        ("anthology", "0002_editors_may_export_anthologies"),
        ("intake", "0007_editors_may_download_raw_email"),
        ("submissions", "0006_editors_may_edit_suppressed_addresses"),
    ]

    operations = [migrations.RunPython(moderators_rename, migrations.RunPython.noop)]
