"""Whether a cable's values fit the columns they are written to, checked before writing.

PostgreSQL refuses a string longer than its column ("value too long for type character
varying(20)", naming neither the cable nor the column) where SQLite stores it whole, so
the same cable could fail on one database and pass on the other. Every value an import
would write is checked here against its model field first: a cable that does not fit
fails alone, on both databases, with a reason that names the cable, the field and the
value; and bulk mode leaves it out of its batch instead of having the batch fail.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from ..extraction import ExtractedCase
from ..models import Cable, Case, Outlet, Paragraph, Place, Tag, case_key
from ..parsing import ParsedCable

# How much of a value a reason quotes: enough to find it in the cable.
_QUOTED = 120


class ColumnError(ValueError):
    """A value that its column cannot hold; the message names cable, field and value."""


def _integer_range(field: models.Field) -> tuple[int | None, int | None]:
    # The common ranges (PostgreSQL's), also where SQLite would take any integer.
    return BaseDatabaseOperations.integer_field_ranges.get(field.get_internal_type(), (None, None))


@cache
def _columns(model: type[models.Model]) -> dict[str, tuple[str, int | None, tuple | None]]:
    """Each concrete field of ``model`` by attribute name and by name: its label, its
    length limit and, for an integer column, its range. (Worked out once per model: a
    cable's check asks for them about a hundred times.)"""
    columns = {}
    for field in model._meta.concrete_fields:
        limit = getattr(field, "max_length", None)
        integers = _integer_range(field) if isinstance(field, models.IntegerField) else None
        column = (f"{model.__name__}.{field.name}", limit, integers)
        columns[field.attname] = columns[field.name] = column
    return columns


def check_values(model: type[models.Model], values: dict, where: str) -> None:
    """Raise ColumnError for the first value of ``values`` (keyed by attribute name) that
    its column in ``model`` cannot hold. ``where`` names the cable (and the row)."""
    columns = _columns(model)
    for name, value in values.items():
        label, limit, integers = columns[name]
        if isinstance(value, str):
            if limit is not None and len(value) > limit:
                raise ColumnError(
                    f"{where}: {label} is {len(value)} characters long, its column holds "
                    f"{limit}: {value[:_QUOTED]!r}"
                )
            if "\x00" in value:  # PostgreSQL's text types cannot hold a NUL character
                raise ColumnError(f"{where}: {label} holds a NUL character: {value[:_QUOTED]!r}")
        elif isinstance(value, int) and not isinstance(value, bool) and integers is not None:
            low, high = integers
            if (low is not None and value < low) or (high is not None and value > high):
                raise ColumnError(
                    f"{where}: {label} is {value}, outside its column's {low} to {high}"
                )


def check_cable(
    parsed: ParsedCable,
    cable: dict,
    tags: Iterable[tuple[str, dict]],
    paragraphs: Iterable[dict],
    extracted: Iterable[tuple[ExtractedCase, dict, str]],
) -> None:
    """Check every row an import of ``parsed`` writes: its cable's fields, its tags (code
    and meaning), its paragraphs, and each case with its key, outlet and places.

    ``extracted`` gives each case with its field values and its paragraph's anchor.
    """
    reference_id = parsed.reference_id
    check_values(Cable, {"reference_id": reference_id, **cable}, reference_id)
    for code, meaning in tags:
        check_values(Tag, {"code": code, **meaning}, f"{reference_id} tag {code[:20]!r}")
    anchors = {}
    for values in paragraphs:
        where = f"{reference_id} paragraph {values.get('anchor') or values.get('ordinal')}"
        check_values(Paragraph, values, where)
        anchors[values.get("ordinal")] = values.get("anchor", "")
    for found, values, anchor in extracted:
        where = f"{reference_id} case in {anchor}"
        key = case_key(reference_id, anchor, 1)
        check_values(Case, {"key": key, **values}, where)
        if found.outlet is not None:
            check_values(Outlet, {"slug": found.outlet.slug, "name": found.outlet.name}, where)
        for place in found.fields.places:
            check_values(Place, {"key": place.key, "name": place.name}, where)
