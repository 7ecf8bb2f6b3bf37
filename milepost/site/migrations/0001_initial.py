"""The home page moves here from `core`, keeping its rows: only the table and labels change."""

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

import milepost.core.caching


def content_type_move(apps, schema_editor, old="core", new="site"):
    # Pages point at their content type; relabelling it in place keeps every page's type right.
    ContentType = apps.get_model("contenttypes.ContentType")
    ContentType.objects.filter(app_label=old, model="homepage").update(app_label=new)


def content_type_move_back(apps, schema_editor):
    content_type_move(apps, schema_editor, old="site", new="core")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HomePage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        ("intro", wagtail.fields.RichTextField(blank=True)),
                    ],
                    options={"abstract": False, "db_table": "core_homepage"},
                    bases=(milepost.core.caching.PublicCacheMixin, "wagtailcore.page"),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="homepage", table=None),
        migrations.RunPython(content_type_move, content_type_move_back),
    ]
