"""Full-text search indexes: FTS5 with triggers on SQLite, a GIN expression index on PostgreSQL.

Both are raw SQL that only its own database understands, so each runs only there.
"""

from django.db import migrations

from articles import search


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        search.ensure_sqlite_index(connection)
    elif connection.vendor == "postgresql":
        search.create_postgres_index(connection)


def drop_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        search.drop_sqlite_index(connection)
    elif connection.vendor == "postgresql":
        search.drop_postgres_index(connection)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
