"""On PostgreSQL, a GIN index on the search vector Wagtail's database backend matches against.

The backend filters with `title || body @@ query`; the table's indexes are on each column alone,
so every search read every entry (470 ms at 100,000 stories). An index on the same expression
answers the match, and its statistics tell the planner how common a word is: a common word walks
the newest stories and stops at the cap, a rare one reads its few matches from the index. Other
databases are left alone (SQLite searches its own FTS5 table).

Built CONCURRENTLY, outside a transaction (so `atomic = False`): a plain CREATE INDEX stops every
write to the search index, and so every publish, while it reads the table (2.5 s at 100,000
stories). This migration was changed in place rather than followed by a new one: where it has
run, the index is there and the same; where it has not, this is the build that runs.
"""

from django.db import migrations

INDEX = "stories_search_title_body_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        # A concurrent build that failed leaves an invalid index, which IF NOT EXISTS would keep.
        cursor.execute(
            "SELECT 1 FROM pg_index JOIN pg_class ON pg_class.oid = pg_index.indexrelid "
            "WHERE pg_class.relname = %s AND NOT pg_index.indisvalid",
            [INDEX],
        )
        if cursor.fetchone():
            schema_editor.execute(f"DROP INDEX CONCURRENTLY {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} "
        "ON wagtailsearch_indexentry USING gin ((title || body))"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("stories", "0003_story_submission"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
