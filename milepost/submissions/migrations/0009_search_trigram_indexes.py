"""On PostgreSQL, trigram indexes let the desk's search ("contains", any case) over title, text,
name and email use an index instead of reading every story. Other databases are left alone."""

from django.db import migrations

FIELDS = ["title", "story_text", "submitter_name", "submitter_email"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for field in FIELDS:
        # UPPER(...) as Django writes icontains, so the planner can use the index.
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS submission_{field}_trgm "
            f"ON submissions_submission USING gin (UPPER({field}::text) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS submission_{field}_trgm")


class Migration(migrations.Migration):
    dependencies = [("submissions", "0008_vote_tally_on_the_row")]

    operations = [migrations.RunPython(forwards, backwards)]
