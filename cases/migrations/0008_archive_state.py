from django.db import migrations, models

# Tables whose rows the public facet counts read: any write to them changes the version.
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
EVENTS = ["INSERT", "UPDATE", "DELETE"]


def create_state_and_triggers(apps, schema_editor):
    apps.get_model("cases", "ArchiveState").objects.create(pk=1, version="initial")
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        execute(
            """
            CREATE OR REPLACE FUNCTION cases_archive_changed() RETURNS trigger AS $$
            BEGIN
                UPDATE cases_archivestate
                SET version = md5(random()::text || clock_timestamp()::text) WHERE id = 1;
                RETURN NULL;
            END $$ LANGUAGE plpgsql
            """
        )
        for table in WATCHED:
            execute(
                f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION cases_archive_changed()"
            )
    else:  # SQLite has row triggers only
        for table in WATCHED:
            for event in EVENTS:
                execute(
                    f"CREATE TRIGGER {table}_{event.lower()}_changed AFTER {event} ON {table} "
                    "BEGIN UPDATE cases_archivestate SET version = hex(randomblob(16)) "
                    "WHERE id = 1; END"
                )


def drop_triggers(apps, schema_editor):
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        for table in WATCHED:
            execute(f"DROP TRIGGER IF EXISTS {table}_changed ON {table}")
        execute("DROP FUNCTION IF EXISTS cases_archive_changed()")
    else:
        for table in WATCHED:
            for event in EVENTS:
                execute(f"DROP TRIGGER IF EXISTS {table}_{event.lower()}_changed")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArchiveState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.CharField(max_length=40)),
            ],
            options={
                "verbose_name": "archive state",
            },
        ),
        migrations.RunPython(create_state_and_triggers, drop_triggers),
    ]
