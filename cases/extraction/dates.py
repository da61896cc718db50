"""Dates as case reports write them ("March 14", "Sept. 3"), resolved against the cable date."""

from __future__ import annotations

import re
from datetime import date

MONTH_NAMES = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_ABBREVIATIONS = {name[:3]: number for name, number in MONTH_NAMES.items()} | {"sept": 9}

# Full names first so that "March" is not read as "Mar" followed by "ch".
MONTH_PATTERN = (
    r"(?:" + "|".join(sorted([*MONTH_NAMES, *_ABBREVIATIONS], key=len, reverse=True)) + r")\.?"
)
MONTH_DAY = re.compile(rf"(?P<month>{MONTH_PATTERN})\s+(?P<day>\d{{1,2}})\b", re.IGNORECASE)


def month_number(name: str) -> int | None:
    key = name.lower().rstrip(".")
    return MONTH_NAMES.get(key) or _ABBREVIATIONS.get(key)


def resolve_month_day(month: int, day: int, cable_date: date | None) -> date | None:
    """The date a report of ``month``/``day`` means, seen from a cable sent on ``cable_date``.

    Reports precede the cable that summarises them, so the year is the cable's own unless
    that would put the report after the cable; then it is the year before.
    """
    if cable_date is None:
        return None
    for year in (cable_date.year, cable_date.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29 February outside a leap year
            continue
        if candidate <= cable_date:
            return candidate
    return None
