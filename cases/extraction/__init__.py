"""Case extraction: paragraph text in, case fields out. Pure Python; never imports Django."""

from .cases import (
    PUBLISH_THRESHOLD,
    ExtractedCase,
    ParagraphScore,
    Telling,
    analyse_paragraphs,
    extract_cases,
    score_paragraphs,
)
from .countries import country_label
from .fields import (
    EXPLOITATION_FORMS,
    EXPLOITATION_TYPES,
    MEANS_OF_CONTROL,
    OUTCOMES,
    SECTORS,
    VICTIM_SEXES,
    CaseFields,
    Place,
    extract_fields,
)
from .gazetteer import country_of_post, home_country
from .outlets import OutletName, OutletResolver
from .relevance import CANDIDATE_THRESHOLD, relevance

__all__ = [
    "CANDIDATE_THRESHOLD",
    "EXPLOITATION_FORMS",
    "EXPLOITATION_TYPES",
    "MEANS_OF_CONTROL",
    "OUTCOMES",
    "PUBLISH_THRESHOLD",
    "SECTORS",
    "VICTIM_SEXES",
    "CaseFields",
    "ExtractedCase",
    "OutletName",
    "OutletResolver",
    "ParagraphScore",
    "Place",
    "Telling",
    "analyse_paragraphs",
    "country_label",
    "country_of_post",
    "home_country",
    "extract_cases",
    "extract_fields",
    "relevance",
    "score_paragraphs",
]
