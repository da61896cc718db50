"""The archive's change log: the triggers that give the archive a new version also note
which rows they changed, so that each process's facet index can update itself from them.

The triggers of migration 0008 are replaced by ones that do both, in this order: first the
version (which locks ``cases_archivestate``'s row to the end of the transaction), then the
notes, so that the notes' ids follow the order of the commits. They keep the newest
``changes_kept`` notes: older ones are deleted once there are twice as many.
"""

from django.db import migrations, models

import cases.models

# Table -> (the kind of row it notes, the column holding that row's id; "" for none).
WATCHED = {
    "cases_case": (1, "id"),
    "cases_case_countries": (1, "case_id"),
    "cases_case_places": (1, "case_id"),
    "cases_cable": (2, "id"),
    "cases_cabletag": (2, "cable_id"),
    "cases_outlet": (3, "id"),
    "cases_place": (4, "id"),
    "cases_country": (5, ""),  # keyed by its code: a change reloads the names
    "cases_tag": (6, "id"),
}
EVERYTHING = 0
EVENTS = ["INSERT", "UPDATE", "DELETE"]

POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION cases_archive_changed() RETURNS trigger AS $$
DECLARE
    kept integer;
    token bigint := floor(random() * 9e18)::bigint;
    newest bigint;
    noted text := 'INSERT INTO cases_archivechange (kind, row_id, token) ';
BEGIN
    UPDATE cases_archivestate SET version = md5(random()::text || clock_timestamp()::text)
    WHERE id = 1 RETURNING changes_kept INTO kept;
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE noted || 'VALUES (0, NULL, $1)' USING token;
    ELSIF TG_ARGV[1] = '' THEN
        EXECUTE noted || format('VALUES (%s, NULL, $1)', TG_ARGV[0]) USING token;
    ELSIF TG_OP = 'INSERT' THEN
        EXECUTE noted || format('SELECT DISTINCT %s, %I, $1 FROM new_rows',
            TG_ARGV[0], TG_ARGV[1]) USING token;
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE noted || format('SELECT DISTINCT %s, %I, $1 FROM old_rows',
            TG_ARGV[0], TG_ARGV[1]) USING token;
    ELSE
        EXECUTE noted || format(
            'SELECT %s, %I, $1 FROM new_rows UNION SELECT %s, %I, $1 FROM old_rows',
            TG_ARGV[0], TG_ARGV[1], TG_ARGV[0], TG_ARGV[1]) USING token;
    END IF;
    IF kept > 0 THEN
        SELECT max(id) INTO newest FROM cases_archivechange;
        IF (SELECT min(id) FROM cases_archivechange) < newest - 2 * kept THEN
            DELETE FROM cases_archivechange WHERE id <= newest - kept;
        END IF;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql
"""

SQLITE_PRUNING = """
CREATE TRIGGER cases_archivechange_pruned AFTER INSERT ON cases_archivechange
WHEN NEW.id - (SELECT min(id) FROM cases_archivechange)
     > 2 * (SELECT changes_kept FROM cases_archivestate WHERE id = 1)
BEGIN
    DELETE FROM cases_archivechange
    WHERE id <= NEW.id - (SELECT changes_kept FROM cases_archivestate WHERE id = 1);
