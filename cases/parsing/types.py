"""What the parser returns: plain dataclasses, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class CableParseError(ValueError):
    """The text is not a cable this parser can read; the message says why."""


@dataclass(frozen=True)
class SourceHints:
    """What a container says about a cable beside its text (WikiLeaks table, dump fields)."""

    reference_id: str = ""
    created: datetime | None = None
    origin_name: str = ""
    classification: str = ""


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
    ordinal: int
    number: str
    text: str
    heading: str = ""
    portion_marking: str = ""


@dataclass
class ParsedCable:
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
