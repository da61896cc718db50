"""Recognising a paragraph that reports a case, and reading its lead.

The lead is the opening "Month Day, Outlet:" of a media-report summary; some cables end
it with a full stop instead of a colon ("May 22, Akmolinskaya Pravda. A student ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import MONTH_PATTERN, month_number

# Small words allowed inside an outlet name ("Argumenty i Fakty", "Voice of America").
_NAME_JOINERS = {"&", "i", "of", "and", "the", "de", "la", "na", "v", "-"}
_MAX_OUTLET_WORDS = 7

_DATE_OUTLET = re.compile(
    rf"^(?P<month>{MONTH_PATTERN})\s+(?P<day>\d{{1,2}})\s*,\s*"
    r"(?P<outlet>[^:\n]{2,80}?)"
    r"(?::\s*|\.\s+(?=[A-Z0-9\"'“(])|\s+[-–—]\s+)"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Lead:
    """What the opening of a case paragraph says: when, and which outlet reported it."""

    month: int
    day: int
    outlet: str
    text: str


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


def read_lead(text: str) -> Lead | None:
    """The lead of a case paragraph, or None when the paragraph does not open with one."""
    match = _DATE_OUTLET.match(text.strip())
    if not match:
        return None
    outlet = match["outlet"].strip()
    month = month_number(match["month"])
    day = int(match["day"])
    if month is None or not 1 <= day <= 31 or not looks_like_outlet(outlet):
        return None
    return Lead(month=month, day=day, outlet=outlet, text=match["rest"].strip())