END
"""


def postgresql_triggers(table: str) -> list[str]:
    kind, column = WATCHED[table]
    call = f"FOR EACH STATEMENT EXECUTE FUNCTION cases_archive_changed('{kind}', '{column}')"
    return [
        f"CREATE TRIGGER {table}_insert_changed AFTER INSERT ON {table} "
        f"REFERENCING NEW TABLE AS new_rows {call}",
        f"CREATE TRIGGER {table}_update_changed AFTER UPDATE ON {table} "
        f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows {call}",
        f"CREATE TRIGGER {table}_delete_changed AFTER DELETE ON {table} "
        f"REFERENCING OLD TABLE AS old_rows {call}",
        f"CREATE TRIGGER {table}_truncate_changed AFTER TRUNCATE ON {table} {call}",
    ]


def sqlite_triggers(table: str) -> list[str]:
    """Row triggers (SQLite has no others): the version, then a note of the row."""
    kind, column = WATCHED[table]
    version = "UPDATE cases_archivestate SET version = hex(randomblob(16)) WHERE id = 1;"
    note = "INSERT INTO cases_archivechange (kind, row_id, token) VALUES ({kind}, {row}, random());"
    statements = []
    for event in EVENTS:
        row = "NULL" if not column else f"{'OLD' if event == 'DELETE' else 'NEW'}.{column}"
        body = version + note.format(kind=kind, row=row)
        if event == "UPDATE" and column:  # a link moved to another case: both change
            body += (
                "INSERT INTO cases_archivechange (kind, row_id, token) "
                f"SELECT {kind}, OLD.{column}, random() WHERE OLD.{column} IS NOT NEW.{column};"
            )
        statements.append(
            f"CREATE TRIGGER {table}_{event.lower()}_changed AFTER {event} ON {table} "
            f"BEGIN {body} END"
        )
    return statements


def create_triggers(schema_editor, tables=WATCHED) -> None:
    """The triggers of the change log on ``tables`` (all by default), made anew."""
    execute = schema_editor.execute
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        execute(POSTGRESQL_FUNCTION, None)  # no parameters: its % are format()'s
    for table in tables:
        drop_triggers(schema_editor, [table])
        for statement in postgresql_triggers(table) if postgresql else sqlite_triggers(table):
            execute(statement)
    if not postgresql and tables is WATCHED:
        execute("DROP TRIGGER IF EXISTS cases_archivechange_pruned")
        execute(SQLITE_PRUNING)


def drop_triggers(schema_editor, tables) -> None:
    execute = schema_editor.execute
    postgresql = schema_editor.connection.vendor == "postgresql"
    for table in tables:
        names = [f"{table}_changed"] + [f"{table}_{e}_changed" for e in ("insert", "update")]
        names += [f"{table}_{e}_changed" for e in ("delete", "truncate")]
        for name in names:
            if postgresql:
                execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            else:
                execute(f"DROP TRIGGER IF EXISTS {name}")


def forwards(apps, schema_editor):
    create_triggers(schema_editor)


def drop_all(apps, schema_editor):
    """SQLite rebuilds a table to add a column, and refuses while triggers name it."""
    drop_triggers(schema_editor, WATCHED)
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS cases_archivechange_pruned")


def backwards(apps, schema_editor):
    """Back to migration 0008's triggers, which change the version only."""
    from importlib import import_module

    drop_all(apps, schema_editor)
    state = import_module("cases.migrations.0008_archive_state")
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        execute("DROP FUNCTION IF EXISTS cases_archive_changed()")
        execute(
            "CREATE OR REPLACE FUNCTION cases_archive_changed() RETURNS trigger AS $$ BEGIN "
            "UPDATE cases_archivestate "
            "SET version = md5(random()::text || clock_timestamp()::text) WHERE id = 1; "
            "RETURN NULL; END $$ LANGUAGE plpgsql"
        )
        for table in state.WATCHED:
            execute(
                f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION cases_archive_changed()"
            )
    else:
        for table in state.WATCHED:
            for event in state.EVENTS:
                execute(
                    f"CREATE TRIGGER {table}_{event.lower()}_changed AFTER {event} ON {table} "
                    "BEGIN UPDATE cases_archivestate SET version = hex(randomblob(16)) "
                    "WHERE id = 1; END"
                )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_issue15_search_sections_summaries"),
    ]

    operations = [
        migrations.RunPython(drop_all, backwards),
        migrations.AddField(
            model_name="archivestate",
            name="changes_kept",
            field=models.PositiveIntegerField(default=100000),
        ),
        migrations.AddField(
            model_name="archivestate",
            name="epoch",
            field=models.CharField(default=cases.models.new_epoch, max_length=32),
        ),
        migrations.CreateModel(
            name="ArchiveChange",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                (
                    "kind",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (0, "every row (a table was emptied)"),
                            (1, "case"),
                            (2, "cable"),
                            (3, "outlet"),
                            (4, "place"),
                            (5, "country"),
                            (6, "tag"),
                        ]
                    ),
                ),
                ("row_id", models.BigIntegerField(blank=True, null=True)),
                ("token", models.BigIntegerField()),
            ],
            options={"ordering": ["id"]},
        ),
        migrations.RunPython(forwards, drop_all),
    ]
