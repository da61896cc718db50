import django.contrib.postgres.search
from django.db import migrations

# The GIN index exists only on PostgreSQL; SQLite keeps the column empty and searches
# with its own fallback, so the index is made here rather than in Meta.indexes.
INDEX = "case_search_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_case USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_case_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
