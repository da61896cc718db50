"""The container formats cables arrive in, reduced to one shape: text plus hints.

- plain text, as most cables circulate (the seed);
- a WikiLeaks cable page: a metadata table and two ``<pre>`` blocks (routing header, body);
- the ``cables.csv`` dump: eight quoted fields per record, backslash escapes, raw newlines
  inside fields, no header row, many cables per file.

Whatever the container, the parser sees the cable's own text; what the container says
beside it (a reference id, a date) travels as ``SourceHints``.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from .types import CableParseError, SourceHints

Format = Literal["text", "html", "csv"]

# A dump record opens with its numeric id and an M/D/YYYY date, both quoted.
_CSV_START = re.compile(r'^\s*"\d+","\d{1,2}/\d{1,2}/\d{4}\b')
_HTML_START = re.compile(r"^\s*(?:<!DOCTYPE html|<html|<\?xml|<head|<body|<div|<table)", re.I)
_CABLE_START = re.compile(r"<table[^>]*\bclass=['\"]?cable\b|<pre\b", re.I)
CSV_FIELDS = ("id", "date", "refid", "origin", "classification", "references", "header", "body")


def detect_format(head: str) -> Format:
    """The format of a file from its first few kilobytes."""
    if _CSV_START.match(head):
        return "csv"
    if _HTML_START.match(head) or "<pre>" in head.lower():
        return "html"
    return "text"


@dataclass(frozen=True)
class SourceCable:
    """One cable's text as found in its container, with what the container adds."""

    text: str
    hints: SourceHints
    position: str = ""  # where in a many-cable file: "record 12"


# A WikiLeaks page is generated markup of a fixed shape: the cable's metadata in the cells
# of ``table.cable``, its text in ``<pre>`` blocks. Reading those parts with patterns is
# several times faster than a full HTML parser, which matters when a release of 250,000
# pages is imported; the text is decoded as an HTML parser decodes it (``html.unescape``).
_TABLE = re.compile(r"<table\b[^>]*\bclass=['\"]?cable\b[^>]*>(.*?)(?:</table\s*>|\Z)", re.I | re.S)
_CELL = re.compile(r"<td\b[^>]*>(.*?)</td\s*>", re.I | re.S)
# (Written to take a run of text up to the next "<" at a time: as a lazy ".*?", which tries
# the end at every character, it cost a tenth of reading a page.)
_PRE = re.compile(r"<pre\b[^>]*>([^<]*(?:<(?!/pre\s*>)[^<]*)*)</pre\s*>", re.I)
# Tags and comments inside a cell or block (links on paragraph numbers and TAGS); a "<"
# that does not open a tag is text, as an HTML parser reads it.
_MARKUP = re.compile(r"<!--.*?-->|</?[A-Za-z][^>]*>", re.S)


# A file named by its reference id: "05RECIFE78.txt", "05RECIFE78.html", "05RECIFE78.txt.gz".
_NAMED_BY_REFERENCE = re.compile(
    r"^(?P<refid>\d{2}[A-Z][A-Z-]*[A-Z]\d{1,6})(?:\.[A-Za-z][A-Za-z0-9]*){0,2}$"
)


def reference_id_of_file(name: str) -> str:
    """The reference id a file's name is, or ``""``."""
    match = _NAMED_BY_REFERENCE.match(name)
    return match["refid"] if match else ""


def _text_of(fragment: str) -> str:
    # WikiLeaks writes every line break of a cable as ``&#x000A;``: replaced at once here,
    # not one by one by the entity decoder (a tenth of reading a page).
    return html.unescape(_MARKUP.sub("", fragment).replace("&#x000A;", "\n"))


def _parse_created(value: str, pattern: str) -> datetime | None:
    try:
        return datetime.strptime(value.strip(), pattern).replace(tzinfo=UTC)
    except ValueError:
        return None


def pre_blocks(page: str) -> list[str]:
    """The text of a page's ``<pre>`` blocks (routing header, body), decoded."""
    return [_text_of(block) for block in _PRE.findall(page)]


def read_html(page: str) -> SourceCable:
    """A WikiLeaks cable page: its routing header and body as text, its table as hints."""
    # The site's navigation (about 57 KB on every page) comes before the cable: skip it.
    start = _CABLE_START.search(page)
    cable = page[start.start() :] if start else page
    table = _TABLE.search(cable)
    cells = [" ".join(_text_of(cell).split()) for cell in _CELL.findall(table[1])] if table else []
    blocks = pre_blocks(cable)
    if not blocks:
        raise CableParseError("an HTML page without the <pre> blocks of a cable")
    # Entities are decoded, ``&#x000A;`` newlines included; a bogus entity such as
    # ``&processes8;`` (10BRUSSELS183) stays as written.
    text = "\n\n".join(blocks)
    hints = SourceHints()
    if len(cells) >= 5:
        reference_id, created, _released, classification, origin = cells[:5]
        hints = SourceHints(
            reference_id=reference_id,
            created=_parse_created(created, "%Y-%m-%d %H:%M"),
            classification=classification,
            origin_name=origin,
        )
    return SourceCable(text=text, hints=hints)


def read_csv(lines: Iterable[str]) -> Iterator[SourceCable | CableParseError]:
    """Cables of a ``cables.csv`` dump, one at a time; a malformed record is an error item.

    ``lines`` should be a file opened with ``newline=""`` so that newlines inside fields
    survive; the file is read as a stream, never whole.
    """
    reader = csv.reader(lines, escapechar="\\", doublequote=False, strict=False)
    record = 0
    while True:
        record += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield CableParseError(f"record {record}: unreadable CSV ({error})")
            continue
        if not row or row == [""]:
            continue
        if len(row) != len(CSV_FIELDS):
            yield CableParseError(
                f"record {record}: {len(row)} fields where the dump has {len(CSV_FIELDS)}"
            )
            continue
        fields = dict(zip(CSV_FIELDS, row, strict=True))
        hints = SourceHints(
            reference_id=fields["refid"].strip(),
            created=_parse_created(fields["date"], "%m/%d/%Y %H:%M"),
            classification=fields["classification"].strip(),
            origin_name=fields["origin"].strip(),
        )
        yield SourceCable(
            text=f"{fields['header']}\n\n{fields['body']}",
            hints=hints,
            position=f"record {record} ({hints.reference_id or 'no refid'})",
        )
