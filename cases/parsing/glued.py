"""Pages and files that hold more than one cable, separated into one text per cable.

WikiLeaks glued database records of other cables to some pages, after the page's own
cable: a record naming another reference id, in one of the dump layouts (tab, comma,
space or keyed: "189949 2/2/2009 14:15 09CAIRO184 Embassy Cairo UNCLASSIFIED ...",
09CAIRO189; "id: 224423 / refid: 09ASUNCION561", 09ASUNCION595), or another cable's whole
routing header and classification line (08MONTEVIDEO404 under 90KHARTOUM10657). Each
such cable is read as a cable of its own, its record's values as its hints.

Some pages also repeat their own cable after its text, under a summary line of its
record ("0 05/15/2008 3797 ENRG,EPET,PREL,IR,BA OIL MINISTER ON ...", 08MANAMA306): that
copy is left out when it only repeats the text above it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .cable import parse_cable
from .classification import parse_classification_line
from .formats import SourceCable
from .records import REFERENCE_ID, parse_record_date
from .routing import parse_dtg
from .types import CableParseError, SourceHints

_REFID = r"\d{2}[A-Z][A-Z-]*[A-Z]\d{1,6}"
_DATE = (
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}/\d{1,2}/\d{4}(?: \d{1,2}:\d{2})?"
)
_CLASSIFICATION = (
    r"(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|TOP SECRET|LIMITED OFFICIAL USE)(?://[A-Z ]+?)*"
)
_SEPARATOR = r"[\t ,\"]+"
# A record inside a line or opening it: an optional id, a date, a reference id, an origin
# ("Embassy Cairo", "Secretary of State") and a classification.
_RECORD = re.compile(
    rf"(?:(?<=\s)|^)(?:\d{{1,7}}{_SEPARATOR})?\"?(?P<date>{_DATE})\"?{_SEPARATOR}"
    rf"\"?(?P<refid>{_REFID})\"?{_SEPARATOR}"
    rf"\"?(?P<origin>[A-Z][A-Za-z.'-]*(?:,? [A-Za-z.'-]+){{0,6}}?)\"?{_SEPARATOR}"
    rf"(?P<classification>{_CLASSIFICATION})(?![A-Za-z])"
)
_KEYED_REFID = re.compile(rf"^\s*(?:refid|key)\s*:\s*(?P<refid>{_REFID})\s*$", re.I)
_KEYED = re.compile(
    r"^\s*(?P<key>id|date|refid|key|origin|classification|class)\s*:\s*(?P<value>.*)$", re.I
)
_RECORD_ID_LINE = re.compile(r"^\s*\d{1,7}\s*$")
_FM = re.compile(r"^\s*FM\s+(?P<origin>[A-Z].*?)\s*$")
# The lines of a routing header above its date-time group ("VZCZCXYZ0000", "PP RUEHWEB",
# "DE RUEHMN #0404/01 1971651", "ZNY CCCCC ZZH").
_ROUTING_LINE = re.compile(
    r"^\s*(?:VZCZC\w*|[OPRZ]{1,2}(?: R[A-Z]{4,})+|DE [A-Z]+ #.*|ZN[YR] .*)\s*$"
)
# The summary line of a cable's own record: its date, length, TAGS and subject.
_SUMMARY_RECORD = re.compile(r"^\s*0 \d{1,2}/\d{1,2}/\d{4} \d+ [A-Z0-9-]+(?:,[A-Z0-9-]+)*(?:\s|$)")


def _serial(refid: str) -> str:
    return str(int(re.search(r"\d+$", refid)[0]))


def _own_identity(source: SourceCable, lines: list[str]) -> tuple[str, str]:
    """The reference id (if known) and serial of the cable a text opens with."""
    refid = source.hints.reference_id
    if not refid:
        # A record above the classification line is the cable's own (see ``records``).
        for line in lines[:150]:
            parsed = parse_classification_line(line.lstrip(',"'))
            if parsed is not None and parsed.names_cable:
                break
            if (match := _KEYED_REFID.match(line)) or (match := _RECORD.search(line)):
                refid = match["refid"]
                break
    if refid and REFERENCE_ID.match(refid):
        return refid, _serial(refid)
    for line in lines[:150]:
        parsed = parse_classification_line(line.lstrip(',"'))
        if parsed is not None and parsed.serial:
            return refid, parsed.serial
    return refid, ""


def _another_cable(refid: str, own_refid: str, own_serial: str) -> bool:
    if own_refid:
        return refid != own_refid
    return bool(own_serial) and _serial(refid) != own_serial


def _record_start(lines: list[str], index: int, column: int) -> tuple[int, int]:
    """Where a record found at ``lines[index][column:]`` starts: its id may stand alone on
    a line above its date (07MANAMA1067), a blank line between."""
    if column == 0 or not lines[index][:column].strip():
        for back in (1, 2):
            above = index - back
            if above >= 0 and _RECORD_ID_LINE.match(lines[above]):
                return above, 0
            if above >= 0 and lines[above].strip():
                break
    return index, column


def _hints(date: str, refid: str, origin: str, classification: str) -> SourceHints:
    parsed = parse_record_date(date)
    return SourceHints(
        reference_id=refid,
        created=parsed[0] if parsed else None,
        origin_name=" ".join(origin.split()),
        classification=classification.strip(),
    )


def _keyed_record(lines: list[str], index: int) -> tuple[int, SourceHints]:
    """The first line of the keyed record around ``lines[index]`` and its values."""
    start = index
    while start > 0 and _KEYED.match(lines[start - 1]):
        start -= 1
    values = {}
    for line in lines[start : start + 10]:
        if match := _KEYED.match(line):
            values.setdefault(match["key"].lower(), match["value"].strip())
    hints = _hints(
        values.get("date", ""),
        values.get("refid") or values.get("key", ""),
        values.get("origin", ""),
        values.get("classification") or values.get("class", ""),
    )
    return start, hints


def _second_routing(lines: list[str], index: int, own_origin: str) -> int | None:
    """The first line of another cable's routing header whose date-time group is
    ``lines[index]``: its FM line names another originator, and a classification line
    naming a cable follows within the header."""
    # A date-time group is short and holds its "Z" ("P 151651Z JUL 08"): most lines are
    # ruled out without the pattern.
    line = lines[index]
    if len(line) > 60 or "Z" not in line or not parse_dtg(line):
        return None
    fm = next((match for line in lines[index + 1 : index + 3] if (match := _FM.match(line))), None)
    if fm is None or fm["origin"].rstrip("\\ ") == own_origin:
        return None
    below = lines[index + 1 : index + 40]
    if not any(
        (p := parse_classification_line(line.lstrip(',"'))) and p.names_cable for line in below
    ):
        return None
    start = index
    while start > 0 and (not lines[start - 1].strip() or _ROUTING_LINE.match(lines[start - 1])):
        start -= 1
    while not lines[start].strip():
        start += 1
    return start


_DE_SERIAL = re.compile(r"^\s*DE\s+[A-Z0-9]+\s+#(?P<serial>\d{1,5})\b")
_ORIGIN_PREFIX = re.compile(r"^(?:AMEMBASSY|AMEMB|AMCONSUL|AMCONGEN|USMISSION|USINT|AIT)\s+")


def _other_text(lines: list[str], own_serial: str) -> int | None:
    """The line where another cable's classification line opens the text under the
    page's own routing header (BOGOTA 004036 under FM AMEMBASSY LA PAZ, 08LAPAZ751): its
    station is not the originator's and its serial not the cable's."""
    origin, serial = "", own_serial
    for index, line in enumerate(lines[:200]):
        if (de := _DE_SERIAL.match(line)) and not serial:
            serial = de["serial"]
        if (fm := _FM.match(line)) and not origin:
            origin = fm["origin"].upper().split("//")[0].rstrip("\\ ")
            continue
        parsed = parse_classification_line(line.lstrip(',"'))
        if parsed is None or not parsed.names_cable:
            continue
        if not (origin and serial):
            return None
        station = _ORIGIN_PREFIX.sub("", origin)
        same_post = station in parsed.station or parsed.station in station
        same_serial = int(parsed.serial) % 10_000 == int(serial) % 10_000
        if station.startswith(("SECSTATE", "USDEL")) or same_post or same_serial:
            return None
        return index
    return None


def _named(lines: list[str]) -> bool:
    """Whether the text of ``lines`` names its cable: a text without any date gives no
    reference id, and stays with the page's own cable (10MEXICO614)."""
    try:
        parse_cable("\n".join(lines))
    except CableParseError:
        return False
    return True


