"""Turning the paragraphs of a parsed cable into cases, and scoring every paragraph."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from ..parsing import ParsedParagraph
from .detection import Lead, read_lead, reports_events
from .fields import CaseFields, fields_of_body
from .outlets import OutletName, OutletResolver
from .relevance import CANDIDATE_THRESHOLD, CASE_THRESHOLD, relevance


@dataclass(frozen=True)
class ExtractedCase:
    """The fields the extractor proposes for the case reported in one paragraph."""

    paragraph_ordinal: int
    reported_on: date | None
    outlet: OutletName | None
    category: str
    fields: CaseFields


class ParagraphScore(NamedTuple):
    """How much one paragraph is about trafficking, and whether staff should look at it."""

    ordinal: int
    relevance: float
    candidate: bool  # relevant, but not taken as a case automatically


def case_lead(text: str) -> Lead | None:
    """The lead of ``text`` when the paragraph clearly reports a case, else None.

    A lead naming an outlet is enough; a bare date needs trafficking vocabulary as well, in
    a paragraph that reports events rather than the embassy's own dealings.
    """
    return _case_lead(text, None)


def _case_lead(text: str, score: float | None) -> Lead | None:
    lead = read_lead(text)
    if lead is None or lead.outlet is not None:
        return lead
    if score is None:
        score = relevance(lead.text)
    if score < CASE_THRESHOLD or not reports_events(lead.text):
        return None
    return lead


def analyse_paragraphs(
    paragraphs: Iterable[ParsedParagraph],
    cable_date: date | None,
    post_country: str | None = None,
) -> tuple[list[ExtractedCase], list[ParagraphScore]]:
    """The cases of a cable and the score of each of its paragraphs, in one pass.

    ``extract_cases`` and ``score_paragraphs`` give the same results separately; an importer
    that wants both should call this, which reads each paragraph once.
    """
    resolver = OutletResolver()
    cases: list[ExtractedCase] = []
    scores: list[ParagraphScore] = []
    for paragraph in paragraphs:
        score = relevance(paragraph.text)
        lead = read_lead(paragraph.text)
        if lead is not None and lead.outlet is None:
            # A bare date ("On March 14,") holds no trafficking term: the paragraph's score
            # is its text's.
            lead = _case_lead(paragraph.text, score)
        if lead is not None:
            cases.append(
                ExtractedCase(
                    paragraph_ordinal=paragraph.ordinal,
                    reported_on=lead.reported_on(cable_date),
                    outlet=resolver.resolve(lead.outlet) if lead.outlet else None,
                    category=paragraph.heading,
                    fields=fields_of_body(lead.text, post_country=post_country),
                )
            )
        candidate = score >= CANDIDATE_THRESHOLD and lead is None
        scores.append(ParagraphScore(paragraph.ordinal, score, candidate))
    return cases, scores


def extract_cases(
    paragraphs: Iterable[ParsedParagraph],
    cable_date: date | None,
    post_country: str | None = None,
) -> list[ExtractedCase]:
    """One case for each paragraph that clearly reports one, in paragraph order.

    ``post_country`` is the ISO alpha-2 code of the reporting post's country (see
    ``country_of_post``); it is counted among a case's countries when the case happens there.
    """
    return analyse_paragraphs(paragraphs, cable_date, post_country)[0]


def score_paragraphs(paragraphs: Iterable[ParsedParagraph]) -> list[ParagraphScore]:
    """The relevance of every paragraph, and whether it is a candidate case: relevant at
    ``CANDIDATE_THRESHOLD`` or more without being detected as a case."""
    scores = []
    for paragraph in paragraphs:
        score = relevance(paragraph.text)
        candidate = score >= CANDIDATE_THRESHOLD and case_lead(paragraph.text) is None
        scores.append(ParagraphScore(paragraph.ordinal, score, candidate))
    return scores
