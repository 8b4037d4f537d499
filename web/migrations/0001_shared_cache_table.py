"""The "shared" cache's table (settings.CACHES): maintenance mode and, without Redis,
rate-limit counters, seen by every app server. `migrate` creates it, so every
set-up that migrates has it."""

from django.core.management import call_command
from django.db import migrations


def create_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias)


def drop_table(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS teamcoach_cache")


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create_table, drop_table)]
