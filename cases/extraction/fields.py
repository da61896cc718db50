"""The structured fields of one case, extracted from its paragraph.

``extract_fields`` runs each extractor on the paragraph (without its lead) and gathers what
they find in one frozen ``CaseFields``. Labels for every code vocabulary are re-exported
here so that pages can show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .countries import countries_of
from .dates import occurred
from .detection import read_lead
from .exploitation import (
    EXPLOITATION_FORMS,
    EXPLOITATION_TYPES,
    MEANS_OF_CONTROL,
    SECTORS,
    exploitation_of,
)
from .justice import OUTCOMES, justice_of
from .money import amounts_usd
from .places import Place, scan
from .summary import summary_of
from .text import unescape
from .victims import VICTIM_SEXES, victims_of

__all__ = [
    "EXPLOITATION_FORMS",
    "EXPLOITATION_TYPES",
    "MEANS_OF_CONTROL",
    "OUTCOMES",
    "SECTORS",
    "VICTIM_SEXES",
    "CaseFields",
    "Place",
    "extract_fields",
    "fields_of_body",
]


@dataclass(frozen=True)
class CaseFields:
    """Facets of one case. Codes are keys of the label dictionaries of this module."""

    countries: tuple[str, ...]  # sorted ISO 3166-1 alpha-2
    places: tuple[Place, ...]  # in order of first mention
    exploitation: str | None  # EXPLOITATION_FORMS
    sector: str | None  # SECTORS, for labour
    exploitation_type: str | None  # EXPLOITATION_TYPES, for sexual exploitation
    means_of_control: tuple[str, ...]  # MEANS_OF_CONTROL, in vocabulary order
    minor: bool | None
    ages: tuple[int, ...]
    victim_count_min: int | None
    victim_count_max: int | None
    victim_sex: str | None  # VICTIM_SEXES
    outcome: str  # OUTCOMES
    max_sentence_years: float | None
    amounts_usd: tuple[float, ...]
    summary: str
    life_sentence: bool = False  # someone was sentenced to life (no years to give)
    occurred: str = ""  # when the events happened: "2006-02-14", "2006-02", "2006" or ""


def extract_fields(
    text: str, *, cable_date: date | None = None, post_country: str | None = None
) -> CaseFields:
    """The fields of the case reported in ``text``, a paragraph with or without its lead.

    ``post_country`` (ISO alpha-2 of the reporting post, see ``country_of_post``) is counted
    among the case's countries when the case happens there. ``cable_date`` dates the events
    a text dates by month or day only ("In March, ...").
    """
    lead = read_lead(text)
    return fields_of_body(
        lead.text if lead else text, post_country=post_country, cable_date=cable_date
    )


def fields_of_body(
    body: str, *, post_country: str | None = None, cable_date: date | None = None
) -> CaseFields:
    """The fields of a case told in ``body`` (its sentences, without a lead)."""
    body = unescape(body)
    geo = scan(body, post_country=post_country)
    exploitation = exploitation_of(body)
    victims = victims_of(body)
    justice = justice_of(body)
    return CaseFields(
        countries=countries_of(geo, post_country),
        places=geo.places,
        exploitation=exploitation.form,
        sector=exploitation.sector,
        exploitation_type=exploitation.type,
        means_of_control=exploitation.means_of_control,
        minor=victims.minor,
        ages=victims.ages,
        victim_count_min=victims.count_min,
        victim_count_max=victims.count_max,
        victim_sex=victims.sex,
        outcome=justice.outcome,
        max_sentence_years=justice.max_sentence_years,
        amounts_usd=amounts_usd(body),
        summary=summary_of(body),
        life_sentence=justice.life_sentence,
        occurred=occurred(body, cable_date),
    )
