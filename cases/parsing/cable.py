"""Plain-text cables: from the text as published to a ParsedCable."""

from __future__ import annotations

import re

from .body import count_pages, drop_repeated_pages, parse_body, split_pages
from .cleanup import clean_source
from .header import (
    match_classification,
    parse_classification_line,
    parse_header_fields,
    parse_routing,
)
from .types import CableParseError, ParsedCable, SourceHints
from .vocabulary import origin_name

# The classification line stands near the top; a match further down is cable text.
_CLASSIFICATION_SEARCH_LINES = 80
# End-of-message prosigns and the message serial that close teletype copies.
_TRAILER = re.compile(r"^(?:BT|NNNN|#\d+)$")


def _find_classification(lines: list[str]) -> int | None:
    for index, line in enumerate(lines[:_CLASSIFICATION_SEARCH_LINES]):
        if match_classification(line):
            return index
    return None


def reference_id(year: int, station: str, serial: str) -> str:
    """``08ASTANA1246``: two-digit year, station without spaces, serial without zeros."""
    return f"{year % 100:02d}{re.sub(r'[^A-Z0-9]', '', station.upper())}{int(serial)}"


def parse_cable(text: str, hints: SourceHints | None = None) -> ParsedCable:
    """Parse one cable in plain text. Raises CableParseError when it is not a cable.

    ``hints`` carry what a container format says beside the text (see ``formats``): its
    reference id is trusted over the one the header implies, since headers get damaged.
    """
    hints = hints or SourceHints()
    text = clean_source(text)
    if not text.strip():
        raise CableParseError("the file is empty")
    lines = text.split("\n")
    class_index = _find_classification(lines)
    if class_index is None:
        raise CableParseError(
            "no classification line (UNCLAS, CONFIDENTIAL, SECRET ...) near the top"
        )
    routing = parse_routing(lines[:class_index])
    class_line = parse_classification_line(lines[class_index])
    assert class_line is not None  # _find_classification matched it

    if routing.dtg is None:
        raise CableParseError("no date-time group (such as 'P 110334Z JUL 08') in the header")
    if not hints.reference_id and not (class_line.station and class_line.serial):
        raise CableParseError(
            f"the classification line names no station and serial: {lines[class_index]!r}"
        )

    rest = lines[class_index + 1 :]
    fields, body_start = parse_header_fields(rest)
    body_lines = rest[body_start:]
    while body_lines and (not body_lines[-1].strip() or _TRAILER.match(body_lines[-1].strip())):
        body_lines.pop()
    body = parse_body(drop_repeated_pages(split_pages(body_lines)))

    caveats: list[str] = []
    for caveat in [*class_line.caveats, *fields.caveats]:
        if caveat not in caveats:
            caveats.append(caveat)

    return ParsedCable(
        reference_id=hints.reference_id
        or reference_id(routing.dtg.sent_at.year, class_line.station, class_line.serial),
        sent_at=routing.dtg.sent_at,
        precedence=routing.dtg.precedence,
        origin=routing.origin,
        origin_name=origin_name(routing.origin) if routing.origin else "",
        classification=class_line.classification,
        to=routing.to,
        info=routing.info,
        caveats=caveats,
        tags=fields.tags,
        subject=fields.subject,
        references=fields.references,
        eo_line=fields.eo_line,
        classified_by=fields.classified_by,
        signature=body.signature,
        sections=class_line.sections or count_pages(rest) or 1,
        paragraphs=body.paragraphs,
    )
