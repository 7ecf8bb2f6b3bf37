"""The home page now belongs to the `site` app, which took over its table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0002_create_homepage"), ("site", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="HomePage")], database_operations=[]
        )
    ]
