"""One history entry per change of a case, its countries and places included.

django-simple-history writes an entry on every save of a case and one more on every change
of a many-to-many field. Left alone, one correction in the admin would leave two or three
entries, the first holding the new fields with the old countries: a state that never
existed, and a bad one to revert to. Between ``pause`` and ``record`` nothing is written;
``record`` then writes one entry with the case as it is.
"""

from __future__ import annotations

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
