"""Kept source bytes compressed with lz4 on PostgreSQL, not pglz.

Every file an import reads is kept (``SourceChunk.data``). PostgreSQL compresses such
values with pglz by default, which cost the bulk import of 5,600 WikiLeaks pages (390 MB)
about 9 s of its 34 (measured with bench/import_corpus.py); lz4 compresses them as well
for archive pages at a fraction of the CPU. Only the storage changes: a value is read
back the same whichever method wrote it, and values already kept stay as they are.
PostgreSQL 14 or later built with lz4 (Debian's and the official packages are); anywhere
else, and on SQLite, nothing to do.
"""

from django.db import DatabaseError, migrations, transaction

COMPRESSION = "ALTER TABLE cases_sourcechunk ALTER COLUMN data SET COMPRESSION {}"


def use_lz4(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or connection.pg_version < 140000:
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute(COMPRESSION.format("lz4"))
    except DatabaseError:  # a server built without lz4 keeps pglz
        pass


def use_default(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql" and connection.pg_version >= 140000:
        schema_editor.execute(COMPRESSION.format("DEFAULT"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_issue14_sources")]

    operations = [migrations.RunPython(use_lz4, use_default)]
