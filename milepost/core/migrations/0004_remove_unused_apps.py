"""Wagtail's forms, search promotions and embeds and Django's own admin are no longer
installed: drop their tables and permissions from databases made while they were.

A database that never had them is left as it is.
"""

from django.db import migrations

REMOVED_APPS = {
    "wagtailforms": "wagtailforms_",
    "wagtailsearchpromotions": "wagtailsearchpromotions_",
    "wagtailembeds": "wagtailembeds_",
    "admin": "django_admin_",
}


def removed_apps_drop(apps, schema_editor):
    connection = schema_editor.connection
    tables = connection.introspection.table_names()
    cascade = " CASCADE" if connection.vendor == "postgresql" else ""
    for prefix in REMOVED_APPS.values():
        for table in tables:
            if table.startswith(prefix):
                schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}{cascade}")
    apps.get_model("contenttypes.ContentType").objects.filter(
        app_label__in=list(REMOVED_APPS)
    ).delete()
    schema_editor.execute(
        "DELETE FROM django_migrations WHERE app IN (%s)" % ", ".join(["%s"] * len(REMOVED_APPS)),
        list(REMOVED_APPS),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_homepage_moves_to_site"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(removed_apps_drop, migrations.RunPython.noop)]
