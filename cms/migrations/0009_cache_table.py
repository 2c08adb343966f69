"""The table of Django's database cache (cms_cache), used in production when there is no Redis.

Created whatever the current settings say, so that switching production to the database cache needs
no extra command; ``createcachetable`` would create it only for caches configured at that moment."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "cms_cache"


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("cms", "0008_venue_reviewed")]

    operations = [migrations.RunPython(create_table, drop_table)]