# What may follow a summary record line when it is the record alone, without text.
_RECORD_ALONE = 300


def _drop_repeated_copy(text: str) -> str:
    """The text without a copy of itself that a summary record line opens, when the copy
    only repeats what stands above it (08MANAMA306)."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if index < 5 or not _SUMMARY_RECORD.match(line):
            continue
        rest = " ".join("\n".join(lines[index + 1 :]).split())
        above = " ".join("\n".join(lines[:index]).split())
        # The record alone (its subject on a line of its own, 09CAIRO189), or the record
        # and a copy of the text above it.
        if len(rest) < _RECORD_ALONE or rest[:80] in above:
            return "\n".join(lines[:index]).rstrip()
    return text


_ANY_REFID = re.compile(rf"(?<![A-Za-z0-9]){_REFID}(?![A-Za-z0-9])")


def _records_by_line(lines: list[str]) -> dict[int, re.Match[str]]:
    """The first record on each line that has one, by line index. Only lines naming a
    reference id can hold one: the others are not searched (most of a cable's text)."""
    return {
        index: record
        for index, line in enumerate(lines)
        if _ANY_REFID.search(line) and (record := _RECORD.search(line)) is not None
    }


def separate_cables(source: SourceCable) -> list[SourceCable]:
    """The cables a text holds, in order: the first keeps the container's hints, the
    others take the values of their own records (or none, under a routing header)."""
    lines = source.text.split("\n")
    own_refid, own_serial = _own_identity(source, lines)
    records = _records_by_line(lines)
    own_origin = ""
    cuts: list[tuple[int, int, SourceHints]] = []  # line, column, hints of the cable there
    seen_refids = {own_refid} if own_refid else set()
    for index, line in enumerate(lines):
        if index == 0:
            continue
        if not own_origin and (fm := _FM.match(line)):
            own_origin = fm["origin"].rstrip("\\ ")
            continue
        if (keyed := _KEYED_REFID.match(line)) is not None:
            refid = keyed["refid"]
            if refid not in seen_refids and _another_cable(refid, own_refid, own_serial):
                start, hints = _keyed_record(lines, index)
                cuts.append((start, 0, hints))
                seen_refids.add(refid)
            continue
        if (record := records.get(index)) is not None:
            refid = record["refid"]
            if refid not in seen_refids and _another_cable(refid, own_refid, own_serial):
                start, column = _record_start(lines, index, record.start())
                hints = _hints(record["date"], refid, record["origin"], record["classification"])
                cuts.append((start, column, hints))
                seen_refids.add(refid)
            continue
        if own_origin and (start := _second_routing(lines, index, own_origin)) is not None:
            if not cuts or cuts[-1][0] < start:
                cuts.append((start, 0, SourceHints()))
    if (other := _other_text(lines, own_serial)) is not None and _named(lines[other:]):
        cuts.insert(0, (other, 0, SourceHints()))
    if not cuts:
        text = _drop_repeated_copy(source.text)
        return [source if text == source.text else replace(source, text=text)]
    parts: list[SourceCable] = []
    previous_line, previous_column, hints = 0, 0, source.hints
    for number, (line, column, next_hints) in enumerate([*cuts, (len(lines), 0, None)], start=1):
        head = lines[previous_line][previous_column:] if previous_line < len(lines) else ""
        if line == previous_line:
            chunk = [head[: column - previous_column]]
        else:
            chunk = [head, *lines[previous_line + 1 : line]]
            if line < len(lines) and column:
                chunk.append(lines[line][:column])
        text = _drop_repeated_copy("\n".join(chunk).strip("\n"))
        position = source.position
        if number > 1:
            position = f"{position} cable {number} ({hints.reference_id or 'no refid'})".strip()
        parts.append(replace(source, text=text, hints=hints, position=position))
        previous_line, previous_column, hints = line, column, next_hints
    return parts
