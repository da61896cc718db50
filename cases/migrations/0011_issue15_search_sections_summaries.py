from django.db import migrations, models

# SQLite's full-text index: an FTS5 table beside the cases (rowid = case id), with the
# Porter stemmer over Unicode words, as PostgreSQL's english configuration stems them.
# PostgreSQL keeps its tsvector column and GIN index (migration 0003).
CREATE = """
CREATE VIRTUAL TABLE IF NOT EXISTS case_search USING fts5(
    summary, excerpt, labels, context,
    tokenize = 'porter unicode61 remove_diacritics 2'
)
"""
# A deleted case leaves no entry behind. (A later migration that rebuilds cases_case on
# SQLite drops the trigger with the old table: stale entries are harmless, since searches
# join the cases, and case ids are never reused.)
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


# Tables whose writes change the archive's version (migration 0008).
WATCHED = [
    "cases_case",
    "cases_case_countries",
    "cases_case_places",
    "cases_cable",
    "cases_cabletag",
    "cases_outlet",
    "cases_place",
    "cases_country",
    "cases_tag",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        # Altering the case table above rebuilt it without the triggers of migration 0008.
        for table in WATCHED:
            for event in ["INSERT", "UPDATE", "DELETE"]:
                schema_editor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_{event.lower()}_changed "
                    f"AFTER {event} ON {table} BEGIN UPDATE cases_archivestate "
                    "SET version = hex(randomblob(16)) WHERE id = 1; END"
                )
        schema_editor.execute(CREATE)
        schema_editor.execute(TRIGGER)
        schema_editor.execute(FILL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS case_search_delete")
        schema_editor.execute("DROP TABLE IF EXISTS case_search")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_issue13_paragraph_structure"),
    ]

    operations = [
        # The section heading, named as pages now name it; summaries are whole sentences.
        migrations.AlterField(
            model_name="case",
            name="category",
            field=models.CharField(
                blank=True,
                help_text="The heading of the cable section that tells the case.",
                max_length=255,
                verbose_name="section",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="summary",
            field=models.CharField(blank=True, max_length=1000),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="category",
            field=models.CharField(
                blank=True,
                help_text="The heading of the cable section that tells the case.",
                max_length=255,
                verbose_name="section",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="summary",
            field=models.CharField(blank=True, max_length=1000),
        ),
        # After the table changes above: rebuilding cases_case on SQLite drops triggers.
        migrations.RunPython(create, drop),
    ]
