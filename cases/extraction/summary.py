"""A one-line title for lists of cases, taken from the case's own first sentence."""

from __future__ import annotations

import re

from .text import sentences, unescape

MAX_SUMMARY_LENGTH = 110

# A date or place opening the sentence says nothing a list row does not already show.
_OPENING_DATE = re.compile(
    r"^(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?,?\s+",
    re.IGNORECASE,
)


def summary_of(text: str) -> str:
    """The first sentence of ``text`` (a case paragraph without its lead), shortened at a
    word boundary to fit one line."""
    flat = " ".join(unescape(text).split())
    if not flat:
        return ""
    first = sentences(flat)[0]
    first = _OPENING_DATE.sub("", first, count=1)
    first = first[:1].upper() + first[1:]
    first = first.rstrip(" .;:")
    if len(first) <= MAX_SUMMARY_LENGTH:
        return first
    cut = first.rfind(" ", 0, MAX_SUMMARY_LENGTH - 1)
    return first[: cut if cut > 40 else MAX_SUMMARY_LENGTH - 1].rstrip(" ,;:") + "…"
