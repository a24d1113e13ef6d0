"""Full-text search indexes: FTS5 with triggers on SQLite, a GIN expression index on PostgreSQL.

Both are raw SQL that only its own database understands, so each runs only there.
"""

from django.db import migrations

from articles import search

# For each database: how to build the index, and how to remove it.
INDEXES = {
    "sqlite": (search.ensure_sqlite_index, search.drop_sqlite_index),
    "postgresql": (search.create_postgres_index, search.drop_postgres_index),
}


def create_index(apps, schema_editor):
    if steps := INDEXES.get(schema_editor.connection.vendor):
        steps[0](schema_editor.connection)


def drop_index(apps, schema_editor):
    if steps := INDEXES.get(schema_editor.connection.vendor):
        steps[1](schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_image_rights_focal_point_renditions")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
