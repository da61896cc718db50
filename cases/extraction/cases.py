"""Turning the paragraphs of a parsed cable into cases, and scoring every paragraph.

Cases are told two ways. Media-report cables give a case a paragraph of its own, opened by
a dated lead ("May 5, Interfax: ..."): the case is the whole paragraph. Most cables tell
cases in prose, several to a paragraph, inside long reporting sections ("In one case,
police arrested two men who ..."): ``prose.find_incidents`` finds each one and the
sentences that tell it. Either way a case is pinned to its span, character offsets into
its paragraph's text, and its fields are read from those sentences only. A case told
again later in the cable is one case: the later telling is kept as a ``Telling`` of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from ..parsing import ParsedParagraph
from .detection import Lead, read_lead
from .fields import CaseFields, fields_of_body
from .outlets import OutletName, OutletResolver
from .prose import Incident, find_incidents, tells_a_case
from .relevance import CANDIDATE_THRESHOLD, relevance
from .tellings import same_incident

# Cases found with at least this confidence are published at once; the others wait for
# staff in the admin's queue of suggested cases.
PUBLISH_THRESHOLD = 0.5
# A dated lead that names an outlet is how media-report cables open each case.
_MEDIA_REPORT_CONFIDENCE = 0.95
# The share of a cable's media leads that must tell a case for all of them to count.
_LEADS_ABOUT_TRAFFICKING = 0.3


@dataclass(frozen=True)
class Telling:
    """Another place in the same cable where a case is told again."""

    paragraph_ordinal: int
    start: int
    end: int


@dataclass(frozen=True)
class ExtractedCase:
    """One case the extractor found: where it is told and what it says.

    ``start`` and ``end`` are offsets into the text of paragraph ``paragraph_ordinal``;
    ``excerpt`` is that text, verbatim.
    """

    paragraph_ordinal: int
    start: int
    end: int
    excerpt: str
    confidence: float  # 0-1; published at PUBLISH_THRESHOLD or more
    reported_on: date | None
    outlet: OutletName | None
    category: str
    fields: CaseFields
    tellings: tuple[Telling, ...] = ()

    @property
    def publishable(self) -> bool:
        return self.confidence >= PUBLISH_THRESHOLD


class ParagraphScore(NamedTuple):
    """How much one paragraph is about trafficking, and whether staff should look at it."""

    ordinal: int
    relevance: float
    candidate: bool  # relevant, but no case found in it


@dataclass
class _Found:
    paragraph: ParsedParagraph
    start: int
    end: int
    confidence: float
    lead: Lead | None
    tellings: list[Telling]


def analyse_paragraphs(
    paragraphs: Iterable[ParsedParagraph],
    cable_date: date | None,
    post_country: str | None = None,
) -> tuple[list[ExtractedCase], list[ParagraphScore]]:
    """The cases of a cable, in the order they are told, and the score of each paragraph.

    ``post_country`` is the ISO alpha-2 code of the reporting post's country (see
    ``country_of_post``); it is counted among a case's countries when the case happens there.
    """
    paragraphs = list(paragraphs)
    leads = _media_leads(paragraphs)
    contexts = _contexts(paragraphs)
    found: list[_Found] = []
    scores: list[ParagraphScore] = []
    for paragraph in paragraphs:
        score = relevance(paragraph.text)
        lead = leads.get(paragraph.ordinal)
        if lead is not None:
            found.append(
                _Found(paragraph, 0, len(paragraph.text), _MEDIA_REPORT_CONFIDENCE, lead, [])
            )
            incidents: Sequence[Incident] = ()
        else:
            incidents = _joined(
                paragraph.text, find_incidents(paragraph.text, context=contexts[paragraph.ordinal])
            )
            for incident in incidents:
                _add_incident(found, paragraph, incident)
        candidate = score >= CANDIDATE_THRESHOLD and lead is None and not incidents
        scores.append(ParagraphScore(paragraph.ordinal, score, candidate))
    resolver = OutletResolver()
    texts = {paragraph.ordinal: paragraph.text for paragraph in paragraphs}
    found.sort(key=lambda item: (item.paragraph.ordinal, item.start))
    cases = [_case(item, texts, cable_date, post_country, resolver) for item in found]
    return _like_the_case_before(cases), scores


def _contexts(paragraphs: list[ParsedParagraph]) -> dict[int, str]:
    """What each paragraph is read in: its heading, and for a sub-paragraph the whole
    paragraph it belongs to. A questionnaire's answer split into its blocks (the parser's
    sub-paragraphs, 06REYKJAVIK68 ¶2) is about trafficking as its question is, though a
    block of it may not name trafficking itself."""
    families: list[list[ParsedParagraph]] = []
    for paragraph in paragraphs:
        if paragraph.depth and families:
            families[-1].append(paragraph)
        else:
            families.append([paragraph])
    contexts = {}
    for family in families:
        whole = "\n\n".join(member.text for member in family)
        for member in family:
            contexts[member.ordinal] = (
                f"{member.heading}\n\n{whole}" if len(family) > 1 else member.heading
            )
    return contexts


# "On October 22, the same court convicted a second registrar": where the case before was.
_SAME_PLACE = re.compile(
    r"\bthe\s+same\s+(?:court|city|town|village|province|region|district|governorate|"
    r"prosecutor|judge|police)\b",
    re.IGNORECASE,
)


# "on similar charges", "of the same offense": what the case before was.
_SAME_OFFENCE = re.compile(
    r"\b(?:the\s+same|similar|identical)\s+(?:offen[cs]es?|charges?|crimes?|counts?)\b",
    re.IGNORECASE,
)


def _like_the_case_before(cases: list[ExtractedCase]) -> list[ExtractedCase]:
    """Cases that refer to the case told just before them take what they leave unsaid from
    it: "the same court" its places, "similar charges" its form of exploitation and whether
    minors were involved."""
    for i in range(1, len(cases)):
        case, before = cases[i], cases[i - 1]
        fields = case.fields
        if before.fields.places and _SAME_PLACE.search(case.excerpt):
            known = {place.key for place in fields.places}
            extra = tuple(p for p in before.fields.places if p.key not in known)
            fields = replace(fields, places=fields.places + extra)
        if _SAME_OFFENCE.search(case.excerpt):
            fields = replace(
                fields,
                exploitation=fields.exploitation or before.fields.exploitation,
                minor=before.fields.minor if fields.minor is None else fields.minor,
            )
        cases[i] = replace(case, fields=fields)
    return cases


def _media_leads(paragraphs: list[ParsedParagraph]) -> dict[int, Lead]:
    """The paragraphs that are media reports of cases, by ordinal, with their leads.

    A report opens with a lead that names an outlet ("May 5, Interfax: ..."). Cables that
    list such reports are about trafficking as a whole, and some reports tell a case of
    forced labour without a word of trafficking; so a lead counts when its paragraph tells a
    case, or when enough of the cable's other leads do. A dated list of anything else (a
    training course, a press summary) is not one. A bare date ("On March 14, police ...")
    opens prose of every kind: the prose reader decides whether a case follows.
    """
    leads = {}
    for paragraph in paragraphs:
        lead = read_lead(paragraph.text)
        if lead is not None and lead.outlet is not None:
            leads[paragraph.ordinal] = lead
    if not leads:
        return {}
    telling = {ordinal for ordinal, lead in leads.items() if tells_a_case(lead.text)}
    if len(telling) >= max(2, _LEADS_ABOUT_TRAFFICKING * len(leads)):
        return leads
    return {ordinal: lead for ordinal, lead in leads.items() if ordinal in telling}


def _joined(text: str, incidents: list[Incident]) -> list[Incident]:
    """Incidents of one paragraph, those that go on telling the one just before joined to
    it ("... another Russian woman were then sent to ..." after a sentence the prose reader
    did not join)."""
    joined: list[Incident] = []
    for incident in incidents:
        if joined and same_incident(
            text[joined[-1].start : joined[-1].end], text[incident.start : incident.end]
        ):
            last = joined[-1]
            joined[-1] = Incident(
                last.start, incident.end, max(last.confidence, incident.confidence)
            )
        else:
            joined.append(incident)
    return joined


def _add_incident(found: list[_Found], paragraph: ParsedParagraph, incident: Incident) -> None:
    """Add an incident as a case, or as a telling of a case already found in the cable."""
    text = paragraph.text[incident.start : incident.end]
    for earlier in found:
        if earlier.lead is not None:
            continue
        earlier_text = earlier.paragraph.text[earlier.start : earlier.end]
        if not same_incident(earlier_text, text):
            continue
        if len(text) > len(earlier_text):
            # The case is pinned where it is told most fully (a summary paragraph names
            # it first, the details come later); the shorter telling links to it.
            earlier.tellings.append(Telling(earlier.paragraph.ordinal, earlier.start, earlier.end))
            earlier.paragraph, earlier.start, earlier.end = paragraph, incident.start, incident.end
        else:
            earlier.tellings.append(Telling(paragraph.ordinal, incident.start, incident.end))
        earlier.confidence = max(earlier.confidence, incident.confidence)
        return
    found.append(_Found(paragraph, incident.start, incident.end, incident.confidence, None, []))


def _case(
    item: _Found,
    texts: dict[int, str],
    cable_date: date | None,
    post_country: str | None,
    resolver: OutletResolver,
) -> ExtractedCase:
    excerpt = item.paragraph.text[item.start : item.end]
    lead = item.lead
    # The fields of a case told twice are read from both tellings: a summary names the
    # place, the details give the sentence.
    body = "\n\n".join(
        [lead.text if lead is not None else excerpt]
        + [
            texts[telling.paragraph_ordinal][telling.start : telling.end]
            for telling in item.tellings
        ]
    )
    return ExtractedCase(
        paragraph_ordinal=item.paragraph.ordinal,
        start=item.start,
        end=item.end,
        excerpt=excerpt,
        confidence=round(item.confidence, 3),
        # A media report is dated by its lead; a case told in the cable's own prose was
        # reported by the cable.
        reported_on=lead.reported_on(cable_date) if lead is not None else cable_date,
        outlet=resolver.resolve(lead.outlet) if lead is not None and lead.outlet else None,
        category=item.paragraph.heading,
        fields=fields_of_body(body, post_country=post_country, cable_date=cable_date),
        tellings=tuple(item.tellings),
    )


def extract_cases(
    paragraphs: Iterable[ParsedParagraph],
    cable_date: date | None,
    post_country: str | None = None,
) -> list[ExtractedCase]:
    """The cases of a cable, published or not (see ``ExtractedCase.publishable``)."""
    return analyse_paragraphs(paragraphs, cable_date, post_country)[0]


def score_paragraphs(paragraphs: Iterable[ParsedParagraph]) -> list[ParagraphScore]:
    """The relevance of every paragraph, and whether it is a candidate for staff: relevant at
    ``CANDIDATE_THRESHOLD`` or more with no case found in it."""
    return analyse_paragraphs(paragraphs, None)[1]
