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


_DATE_PARTS = re.compile(
    rf"\b(?P<month>{MONTH_PATTERN})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d{{2}})\b)?"
    rf"|\b(?P<month_only>{MONTH_PATTERN})(?:\s+of)?(?:,?\s+(?P<month_year>(?:19|20)\d{{2}})\b)?"
    r"|\b(?:in|during|since|by|until|from|early|late|mid-?)\s+(?:early\s+|late\s+|mid-?)?"
    r"(?P<year_only>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
# A month is a month when it is written as one: "May" opening a clause may be the verb.
_NOT_A_MONTH = re.compile(r"^(?:may|march)$")


def occurred(text: str, cable_date: date | None) -> str:
    """The date of the events of ``text``, as far as the first date it gives says:
    "2006-02-14", "2006-02" or "2006"; "" when it gives none. A month without a year is
    the last such month before the cable."""
    for match in _DATE_PARTS.finditer(text):
        if match["year_only"]:
            return match["year_only"]
        name = match["month"] or match["month_only"]
        if not name[0].isupper():
            continue
        month = month_number(name)
        if month is None:
            continue
        if match["month"]:
            day = int(match["day"])
            if match["year"]:
                try:
                    return date(int(match["year"]), month, day).isoformat()
                except ValueError:
                    continue
            resolved = resolve_month_day(month, day, cable_date)
            if resolved is not None:
                return resolved.isoformat()
            continue
        if match["month_year"]:
            return f"{match['month_year']}-{month:02d}"
        if _NOT_A_MONTH.match(name.lower()) and not _preceded_by_time_word(text, match.start()):
            continue
        if cable_date is None:
            continue
        year = cable_date.year if month <= cable_date.month else cable_date.year - 1
        return f"{year}-{month:02d}"
    return ""


def _preceded_by_time_word(text: str, position: int) -> bool:
    return bool(
        re.search(
            r"\b(?:in|since|during|by|until|from|early|late|mid-?)\s*$", text[:position], re.I
        )
    )
