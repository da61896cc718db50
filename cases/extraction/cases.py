"""Turning the paragraphs of a parsed cable into cases."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..parsing import ParsedParagraph
from .dates import resolve_month_day
from .detection import read_lead
from .outlets import OutletName, OutletResolver


@dataclass(frozen=True)
class ExtractedCase:
    """The fields the extractor proposes for the case reported in one paragraph."""

    paragraph_ordinal: int
    reported_on: date | None
    outlet: OutletName | None
    category: str


def extract_cases(
    paragraphs: Iterable[ParsedParagraph], cable_date: date | None
) -> list[ExtractedCase]:
    """One case for each paragraph that clearly reports one, in paragraph order."""
    resolver = OutletResolver()
    found = []
    for paragraph in paragraphs:
        lead = read_lead(paragraph.text)
        if lead is None:
            continue
        found.append(
            ExtractedCase(
                paragraph_ordinal=paragraph.ordinal,
                reported_on=resolve_month_day(lead.month, lead.day, cable_date),
                outlet=resolver.resolve(lead.outlet),
                category=paragraph.heading,
            )
        )
    return found
