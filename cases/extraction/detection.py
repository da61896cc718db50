"""Recognising a paragraph that reports a case, and reading its lead.

Case paragraphs open with a lead that dates the report and often names the outlet:

- "Month Day, Outlet: ..." (08ASTANA1246); some cables end it with a full stop instead of a
  colon ("May 22, Akmolinskaya Pravda. A student ...") or a dash;
- "Outlet, Month Day: ...";
- "(Month Day) ..." or "(Outlet, Month Day) ...";
- "On Month Day, ..." (with no outlet).

A lead that names an outlet marks a media report (``cases._media_leads`` decides whether it
is a case). A bare date opens all kinds of prose ("On March 14, the Ambassador met ..."):
such a paragraph is read as prose (``prose.find_incidents``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import MONTH_PATTERN, month_number, resolve_month_day

# Small words allowed inside an outlet name ("Argumenty i Fakty", "Voice of America").
_NAME_JOINERS = {"&", "i", "of", "and", "the", "de", "la", "na", "v", "-"}
_MAX_OUTLET_WORDS = 7
# Words that open a clause, not an outlet's name ("In Almaty, May 5: ...").
_CLAUSE_OPENERS = {"in", "on", "at", "by", "from", "during", "since", "after", "before", "as"}

_END_OF_LEAD = r"(?::\s*|\.\s+(?=[A-Z0-9\"'“(])|\s+[-–—]\s+)"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*(?P<year>(?:19|20)\d{2}))?"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"

_DATE_OUTLET = re.compile(
    rf"^(?P<month>{MONTH_PATTERN})\s+{_DAY}(?:,\s*(?P<year>(?:19|20)\d{{2}}))?\s*,\s*"
    r"(?P<outlet>[^:\n]{2,80}?)"
    rf"{_END_OF_LEAD}"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_OUTLET_DATE = re.compile(
    r"^(?P<outlet>[^,:;()\n]{2,60}?),\s*"
    rf"(?P<month>{MONTH_PATTERN})\s+{_DAY}{_YEAR}\s*{_END_OF_LEAD}"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_PARENTHESIS = re.compile(
    r"^\(\s*(?:(?P<outlet>[^,()\n]{2,60}?)\s*,\s*)?"
    rf"(?P<month>{MONTH_PATTERN})\s+{_DAY}{_YEAR}"
    r"(?:\s*,\s*(?P<outlet_after>[^()\n]{2,60}?))?\s*\)\s*(?:[:.]\s*|[-–—]\s+)?"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ON_DATE = re.compile(
    rf"^On\s+{_WEEKDAY}(?P<month>{MONTH_PATTERN})\s+{_DAY}{_YEAR},?\s+(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Lead:
    """What the opening of a case paragraph says: when, and which outlet reported it."""

    month: int
    day: int
    outlet: str | None  # None for a bare date ("On March 14, ...")
    text: str  # the paragraph after its lead
    year: int | None = None  # when the lead gives it ("On March 14, 2008, ...")

    def reported_on(self, cable_date: date | None) -> date | None:
        """The date of the report; without a year in the lead, the year is the cable's."""
        if self.year is not None:
            try:
                return date(self.year, self.month, self.day)
            except ValueError:
                return None
        return resolve_month_day(self.month, self.day, cable_date)


def looks_like_outlet(name: str) -> bool:
    """True for a name such as "Interfax" or "Argumenti & Facti (AiF)", not a clause."""
    words = name.split()
    if not words or len(words) > _MAX_OUTLET_WORDS or not name[0].isupper():
        return False
    for word in words:
        bare = word.strip("()\"'“”")
        if not bare:
            return False
        if bare.lower() in _NAME_JOINERS:
            continue
        if not (bare[0].isupper() or bare[0].isdigit()):
            return False
    return True


def _lead(match: re.Match[str], outlet: str | None) -> Lead | None:
    month = month_number(match["month"])
    day = int(match["day"])
    if month is None or not 1 <= day <= 31:
        return None
    year = int(match["year"]) if match["year"] else None
    return Lead(month=month, day=day, outlet=outlet, text=match["rest"].strip(), year=year)


def read_lead(text: str) -> Lead | None:
    """The lead of a case paragraph, or None when the paragraph does not open with one."""
    text = text.strip()
    if match := _DATE_OUTLET.match(text):
        outlet = match["outlet"].strip()
        if looks_like_outlet(outlet):
            return _lead(match, outlet)
    if match := _OUTLET_DATE.match(text):
        outlet = match["outlet"].strip()
        if looks_like_outlet(outlet) and outlet.split()[0].lower() not in _CLAUSE_OPENERS:
            return _lead(match, outlet)
    if match := _PARENTHESIS.match(text):
        outlet = (match["outlet"] or match["outlet_after"] or "").strip() or None
        if outlet is None or looks_like_outlet(outlet):
            return _lead(match, outlet)
    if match := _ON_DATE.match(text):
        return _lead(match, None)
    return None
