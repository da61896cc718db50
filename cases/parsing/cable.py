"""Plain-text cables: from the text as published to a ParsedCable."""

from __future__ import annotations

import re
from datetime import datetime

from .body import count_pages, drop_repeated_pages, parse_body, split_pages
from .classification import marking
from .cleanup import clean_source, tidy_lines
from .dating import estimate_year
from .header import Header, drop_repeated_headers, read_header
from .records import TextRecord, read_records
from .types import CableParseError, ParsedCable, SourceHints
from .vocabulary import origin_name, originator, station_origin_name

# End-of-message prosigns and the message serial that close teletype copies.
_TRAILER = re.compile(r"^(?:BT|NNNN|#\d+|=+\s*CABLE ENDS\s*=+)$")
# The originator prefixes that are not part of a station's name ("AMEMBASSY SAN SALVADOR").
_ORIGIN_PREFIX = re.compile(r"^(?:AMEMBASSY|AMEMB|AMCONSUL|AMCONGEN|USMISSION|USINT)\s+")


def reference_id(year: int, station: str, serial: str) -> str:
    """``08ASTANA1246``: two-digit year, station without spaces, serial without zeros."""
    return f"{year % 100:02d}{re.sub(r'[^A-Z0-9]', '', station.upper())}{int(serial)}"


def _station_from_origin(origin: str) -> str:
    """The station an FM line implies, for cables whose classification line lost it
    (redacted as XXXXXXXXXXXX in 10SHENYANG4, missing in 10SANSALVADOR37)."""
    origin = origin.upper().split("//")[0].strip()
    if origin.startswith("SECSTATE"):
        return "STATE"
    return _ORIGIN_PREFIX.sub("", origin)


def _dating(
    header: Header, hints: SourceHints, record: TextRecord
) -> tuple[datetime | None, str, str]:
    """(sent_at, dated_by, precision): the header's date-time group first, as it keeps the
    minute; then what the container, a pasted record or a dateline says."""
    if header.routing.dtg is not None:
        return header.routing.dtg.sent_at, "date-time group", "minute"
    if hints.created is not None:
        return hints.created, "source", "minute"
    if record.created is not None:
        return record.created, "record", record.created_precision
    if record.dateline is not None:
        return record.dateline, "dateline", "minute"
    return None, "", ""


def parse_cable(text: str, hints: SourceHints | None = None) -> ParsedCable:
    """Parse one cable in plain text. Raises CableParseError when it is not a cable.

    ``hints`` carry what a container format says beside the text (see ``formats``): its
    reference id is trusted over the one the header implies, since headers get damaged;
    its other values fill in what the text does not say.
    """
    hints = hints or SourceHints()
    text = clean_source(text)
    if not text.strip():
        raise CableParseError("the file is empty")
    lines, record = read_records(text.split("\n"))
    header = read_header(tidy_lines(lines))
    routing, fields, class_line = header.routing, header.fields, header.classification_line

    level = class_line.level if class_line else routing.classification
    if not level and not (hints.classification or record.classification):
        raise CableParseError(
            "no classification line (UNCLAS, CONFIDENTIAL, SECRET ...) near the top"
        )
    caveats: list[str] = []
    for caveat in [*(class_line.caveats if class_line else []), *fields.caveats]:
        if caveat not in caveats:
            caveats.append(caveat)
    # The marking a container or pasted database record gives is the archive's own and
    # carries caveats the text can lack ("SECRET" on the line, SECRET//NOFORN in the
    # record, 07MONTERREY472); the text's marking is used otherwise.
    classification = hints.classification or record.classification or marking(level or "", caveats)

    station = (class_line.station if class_line else "") or _station_from_origin(routing.origin)
    serial = (class_line.serial if class_line else "") or routing.serial
    sent_at, dated_by, precision = _dating(header, hints, record)
    refid = hints.reference_id or record.reference_id
    year_estimated = False
    if not refid:
        year = sent_at.year if sent_at else estimate_year(fields.declassify_on)
        if station and serial and year is not None:
            year_estimated = sent_at is None
            refid = reference_id(year, station, serial)
        elif hints.file_reference_id:
            # A file named by its reference id names the cable its text cannot (a partial
            # extract without any date, 05RECIFE78): its date stays unknown.
            refid = hints.file_reference_id
        elif not (station and serial):
            raise CableParseError(
                "the classification line names no station and serial: "
                f"{header.classification_text or '(none)'!r}"
            )
        else:
            raise CableParseError(
                "no date-time group (such as 'P 110334Z JUL 08') or other date in the text, "
                "so the reference id has no year, and the file's name is no reference id"
            )

    if routing.origin:
        readable_origin = origin_name(routing.origin)
    else:
        readable_origin = hints.origin_name or record.origin_name
        readable_origin = readable_origin or (station_origin_name(station) if station else "")

    body_lines = drop_repeated_headers(header.body, serial)
    while body_lines and (not body_lines[-1].strip() or _TRAILER.match(body_lines[-1].strip())):
        body_lines.pop()
    body = parse_body(drop_repeated_pages(split_pages(body_lines, station)))

    return ParsedCable(
        reference_id=refid,
        sent_at=sent_at,
        precedence=routing.dtg.precedence if routing.dtg else "",
        # A copy without its FM line (partial extracts) still has the originator its
        # readable origin names.
        origin=routing.origin or (originator(readable_origin) if readable_origin else ""),
        origin_name=readable_origin,
        classification=classification,
        to=routing.to,
        info=routing.info,
        caveats=caveats,
        tags=fields.tags,
        subject=fields.subject,
        references=fields.references,
        eo_line=fields.eo_line,
        classified_by=fields.classified_by,
        signature=body.signature,
        sections=(class_line.sections if class_line else 0) or count_pages(header.body) or 1,
        paragraphs=body.paragraphs,
        station=station,
        declassify_on=fields.declassify_on,
        partial=record.partial,
        dated_by=dated_by,
        date_precision=precision,
        year_estimated=year_estimated,
    )
