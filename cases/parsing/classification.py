"""The classification line ("UNCLAS SECTION 01 OF 03 ASTANA 001246") and the full marking."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .vocabulary import CAVEATS, CLASSIFICATIONS, UNCLASSIFIED_SENSITIVE

_SECTION = re.compile(r"\bSECTION\s+(?P<part>\d+)\s+OF\s+(?P<total>\d+)\b", re.I)
# Station and serial: "ASTANA 001246", "USUN NEW YORK 000123", glued caveats after the
# serial allowed ("ISLAMABAD 022025SIPDIS", 06ISLAMABAD22025).
_STATION_SERIAL = re.compile(r"(?P<station>[A-Z][A-Z .'-]*?)\s+(?P<serial>\d{3,7})(?!\d)", re.I)
# Words between the classification and the station that are not the station: caveats and
# "E F T O" (encrypted for transmission only) in older cables.
_CAVEAT_WORDS = "|".join(CAVEATS)
_NOT_STATION = re.compile(rf"^(?:(?:{_CAVEAT_WORDS}|EFTO|E F T O)\s+)+", re.I)
_REDACTED = re.compile(r"^X{4,}$")
_LEADING_CAVEAT = re.compile(rf"^({_CAVEAT_WORDS})\b[/ ]*", re.I)
_ONLY_CAVEATS = re.compile(rf"^(?:(?:{_CAVEAT_WORDS})\b[\s/,]*)+$", re.I)


@dataclass
class ClassificationLine:
    level: str
    caveats: list[str] = field(default_factory=list)
    station: str = ""
    serial: str = ""
    section: int = 0
    sections: int = 0
    rest: str = ""  # text glued after the station and serial, to be read as header lines

    @property
    def names_cable(self) -> bool:
        return bool(self.station and self.serial)


def match_classification(line: str) -> tuple[str, str] | None:
    """(classification, rest of line) when the line opens with a classification word."""
    stripped = line.strip()
    for pattern, name in CLASSIFICATIONS:
        if match := pattern.match(stripped):
            return name, stripped[match.end() :]
    return None


def parse_classification_line(line: str) -> ClassificationLine | None:
    """``UNCLAS SECTION 01 OF 03 ASTANA 001246`` and its variants, or None.

    A line that opens with a classification word but goes on as prose ("Secret talks
    began ...") is not a classification line.
    """
    found = match_classification(line)
    if found is None:
        return None
    level, rest = found
    # Partial extracts lower-case the line ("S e c r e t section 01 of 02 kinshasa 000189"),
    # so words are matched in any case; the rest keeps its case for the header fields.
    rest = rest.strip()
    result = ClassificationLine(level)
    if rest.startswith("/"):
        rest = rest.lstrip("/ ")
        while caveat := _LEADING_CAVEAT.match(rest):
            result.caveats.append(caveat[1].upper())
            rest = rest[caveat.end() :]
    if section := _SECTION.search(rest):
        result.section, result.sections = int(section["part"]), int(section["total"])
        rest = (rest[: section.start()] + " " + rest[section.end() :]).strip()
    if not_station := _NOT_STATION.match(rest):
        # "UNCLAS SENSITIVE SECTION 01 OF 02 ...": caveats before the station.
        words = not_station.group(0).upper().split()
        result.caveats.extend(word for word in words if word in CAVEATS)
        rest = rest[not_station.end() :]
    rest = rest.strip(" /")
    if station := _STATION_SERIAL.match(rest):
        name = " ".join(station["station"].upper().split())
        result.station = "" if _REDACTED.match(name.replace(" ", "")) else name
        result.serial = str(int(station["serial"]))
        rest = rest[station.end() :].strip()
    elif rest and not _ONLY_CAVEATS.match(rest):
        return None
    result.rest = rest
    return result


def marking(level: str, caveats: list[str]) -> str:
    """The full classification as WikiLeaks writes it: ``SECRET//NOFORN``.

    NOFORN is added to classified cables; an unclassified cable marked SENSITIVE is
    ``UNCLASSIFIED//FOR OFFICIAL USE ONLY``. Other caveats (SIPDIS ...) are not part of it.
    """
    if level == "UNCLASSIFIED" and "SENSITIVE" in caveats:
        return UNCLASSIFIED_SENSITIVE
    if level in {"CONFIDENTIAL", "SECRET", "TOP SECRET"} and "NOFORN" in caveats:
        return f"{level}//NOFORN"
    return level
