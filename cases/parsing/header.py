"""Where the parts of a cable's header are: routing block, classification line, fields.

Copies put things above the cable (an e-mail header, 08TRIPOLI248; a printout banner,
03ABUDHABI2641), so the parts are looked for rather than expected on fixed lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .classification import ClassificationLine, parse_classification_line
from .fields import HeaderFields, is_paragraph_start, parse_header_fields
from .routing import Routing, parse_dtg, parse_routing

# The header never runs longer than this (the longest addressee lists run to ~150 lines).
_HEADER_LINES = 400


@dataclass
class Header:
    routing: Routing
    fields: HeaderFields
    classification_line: ClassificationLine | None
    classification_text: str = ""  # the line as written, for error messages
    body: list[str] = field(default_factory=list)


def header_end(lines: list[str]) -> int:
    """Index of the first numbered paragraph, or where the header must have ended."""
    for index, line in enumerate(lines[:_HEADER_LINES]):
        if is_paragraph_start(line):
            return index
    return min(len(lines), _HEADER_LINES)


def find_classification_line(lines: list[str], end: int, routing_start: int) -> int | None:
    """The classification line among ``lines[:end]``.

    A line naming station and serial below the routing block is preferred; a bare word
    ("SECRET" above an e-mail copy, 08TRIPOLI248) only when there is nothing better.
    """
    candidates = []
    for index, line in enumerate(lines[:end]):
        parsed = parse_classification_line(line)
        if parsed is not None:
            candidates.append((index, parsed))
    for wanted in (
        lambda index, parsed: parsed.names_cable and index >= routing_start,
        lambda index, parsed: parsed.names_cable,
        lambda index, parsed: index >= routing_start,
        lambda index, parsed: True,
    ):
        for index, parsed in candidates:
            if wanted(index, parsed):
                return index
    return None


def read_header(lines: list[str]) -> Header:
    """Split a cable's lines into its header parts and the lines of its text."""
    end = header_end(lines)
    routing = parse_routing(lines[:end])
    routing_start = routing.start if routing.start is not None else 0
    class_index = find_classification_line(lines, end, routing_start)
    if class_index is None:
        class_line = None
        fields, body = parse_header_fields(lines[routing.end :])
        return Header(routing, fields, None, body=body)
    class_line = parse_classification_line(lines[class_index])
    assert class_line is not None
    below = ([class_line.rest] if class_line.rest else []) + lines[class_index + 1 :]
    fields, body = parse_header_fields(below)
    return Header(routing, fields, class_line, lines[class_index].strip(), body)


def drop_repeated_headers(lines: list[str], serial: str) -> list[str]:
    """The body without later copies of the cable's own header.

    Later sections of a multi-section cable repeat the classification line and header
    fields (02ROME3639), and many WikiLeaks pages repeat the header, often run into one
    line, after the text ("C O N F I D E N T I A L OSLO 000009 SIPDIS E.O. ...",
    09OSLO9) or after a pasted record (00THEHAGUE1695).
    """
    if not serial:
        return lines
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        parsed = parse_classification_line(line) if serial in line else None
        if parsed is None or parsed.serial != serial:
            kept.append(lines[index])
            index += 1
            continue
        _drop_routing_above(kept)
        below = ([parsed.rest] if parsed.rest else []) + lines[index + 1 :]
        _fields, text = parse_header_fields(below)
        kept.extend(drop_repeated_headers(text, serial))
        break
    return kept


# A later section's routing block (DTG, FM, TO, INFO) stands within this many lines above
# its repeated classification line.
_SECTION_ROUTING_LINES = 80


def _drop_routing_above(kept: list[str]) -> None:
    """Remove a routing block that ends right above a repeated classification line."""
    for back in range(1, min(len(kept), _SECTION_ROUTING_LINES) + 1):
        line = kept[-back]
        if is_paragraph_start(line):
            return
        if parse_dtg(line):
            del kept[-back:]
            return
