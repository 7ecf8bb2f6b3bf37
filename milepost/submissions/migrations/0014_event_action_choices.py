"""A submission's history names its actions from one list (`EventAction`)."""

from django.db import migrations, models


def raw_download_renamed(apps, schema_editor):
    """The desk's first version recorded a download of the raw email as "download"."""
    SubmissionEvent = apps.get_model("submissions", "SubmissionEvent")
    SubmissionEvent.objects.filter(action="download").update(action="raw email downloaded")


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0013_email_delivery_in_outbox"),
    ]

    operations = [
        migrations.AlterField(
            model_name="submissionevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("received", "Received"),
                    ("in_review", "In review"),
                    ("accepted", "Accepted"),
                    ("published", "Published"),
                    ("declined", "Declined"),
                    ("withdrawn", "Withdrawn by the submitter"),
                    ("spam", "Spam"),
                    ("routed", "Routed to a callout"),
                    ("acknowledged", "Acknowledged"),
                    ("not acknowledged", "Not acknowledged"),
                    ("assigned", "Assigned"),
                    ("note", "Note"),
                    ("vote", "Vote"),
                    ("email", "Email"),
                    ("story draft", "Story draft created"),
                    ("story edited", "Story edited"),
                    ("unpublished", "Story unpublished"),
                    ("approval requested", "Approval requested"),
                    ("approved the edit", "Edit approved by the submitter"),
                    ("asked for changes", "Changes asked for by the submitter"),
                    ("raw email downloaded", "Raw email downloaded"),
                ],
                max_length=40,
            ),
        ),
        migrations.RunPython(raw_download_renamed, migrations.RunPython.noop),
    ]
