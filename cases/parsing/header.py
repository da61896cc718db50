"""The routing header, the classification line and the labelled fields at the top of a body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .types import Recipient
from .vocabulary import CAVEATS, CLASSIFICATIONS, MONTHS, PRECEDENCE_CODES, precedence_word

# "P 110334Z JUL 08", "P R 041820Z JAN 10", "110334z Jul 2008" (no precedence).
DTG = re.compile(
    r"^\s*(?:(?P<precedence>[ZOPRM](?:\s*[ZOPRM])?)\s+)?"
    r"(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2})\s?[Zz]\s+"
    r"(?P<month>[A-Za-z]{3})\s+(?P<year>\d{2}|\d{4})\s*$"
)
_RECIPIENT = re.compile(r"^(?:(?P<routing>[A-Z0-9]{4,12})/)?(?P<rest>.+)$")
_SERIAL = re.compile(r"\s+(?P<serial>\d{1,5})$")
_SECTION = re.compile(r"\bSECTION\s+(?P<part>\d+)\s+OF\s+(?P<total>\d+)\b")
# Station and serial closing a classification line: "ASTANA 001246", "USUN NEW YORK 000123".
_STATION_SERIAL = re.compile(r"(?P<station>[A-Z][A-Z .'-]*?)\s+(?P<serial>\d{3,7})\b")


def two_digit_year(year: str) -> int:
    value = int(year)
    if len(year) == 4:
        return value
    return 2000 + value if value < 50 else 1900 + value


@dataclass
class DateTimeGroup:
    sent_at: datetime
    precedence: str


def parse_dtg(line: str) -> DateTimeGroup | None:
    """Read a date-time group line; None when the line is not one or names no real date."""
    match = DTG.match(line)
    if not match or match["month"].upper() not in MONTHS:
        return None
    try:
        sent_at = datetime(
            two_digit_year(match["year"]),
            MONTHS[match["month"].upper()],
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            tzinfo=UTC,
        )
    except ValueError:
        return None
    prosigns = (match["precedence"] or "").replace(" ", "")
    return DateTimeGroup(sent_at, PRECEDENCE_CODES.get(prosigns[:1], ""))


def parse_recipient(line: str) -> Recipient:
    """``RUEHC/SECSTATE WASHDC PRIORITY 2739`` -> name, routing code, precedence, serial."""
    match = _RECIPIENT.match(line.strip())
    assert match is not None  # the pattern accepts any non-empty line
    rest = match["rest"].strip()
    serial = ""
    if serial_match := _SERIAL.search(rest):
        serial = serial_match["serial"]
        rest = rest[: serial_match.start()]
    words = rest.split()
    precedence: list[str] = []
    while len(words) > 1 and (word := precedence_word(words[-1])):
        precedence.insert(0, word)
        words.pop()
    return Recipient(
        name=" ".join(words),
        routing=match["routing"] or "",
        precedence=" ".join(precedence),
        serial=serial,
    )


@dataclass
class Routing:
    """What the routing header (the lines above the classification line) says."""

    dtg: DateTimeGroup | None = None
    origin: str = ""
    to: list[Recipient] = field(default_factory=list)
    info: list[Recipient] = field(default_factory=list)


_ROUTING_LABEL = re.compile(r"^(?P<label>FM|TO|INFO|BT|ZEN|XMT)\b\s*(?P<rest>.*)$")


def parse_routing(lines: list[str]) -> Routing:
    routing = Routing()
    current: list[Recipient] | None = None
    for raw in lines:
        line = raw.strip()
        if not line:
            current = None
            continue
        if routing.dtg is None and (dtg := parse_dtg(line)):
            routing.dtg = dtg
            continue
        label = _ROUTING_LABEL.match(line)
        if label and label["label"] == "FM":
            routing.origin = " ".join(label["rest"].split())
            current = None
        elif label and label["label"] in {"TO", "INFO"}:
            current = routing.to if label["label"] == "TO" else routing.info
            if label["rest"]:
                current.append(parse_recipient(label["rest"]))
        elif label:
            current = None
        elif current is not None:
            current.append(parse_recipient(line))
    return routing


@dataclass
class ClassificationLine:
    classification: str
    caveats: list[str]
    station: str = ""
    serial: str = ""
    section: int = 0
    sections: int = 0


def match_classification(line: str) -> tuple[str, str] | None:
    """(classification, rest of line) when the line opens with a classification word."""
    stripped = line.strip()
    for pattern, name in CLASSIFICATIONS:
        if match := pattern.match(stripped):
            return name, stripped[match.end() :]
    return None


def parse_classification_line(line: str) -> ClassificationLine | None:
    """``UNCLAS SECTION 01 OF 03 ASTANA 001246`` and its variants."""
    found = match_classification(line)
    if found is None:
        return None
    classification, rest = found
    rest = rest.lstrip("/ ")
    caveats = [word for word in re.split(r"[\s/]+", rest) if word in CAVEATS]
    result = ClassificationLine(classification, caveats)
    if section := _SECTION.search(rest):
        result.section, result.sections = int(section["part"]), int(section["total"])
        rest = rest[section.end() :]
    if station := _STATION_SERIAL.search(rest):
        result.station = station["station"].strip()
        result.serial = str(int(station["serial"]))
    return result


@dataclass
class HeaderFields:
    """The labelled fields between the classification line and the first paragraph."""

    caveats: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    subject: str = ""
    references: list[str] = field(default_factory=list)
    eo_line: str = ""
    classified_by: str = ""


_FIELD_LABELS = [
    ("tags", re.compile(r"^TAGS?\b\s*:?\s*", re.IGNORECASE)),
    ("subject", re.compile(r"^SUBJ(?:ECT)?\s*[:.]\s*", re.IGNORECASE)),
    ("references", re.compile(r"^REF(?:S|ERENCES?)?\s*:\s*", re.IGNORECASE)),
    ("eo_line", re.compile(r"^E\.?\s?O\.?\s*1\d{4}\b", re.IGNORECASE)),
    ("classified_by", re.compile(r"^CLASSIFIED\s+BY\b\s*:?\s*", re.IGNORECASE)),
    # Passing instructions ("STATE FOR INL/AEE, G/TIP"): read and not kept as a field.
    ("passing", re.compile(r"^(?:DEPT|STATE|DEPARTMENT|PASS)\b.*\bFOR\b|^FOR\s", re.IGNORECASE)),
]
_CAVEAT_LINE = re.compile(r"^(?:(?:%s)\b[\s,]*)+$" % "|".join(CAVEATS))
PARAGRAPH_START = re.compile(r"^\s*(?:¶\s*)?(?P<number>\d{1,3})\s*\.(?:\s+|$)")


def _field_label(line: str) -> tuple[str, str] | None:
    for name, pattern in _FIELD_LABELS:
        if match := pattern.match(line):
            value = line[match.end() :] if name != "eo_line" else line
            return name, value.strip()
    return None


def _split_tags(value: str) -> list[str]:
    tags: list[str] = []
    for token in re.split(r"[\s,;]+", value.upper()):
        token = token.strip(".:")
        if token and token not in tags:
            tags.append(token)
    return tags


def parse_header_fields(lines: list[str]) -> tuple[HeaderFields, int]:
    """Read labelled header fields from the top of the body.

    Returns the fields and the index of the first line that belongs to the text proper.
    A field's value continues on following lines until a blank line or another label.
    """
    fields = HeaderFields()
    values: dict[str, list[str]] = {}
    current: str | None = None
    index = 0
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            current = None
            continue
        if _CAVEAT_LINE.match(line):
            fields.caveats.extend(word for word in line.replace(",", " ").split())
            current = None
            continue
        labelled = _field_label(line)
        if labelled:
            current, value = labelled
            # Only the first SUBJECT counts: some cables repeat the line (09BAKU478).
            if current == "subject" and "subject" in values:
                current = "ignored"
            values.setdefault(current, []).append(value)
            continue
        if current is not None and not PARAGRAPH_START.match(line):
            values[current].append(line)
            continue
        break
    else:
        index = len(lines)

    fields.tags = _split_tags(" ".join(values.get("tags", [])))
    fields.subject = " ".join(" ".join(values.get("subject", [])).split())
    fields.references = [" ".join(v.split()) for v in values.get("references", []) if v]
    fields.eo_line = " ".join(" ".join(values.get("eo_line", [])).split())
    fields.classified_by = " ".join(" ".join(values.get("classified_by", [])).split())
    return fields, index
