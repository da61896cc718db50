"""Page markers of printed cables, wherever they fall.

Two styles: "ASTANA 00001246 002.2 OF 003" (station, serial padded to eight digits, page
of pages) in cables of the 2000s, and the teletype "PAGE 02 VATICA 01261 061419Z" or
"PAGE 02 ROME 03639 01 OF 03 231626Z" in older ones. Markers usually stand on their own
line, but copies that join lines leave them inside sentences ("proliferation BEIJING
00002305 002 OF 003 regulations", 05MUSCAT679) and at the end of the SUBJECT line
(08TRIPOLI248).
"""

from __future__ import annotations

import re
from functools import lru_cache

_STATION_WORDS = r"[A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*){0,3}"
_NUMBERED = r"\d{8}\s+(?P<page>\d{3})(?:\.\d+)?\s+OF\s+(?P<pages>\d{3})\b"
_TELETYPE = (
    r"PAGE\s+(?P<old_page>\d{2,3})\s+[A-Z][A-Z]*\s+\d{4,6}\s+"
    r"(?:\d{2}\s+OF\s+(?P<old_pages>\d{2})\s+)?\d{6}Z\b"
)
# A marker line: nothing else on it. Partial extracts lower-case it ("Shanghai 00000160
# 003 of 006", 09SHANGHAI160).
PAGE_MARKER = re.compile(rf"^\s*(?:{_STATION_WORDS}\s+{_NUMBERED}|{_TELETYPE})\s*$", re.I)
# A teletype marker at the start of a line whose text goes on after it.
LEADING_TELETYPE = re.compile(rf"^\s*{_TELETYPE}\s*")
# A numbered marker inside a line. Only the station's last word is taken with it, since
# text before a marker can be in capitals too; "NEW DELHI 00009761 ..." leaves "NEW".
_INLINE_NUMBERED = re.compile(rf"\s*\b[A-Z][A-Z.'-]*\s+{_NUMBERED}\s*", re.I)


def is_page_marker(line: str) -> bool:
    return bool(PAGE_MARKER.match(line))


def page_total(line: str) -> int:
    """The page total a marker line prints, 0 when the line is no marker."""
    match = PAGE_MARKER.match(line)
    if not match:
        return 0
    return int(match["pages"] or match["old_pages"] or 0)


# Every marker has a number of four digits or more; most lines have none and are skipped.
_MARKER_NUMBER = re.compile(r"\d{4}")


@lru_cache(maxsize=256)
def _station_marker(station: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(word) for word in station.split())
    return re.compile(rf"\s*\b{words}\s+{_NUMBERED}\s*", re.I)


def strip_page_markers(line: str, station: str = "") -> str:
    """The line without any page marker inside it.

    ``station`` (from the classification line) lets a marker inside a line be removed with
    all its station words ("NEW DELHI 00009761 002 OF 002").
    """
    if not _MARKER_NUMBER.search(line):
        return line
    original = line
    line = LEADING_TELETYPE.sub("", line)
    if station:
        line = _station_marker(station).sub(" ", line)
    line = _INLINE_NUMBERED.sub(" ", line)
    return original if line == original else line.strip()
