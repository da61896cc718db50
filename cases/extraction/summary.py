"""A case's summary: its own first sentence, whole (titles are made from its fields, see
``cases.labels.case_title``)."""

from __future__ import annotations

import re

from .text import sentences, unescape

# A first sentence longer than this (a run-on list, a page of text the sentence splitter
# could not cut) is cut at its last clause that fits, never mid-word.
MAX_SUMMARY_LENGTH = 600

# A date or place opening the sentence says nothing a list row does not already show.
_OPENING_DATE = re.compile(
    r"^(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?,?\s+",
    re.IGNORECASE,
)


def summary_of(text: str) -> str:
    """The first sentence of ``text`` (a case paragraph without its lead), whole, without
    an opening date, ending with its full stop."""
    flat = " ".join(unescape(text).split())
    if not flat:
        return ""
    first = sentences(flat)[0]
    first = _OPENING_DATE.sub("", first, count=1)
    first = first[:1].upper() + first[1:]
    first = first.rstrip(" ;:,")
    if len(first) > MAX_SUMMARY_LENGTH:
        cut = max(first.rfind(mark, 0, MAX_SUMMARY_LENGTH) for mark in (", ", "; ", " "))
        first = first[: cut if cut > 40 else MAX_SUMMARY_LENGTH].rstrip(" ,;:") + "…"
    elif first[-1:] not in ".!?\"'”’)":
        first += "."
    return first
