"""Several cases per paragraph, each pinned to its sentences, with a public key and a review.

Cases stored before this gave their whole paragraph: each gets the paragraph as its span
and excerpt, and a key numbered among its paragraph's cases in the order they were stored
(``08ASTANA1246-p7-1``). Their history entries take the same key, so that a case's past
versions name it as it is named now. Published cases count as published by the extractor
(or accepted, when staff entered them); an unpublished one was withdrawn and stays so.
On SQLite, altering the case table drops its triggers (migration 0008): they are made again.
"""

from django.db import migrations, models

REVIEW_CHOICES = [
    ("auto", "Published by the extractor"),
    ("pending", "Suggested, waiting for staff"),
    ("accepted", "Accepted by staff"),
    ("rejected", "Rejected by staff"),
]
BATCH = 2000


def key_stored_cases(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Paragraph = apps.get_model("cases", "Paragraph")
    database = schema_editor.connection.alias
    rows = (
        Case.objects.using(database)
        .order_by("paragraph_id", "id")
        .values_list(
            "id",
            "paragraph_id",
            "source",
            "cable__reference_id",
            "paragraph__anchor",
            "paragraph__text",
        )
    )
    counts: dict[int, int] = {}
    batch = []
    for pk, paragraph_id, source, reference_id, anchor, text in rows.iterator(chunk_size=BATCH):
        counts[paragraph_id] = counts.get(paragraph_id, 0) + 1
        batch.append(
            Case(
                id=pk,
                key=f"{reference_id}-{anchor}-{counts[paragraph_id]}",
                span_start=0,
                span_end=len(text),
                excerpt=text,
                review="accepted" if source == "staff" else "auto",
            )
        )
        if len(batch) >= BATCH:
            Case.objects.using(database).bulk_update(
                batch, ["key", "span_start", "span_end", "excerpt", "review"]
            )
            batch = []
    Case.objects.using(database).bulk_update(
        batch, ["key", "span_start", "span_end", "excerpt", "review"]
    )
    for paragraph_id, count in counts.items():
        Paragraph.objects.using(database).filter(pk=paragraph_id).update(keys_given=count)

    # The history of each case takes its key and span (rows of deleted cases keep none).
    quote = schema_editor.connection.ops.quote_name
    history, case = quote("cases_historicalcase"), quote("cases_case")
    columns = ["key", "span_start", "span_end", "excerpt", "review"]
    assignments = ", ".join(
        f"{quote(column)} = (SELECT c.{quote(column)} FROM {case} c "
        f"WHERE c.{quote('id')} = {history}.{quote('id')})"
        for column in columns
    )
    schema_editor.execute(
        f"UPDATE {history} SET {assignments} "
        f"WHERE {quote('id')} IN (SELECT {quote('id')} FROM {case})"
    )


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


def restore_sqlite_triggers(apps, schema_editor):
    """SQLite alters a table by building a new one and dropping the old, triggers and all:
    the triggers of migration 0008 on the case table are made again (PostgreSQL keeps them)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in WATCHED:
        for event in ["INSERT", "UPDATE", "DELETE"]:
            schema_editor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_{event.lower()}_changed AFTER {event} "
                f"ON {table} BEGIN UPDATE cases_archivestate "
                "SET version = hex(randomblob(16)) WHERE id = 1; END"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_archive_state"),
    ]

    operations = [
        migrations.CreateModel(
            name="SuggestedCase",
            fields=[],
            options={
                "verbose_name": "suggested case",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("cases.case",),
        ),
        migrations.RemoveConstraint(
            model_name="case",
            name="case_one_extracted_per_paragraph",
        ),
        migrations.AddField(
            model_name="paragraph",
            name="keys_given",
            field=models.PositiveIntegerField(default=0),
        ),
        # Empty until the stored cases are keyed below; then unique and required.
        migrations.AddField(
            model_name="case",
            name="key",
            field=models.CharField(editable=False, max_length=80, null=True),
        ),
        migrations.AddField(
            model_name="case",
            name="review",
            field=models.CharField(
                choices=REVIEW_CHOICES, default="auto", editable=False, max_length=10
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="confidence",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="case",
            name="span_start",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="case",
            name="span_end",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="case",
            name="excerpt",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="case",
            name="tellings",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="case",
            name="life_sentence",
            field=models.BooleanField(default=False, help_text="Someone was sentenced to life."),
        ),
        migrations.AddField(
            model_name="case",
            name="occurred",
            field=models.CharField(
                blank=True,
                default="",
                help_text="When it happened: YYYY-MM-DD, YYYY-MM or YYYY.",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=80),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="review",
            field=models.CharField(
                choices=REVIEW_CHOICES, default="auto", editable=False, max_length=10
            ),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="confidence",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="span_start",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="span_end",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="excerpt",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="tellings",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="life_sentence",
            field=models.BooleanField(default=False, help_text="Someone was sentenced to life."),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="occurred",
            field=models.CharField(
                blank=True,
                default="",
                help_text="When it happened: YYYY-MM-DD, YYYY-MM or YYYY.",
                max_length=10,
            ),
        ),
        migrations.RunPython(key_stored_cases, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="case",
            name="key",
            field=models.CharField(editable=False, max_length=80, unique=True),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["review", "confidence"], name="case_review_idx"),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(("span_start__lte", models.F("span_end"))),
                name="case_span_in_order",
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("is_published", True), ("review__in", ["pending", "rejected"]), _negated=True
                ),
                name="case_suggestion_unpublished",
            ),
        ),
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop),
    ]
