"""What copies of cables carry above or around the cable's own text, and what it says.

Cables rarely arrive as sent. WikiLeaks' partial extracts open with a notice; some pages
paste a raw database record of the cable (its id, date, reference id, origin and
classification) before or inside the text, in one of several dump layouts; media-partner
transcriptions open with a dateline. These are read here, then removed, so that what is
left is the cable itself. None of this is keyed to a particular cable: each layout is a
format that recurs across the corpus.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from .vocabulary import MONTHS

PARTIAL_NOTICE = re.compile(
    r"^\s*This record is a partial extract of the original cable\.(?: The full text of the "
    r"original cable is not available\.)?\s*$",
    re.I,
)
REFERENCE_ID = re.compile(r"^\d{2}[A-Z][A-Z-]*[A-Z]\d{1,6}$")
_REFERENCE_LIST = re.compile(r"^(?:\d{2}[A-Z][A-Z-]*[A-Z]\d{1,6}[\s|,;]*)+$")
# Database timestamps: "2006-03-09 22:28:00", "2000-06-07", "2/22/2008 14:46".
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::\d{2})?)?$")
_RECORD_CLASSIFICATION = re.compile(
    r"^(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|TOP SECRET|LIMITED OFFICIAL USE)(?://[A-Z ]+)*$"
)
_RECORD_ID = re.compile(r"^<*\d{1,7}>*$")
# "Embassy Bern", "US Mission Geneva", "Secretary of State": a readable post name.
_ORIGIN = re.compile(r"^[A-Z][A-Za-z.'-]*(?:,? [A-Za-z.'-]+){0,6}$")
# Labelled dump records: "refid: 04BOGOTA2313", "Key: \t08AMMAN872", "Class: SECRET".
_KEYED = re.compile(
    r"^(?P<key>id|date|refid|key|origin|classification|class|destination|header)\s*:\s*"
    r"(?P<value>.*)$",
    re.I,
)
_HEADER_ENDS = re.compile(r"^-+\s*header ends\s*-+$", re.I)
_CABLE_DATED = re.compile(r"^\s*Cable dated:\s*(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::\d{2})?")
# A media-partner dateline: "Wednesday, 24 November 2004, 16:43" (04DUBLIN1719).
_DATELINE = re.compile(
    r"^\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+(\d{1,2})\s+([A-Za-z]+)\s+(\d{4}),"
    r"\s+(\d{1,2}):(\d{2})\s*$"
)
# A cables.csv row pasted as text: id, M/D/YYYY H:MM, refid, "origin", classification, ...
_CSV_ROW = re.compile(r"^\d+,\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2},\d{2}[A-Z]")

# Records stand above the cable text; past this many lines a match would be cable text.
_SEARCH_LINES = 150


@dataclass
class TextRecord:
    """What the notices and records around a cable's text say about it."""

    partial: bool = False
    reference_id: str = ""
    created: datetime | None = None
    created_precision: str = ""  # "minute" or "day"
    origin_name: str = ""
    classification: str = ""
    dateline: datetime | None = None


def parse_record_date(value: str) -> tuple[datetime, str] | None:
    """A database timestamp and whether it gives the minute or only the day."""
    value = value.strip()
    if match := _ISO_DATE.match(value):
        year, month, day, hour, minute = match.groups()
    elif match := _US_DATE.match(value):
        month, day, year, hour, minute = match.groups()
    else:
        return None
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), tzinfo=UTC
        )
    except ValueError:
        return None
    return moment, ("minute" if hour is not None else "day")


def _dateline(line: str) -> datetime | None:
    match = _DATELINE.match(line)
    if not match:
        return None
    day, month, year, hour, minute = match.groups()
    month_number = MONTHS.get(month[:3].upper())
    if month_number is None:
        return None
    try:
        return datetime(int(year), month_number, int(day), int(hour), int(minute), tzinfo=UTC)
    except ValueError:
        return None


def _set_created(record: TextRecord, value: str) -> bool:
    parsed = parse_record_date(value)
    if parsed is None:
        return False
    if record.created is None:
        record.created, record.created_precision = parsed
    return True


def _fill(record: TextRecord, reference_id: str, origin: str, classification: str) -> None:
    record.reference_id = record.reference_id or reference_id
    record.origin_name = record.origin_name or origin
    record.classification = record.classification or classification


def _take_field_record(fields: list[str], record: TextRecord) -> int | None:
    """Find date, refid, origin, classification as consecutive fields; return where it ends.

    Empty fields between them are allowed (the bare layout puts blank lines between the
    values, 00THEHAGUE1695); an id before and a list of references after are record too.
    """
    values = [(index, field.strip()) for index, field in enumerate(fields) if field.strip()]
    for position in range(len(values) - 3):
        (_, date), (_, refid), (_, origin), (end, classification) = values[position : position + 4]
        if not (
            parse_record_date(date)
            and REFERENCE_ID.match(refid)
            and _ORIGIN.match(origin)
            and _RECORD_CLASSIFICATION.match(classification)
        ):
            continue
        _set_created(record, date)
        _fill(record, refid, origin, classification)
        following = values[position + 4] if position + 4 < len(values) else None
        if following and _REFERENCE_LIST.match(following[1]) and following[0] - end <= 1:
            end = following[0]
        return end
    return None


