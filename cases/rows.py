"""Many rows at once, past the ORM: COPY on PostgreSQL, one executemany on SQLite.

For the places where Django's per-object work costs more than the database's: the bulk
importer's cables, tags and paragraphs (ten or more per cable) and the benchmark
generator's million cases. Rows are dicts keyed by field attribute names (``cable_id``,
not ``cable``); fields a row leaves out take the model's default, and the primary key,
when rows leave it out, is the database's to give (``reserve_ids`` takes keys first when
the caller needs them). Nothing here sends signals or writes history.

``among`` is the reading side of the same concern: a filter on many ids at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection as default_connection
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import RawSQL


def write_rows(
    connection: BaseDatabaseWrapper, model: type[models.Model], rows: list[dict]
) -> None:
    """Insert ``rows`` into ``model``'s table through ``connection``."""
    if not rows:
        return
    first = rows[0]
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and field.attname not in first)
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    names = [field.attname for field in fields]
    prepare = [_preparer(connection, field) for field in fields]
    defaults = [_default(connection, model, field, first) for field in fields]
    values: Iterable[tuple] = (
        tuple(
            convert(row[name]) if name in row else default
            for name, default, convert in zip(names, defaults, prepare, strict=True)
        )
        for row in rows
    )
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
    else:
        marks = ", ".join("?" * len(fields))
        connection.connection.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", values
        )


def reserve_ids(
    connection: BaseDatabaseWrapper, model: type[models.Model], count: int
) -> list[int]:
    """``count`` new primary keys for ``model``, for rows written with ``write_rows``.

    PostgreSQL hands them out from the table's sequence, as an insert would. On SQLite they
    follow the highest key ever given (AUTOINCREMENT's ``sqlite_sequence``), which the
    insert then advances; call it inside the transaction that writes the rows, so that no
    other writer can take the same keys (SQLite would refuse that transaction instead).
    """
    if count <= 0:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"coalesce((SELECT max({connection.ops.quote_name(column)}) "
            f"FROM {connection.ops.quote_name(table)}), 0))",
            [table],
        )
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def _default(connection: BaseDatabaseWrapper, model, field, example: dict) -> Any:
    """The value of a field that rows leave out (all rows leave out the same fields)."""
    if field.attname in example:
        return None
    if field.has_default():
        return _preparer(connection, field)(field.get_default())
    if field.null:
        return None
    raise ValueError(f"no value for {model.__name__}.{field.name}")


def _same(value: Any) -> Any:
    return value


def _preparer(connection: BaseDatabaseWrapper, field) -> Callable[[Any], Any]:
    """Python value -> what the database driver takes for this field."""
    ops = connection.ops
    if isinstance(field, models.JSONField):
        return json.dumps
    if connection.vendor != "sqlite":
        return _same
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: None if value is None else str(value)
    return _same


def among(model: type[models.Model], field: str, ids: list[int]) -> models.Q | RawSQL:
    """A filter for ``field IN ids``; on PostgreSQL as one array parameter, which costs no
    more for fifty thousand ids than for five (Django prepares each value of an IN list on
    its own: 180 ms for 48,000)."""
    if default_connection.vendor != "postgresql":
        return models.Q(**{f"{field}__in": ids})
    quote = default_connection.ops.quote_name
    column = f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(field).column)}"
    return RawSQL(f"{column} = ANY(%s)", (ids,), output_field=models.BooleanField())
