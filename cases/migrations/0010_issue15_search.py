from django.db import migrations

# SQLite's full-text index: an FTS5 table beside the cases (rowid = case id), with the
# Porter stemmer over Unicode words, as PostgreSQL's english configuration stems them.
# PostgreSQL keeps its tsvector column and GIN index (migration 0003).
CREATE = """
CREATE VIRTUAL TABLE IF NOT EXISTS case_search USING fts5(
    summary, excerpt, labels, context,
    tokenize = 'porter unicode61 remove_diacritics 2'
)
"""
# A deleted case (the admin, a cable deleted with its cases) leaves no entry behind.
TRIGGER = """
CREATE TRIGGER IF NOT EXISTS case_search_delete AFTER DELETE ON cases_case
BEGIN
    DELETE FROM case_search WHERE rowid = old.id;
END
"""


# The cases already stored, from their columns alone: the field labels and the split of
# the excerpt from the rest of its paragraph come with `manage.py index_search` (or the
# next import of their cable). Written in SQL so that later models cannot break it.
FILL = """
INSERT INTO case_search (rowid, summary, excerpt, labels, context)
SELECT c.id, c.summary, c.excerpt, c.category || ' ' || cb.subject, p.text
FROM cases_case AS c
JOIN cases_paragraph AS p ON p.id = c.paragraph_id
JOIN cases_cable AS cb ON cb.id = c.cable_id
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE)
        schema_editor.execute(TRIGGER)
        schema_editor.execute(FILL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS case_search_delete")
        schema_editor.execute("DROP TABLE IF EXISTS case_search")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_case_spans_keys_review"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
