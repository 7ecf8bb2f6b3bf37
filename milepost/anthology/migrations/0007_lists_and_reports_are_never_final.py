from django.db import migrations


def lists_and_reports_as_drafts(apps, schema_editor):
    """A contributors' list or a report exported without --draft was recorded as final,
    although only the book itself (DOCX, EPUB, PDF) is ever final and locks the book."""
    AnthologyExport = apps.get_model("anthology", "AnthologyExport")
    AnthologyExport.objects.filter(format__in=("contributors", "report"), draft=False).update(
        draft=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("anthology", "0006_export_worker_and_heartbeat"),
    ]

    operations = [
        migrations.RunPython(lists_and_reports_as_drafts, migrations.RunPython.noop),
    ]
