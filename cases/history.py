"""One history entry per change of a case, its countries and places included.

django-simple-history writes an entry on every save of a case and one more on every change
of a many-to-many field. Left alone, one correction in the admin would leave two or three
entries, the first holding the new fields with the old countries: a state that never
existed, and a bad one to revert to. Between ``pause`` and ``record`` nothing is written;
``record`` then writes one entry with the case as it is.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from .models import CASE_HISTORY, Case

CREATED, CHANGED = "+", "~"


def pause(case: Case) -> None:
    """Write no history for saves of this case object, or changes of its M2M fields."""
    case.skip_history_when_saving = True


def record(case: Case, *, created: bool = False, user=None, reason: str = "") -> None:
    """Write one history entry for ``case`` as stored now, and end a ``pause``.

    ``user`` is who made the change (None for the importer); ``reason`` says why, when a
    field-by-field comparison would not ("Unpublished", "Reverted to ...").
    """
    if hasattr(case, "skip_history_when_saving"):
        del case.skip_history_when_saving
    case._history_user = user
    case._change_reason = reason or None
    try:
        CASE_HISTORY.create_historical_record(case, CREATED if created else CHANGED)
    finally:
        del case._history_user, case._change_reason


def record_created(cases: list[Case], links: dict[str, list[models.Model]]) -> None:
    """Write the "created" entry of many new cases at once, as ``record`` would one by one.

    ``links`` holds the rows of each many-to-many field (``countries``, ``places``) that
    the cases were given, saved. A few statements for all the cases: bulk import writes
    thousands at a time.
    """
    entries = Case.history.bulk_history_create(
        cases, default_date=timezone.now(), default_change_reason=None
    )
    by_case = {entry.id: entry for entry in entries}
    for name, rows in links.items():
        field = Case._meta.get_field(name)
        model = CASE_HISTORY.m2m_models[field]
        columns = [column.attname for column in field.remote_field.through._meta.fields]
        model.objects.bulk_create(
            model(
                history=by_case[row.case_id], **{column: getattr(row, column) for column in columns}
            )
            for row in rows
        )


def ensure_baseline(case_id: int) -> None:
    """Record the stored state of a case that has no history yet.

    Cases written before history was kept (or by bulk writes, which skip it) would
    otherwise show their first recorded change with nothing to compare it to.
    """
    if Case.history.filter(id=case_id).exists():
        return
    stored = Case.objects.filter(pk=case_id).first()
    if stored is not None:
        record(stored, reason="State before the first recorded change")


def save(case: Case, *, user=None, reason: str = "", update_fields=None) -> None:
    """Save ``case`` with one history entry for it."""
    pause(case)
    case.save(update_fields=update_fields)
    record(case, user=user, reason=reason)
