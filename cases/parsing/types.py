"""What the parser returns: plain dataclasses, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


class CableParseError(ValueError):
    """The text is not a cable this parser can read; the message says why."""


@dataclass(frozen=True)
class SourceHints:
    """What a container says about a cable beside its text (WikiLeaks table, dump fields)."""

    reference_id: str = ""
    created: datetime | None = None
    origin_name: str = ""
    classification: str = ""
    # The reference id a file's name gives ("05RECIFE78.txt"): taken only when neither
    # the container nor the text names the cable.
    file_reference_id: str = ""


@dataclass(frozen=True)
class Recipient:
    """One addressee of a TO or INFO line, e.g. ``RUEHC/SECSTATE WASHDC PRIORITY 2739``."""

    name: str
    routing: str = ""
    precedence: str = ""
    serial: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "routing": self.routing,
            "precedence": self.precedence,
            "serial": self.serial,
        }


@dataclass(frozen=True)
class ParsedParagraph:
    """A paragraph (``depth`` 0) or a sub-paragraph of the paragraph before it (1).

    ``number`` is the label as printed ("7", "18A", "a"); ``anchor`` the fragment the
    cable's structure gives it, "p7" for the seventh paragraph and "p7a" for its first
    sub-paragraph (the importer keeps anchors already given, see ``ingest.matching``).
    """

    ordinal: int
    number: str
    text: str
    heading: str = ""
    portion_marking: str = ""
    depth: int = 0
    anchor: str = ""


@dataclass
class ParsedCable:
    """One cable. ``classification`` is the full marking as WikiLeaks writes it
    ("SECRET//NOFORN", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"); ``caveats`` lists every
    handling word seen (SIPDIS, NOFORN, SENSITIVE ...)."""

    reference_id: str
    sent_at: datetime | None
    precedence: str
    origin: str
    origin_name: str
    classification: str
    to: list[Recipient] = field(default_factory=list)
    info: list[Recipient] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    subject: str = ""
    references: list[str] = field(default_factory=list)
    eo_line: str = ""
    classified_by: str = ""
    signature: str = ""
    sections: int = 1
    paragraphs: list[ParsedParagraph] = field(default_factory=list)
    station: str = ""  # as the classification line names it: "USUN NEW YORK"
    declassify_on: date | None = None  # the E.O. line's declassification date
    partial: bool = False  # a WikiLeaks partial extract, without its routing header
    # Where ``sent_at`` comes from: "date-time group", "source" (what the container says),
    # "record" (a database record pasted into the text), "dateline", or "" (undated).
    dated_by: str = ""
    date_precision: str = ""  # "minute", or "day" when only the day is known
    # True when nothing in the text dates the cable and the reference id's year is
    # estimated from the declassification date or the years the text mentions.
    year_estimated: bool = False