def _record_start(fields: list[str], end: int) -> int:
    """Where the record that ends at ``end`` begins: its date, or the id before it."""
    index = end
    while index > 0 and not parse_record_date(fields[index]):
        index -= 1
    if index > 0 and _RECORD_ID.match(fields[index - 1].strip()):
        index -= 1
    elif (
        index > 1 and not fields[index - 1].strip() and _RECORD_ID.match(fields[index - 2].strip())
    ):
        index -= 2
    return index


def _take_bare_record(lines: list[str], record: TextRecord) -> list[str]:
    """The layout with one value a line (06MEXICO1311): drop those lines."""
    top = lines[:_SEARCH_LINES]
    end = _take_field_record(top, record)
    if end is None:
        return lines
    start = _record_start(top, end)
    return lines[:start] + lines[end + 1 :]


def _take_tab_record(lines: list[str], record: TextRecord) -> list[str]:
    """The tab-separated layout (06BERN2115): the record's fields are dropped, and the
    header and body fields that follow them, which hold the cable, become lines again."""
    for index, line in enumerate(lines[:_SEARCH_LINES]):
        if "\t" not in line:
            continue
        fields = line.split("\t")
        end = _take_field_record(fields, record)
        if end is None:
            continue
        rest = fields[end + 1 :]
        tail = [piece for later in lines[index + 1 : _SEARCH_LINES] for piece in later.split("\t")]
        return lines[:index] + rest + tail + lines[_SEARCH_LINES:]
    return lines


def _take_keyed_record(lines: list[str], record: TextRecord) -> list[str]:
    """The labelled layouts ("refid: 04BOGOTA2313", "Key: 08AMMAN872"): drop the labels."""
    keyed = {}
    for index, line in enumerate(lines[:_SEARCH_LINES]):
        if match := _KEYED.match(line.strip()):
            keyed[index] = (match["key"].lower(), match["value"].strip())
    keys = {key for key, _ in keyed.values()}
    if len(keys & {"refid", "key", "date", "origin", "classification", "class"}) < 3:
        return lines
    for key, value in keyed.values():
        if key in {"refid", "key"} and REFERENCE_ID.match(value):
            record.reference_id = record.reference_id or value
        elif key == "date":
            parsed = parse_record_date(value) or _long_date(value)
            if parsed and record.created is None:
                record.created, record.created_precision = parsed
        elif key == "origin":
            record.origin_name = record.origin_name or value
        elif key in {"classification", "class"} and _RECORD_CLASSIFICATION.match(value):
            record.classification = record.classification or value
    return [
        line
        for index, line in enumerate(lines)
        if index not in keyed and not (index < _SEARCH_LINES and _HEADER_ENDS.match(line.strip()))
    ]


def _long_date(value: str) -> tuple[datetime, str] | None:
    """``Wed Mar 19 17:46:00 2008``, the date of one labelled layout (08AMMAN872)."""
    try:
        moment = datetime.strptime(" ".join(value.split()), "%a %b %d %H:%M:%S %Y")
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC), "minute"


def _take_csv_row(lines: list[str], record: TextRecord) -> list[str]:
    """A ``cables.csv`` row pasted as text (05BOGOTA1775): its fields, then its text with
    the CSV quoting undone."""
    for index, line in enumerate(lines[:_SEARCH_LINES]):
        if not _CSV_ROW.match(line):
            continue
        fields = next(csv.reader([line]))
        if len(fields) < 6:
            continue
        _id, date, refid, origin, classification = fields[:5]
        if not REFERENCE_ID.match(refid):
            continue
        _set_created(record, date)
        _fill(record, refid, origin, classification)
        # The header and body fields come after the references and run over many lines.
        rest = [fields[6] if len(fields) > 6 else "", *lines[index + 1 :]]
        text = "\n".join(rest)
        text = re.sub(r'^",\s*"', "", text, flags=re.M)  # the header/body field boundary
        text = text.rstrip().removesuffix('"').replace('""', '"')
        return lines[:index] + text.split("\n")
    return lines


def read_records(lines: list[str]) -> tuple[list[str], TextRecord]:
    """Lines without the notices and records above the cable, and what they said."""
    record = TextRecord()
    lines = _take_csv_row(lines, record)
    lines = _take_keyed_record(lines, record)
    lines = _take_tab_record(lines, record)
    lines = _take_bare_record(lines, record)
    kept: list[str] = []
    for index, line in enumerate(lines):
        if index >= _SEARCH_LINES:
            kept.extend(lines[index:])
            break
        if PARTIAL_NOTICE.match(line):
            record.partial = True
            continue
        if (moment := _dateline(line)) is not None:
            record.dateline = record.dateline or moment
            continue
        if dated := _CABLE_DATED.match(line):
            _set_created(record, dated[1].replace("T", " "))
            line = line[dated.end() :]
        kept.append(line)
    return kept, record
