"""The routing header: date-time group, originator (FM) and addressees (TO, INFO)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .types import Recipient
from .vocabulary import MONTHS, PRECEDENCE_CODES, ROUTING_CLASSIFICATIONS, precedence_word

# "P 110334Z JUL 08", "P R 041820Z JAN 10", "110334z Jul 2008" (no precedence), and service
# codes after the year ("R 011257Z JUL 08 ZDS", "O 162023Z MAR 06 ZDK RE YOUR SVC").
DTG = re.compile(
    r"^\s*(?:(?P<precedence>[ZOPRM0](?:\s?[ZOPRM])?)\s+)?"
    r"(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2})\s?[Zz]\s+"
    r"(?P<month>[A-Za-z]{3})\s+(?P<year>\d{4}|\d{2})(?:\s+Z[A-Z]{2}\w*\b.*)?\s*$"
)
# The teletype page marker of older cables carries the day and time the page was sent:
# "PAGE 02 VATICA 01261 061419Z" (01VATICAN1261).
PAGE_MARKER_DTG = re.compile(r"^\s*PAGE\s+\d{2,3}\s+.*?\b(?P<day>\d{2})(?P<hour>\d{2})\d{2}Z\b")
_RECIPIENT = re.compile(r"^(?:(?P<routing>[A-Z0-9]{4,12})/)?(?P<rest>.+)$")
_SERIAL = re.compile(r"\s+(?P<serial>\d{1,5})$")
_ROUTING_LABEL = re.compile(r"^(?P<label>FM|TO|INFO|BT|ZEN|XMT)\b:?\s*(?P<rest>.*)$")
# "ZNY CCCCC ZZH": the classification in the routing indicators.
_ZNY = re.compile(r"^ZN[YR]\s+(?P<code>([UECST])\2{4})\b")
# "DE RUEHSW #2115/01 3311548": the message serial, the last four digits of the cable's.
_DE = re.compile(r"^DE\s+[A-Z0-9]+\s+#(?P<serial>\d{1,5})\b")
# An originator ends at the first routing suffix, e.g. "USMISSION GENEVA" in
# "FM USMISSION GENEVA" or "USDEL SECRETARY" in "FM USDEL SECRETARY//MEXICO//".
_ORIGINATOR = re.compile(r"^[A-Z][A-Z0-9 .'/-]*$")


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
    """What the routing header says."""

    dtg: DateTimeGroup | None = None
    origin: str = ""
    to: list[Recipient] = field(default_factory=list)
    info: list[Recipient] = field(default_factory=list)
    classification: str = ""  # from "ZNY CCCCC ZZH"
    serial: str = ""  # from "DE RUEHSW #2115", at most four digits
    start: int | None = None  # index of the date-time group (or FM) line
    end: int = 0  # index of the line after the routing block


def find_dtg(lines: list[str]) -> int | None:
    """Index of the first date-time group line."""
    for index, line in enumerate(lines):
        if parse_dtg(line):
            return index
    return None


def _find_originator(lines: list[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        label = _ROUTING_LABEL.match(lines[index].strip())
        if label and label["label"] == "FM" and _ORIGINATOR.match(label["rest"]):
            return index
    return None


def parse_routing(lines: list[str]) -> Routing:
    """Read the routing block in ``lines`` (the text above the cable's body).

    The block starts at the date-time group or, where a copy lost it, at the FM line; what
    stands above it (office distribution lists such as "INFO LOG-00 NP-00", 09MADRID673)
    is not routing. It ends at the first blank line after the addressees.
    """
    routing = Routing()
    for line in lines:
        if zny := _ZNY.match(line.strip()):
            routing.classification = ROUTING_CLASSIFICATIONS[zny["code"]]
        elif de := _DE.match(line.strip()):
            routing.serial = routing.serial or de["serial"]
        if routing.classification and routing.serial:
            break
    start = find_dtg(lines)
    if start is not None:
        routing.dtg = parse_dtg(lines[start])
    else:
        start = _find_originator(lines, 0)
        if start is None:
            return routing
    current: list[Recipient] | None = None
    routing.start, routing.end = start, start + 1
    seen_addressee = False
    for index in range(start, len(lines)):
        line = lines[index].strip()
        if not line:
            if seen_addressee:
                break
            current = None
            continue
        label = _ROUTING_LABEL.match(line)
        if label and label["label"] == "FM" and not routing.origin:
            routing.origin = " ".join(label["rest"].split())
            current = None
        elif label and label["label"] in {"TO", "INFO"}:
            current = routing.to if label["label"] == "TO" else routing.info
            seen_addressee = True
            if label["rest"]:
                current.append(parse_recipient(label["rest"]))
        elif index == start:
            pass
        elif label:
            current = None
        elif current is not None:
            current.append(parse_recipient(line))
        elif routing.origin:
            break
        routing.end = index + 1
    return routing
