"""How much a paragraph is about human trafficking, from 0 to 1.

Every paragraph of every cable gets a score, so that staff can find candidate cases in
cables not written as lists of case reports. The score grows with the weight of distinct
trafficking terms found (a repeated term counts a little more, not twice): 1 - exp(-S/6).
Drug, arms and wildlife trafficking are read as such and score nothing.
"""

from __future__ import annotations

import math
import re

from .vocab_match import compile_table, matches, words_of

# A paragraph at or above this score, not already a case, is a candidate case for staff.
CANDIDATE_THRESHOLD = 0.5

_SCALE = 6.0

# Weight -> terms (lower case). Distinct terms add up; a term found twice counts 1.5 times.
_TERMS: dict[str, tuple[str, ...]] = {
    "3.0": (
        r"\bhuman\s+trafficking",
        r"\btrafficking\s+in\s+(?:persons|human\s+beings|people|women|children)",
        r"\btrafficked\b",
        r"\btrafficking\s+victims?",
        r"\bvictims?\s+of\s+(?:human\s+)?trafficking",
        r"\bforced\s+labou?r",
        r"\bput\s+to\s+work\b|\bmade\s+to\s+work\b",
        r"\bforc(?:ed|ing)\s+(?:\w+\s+){0,3}to\s+(?:do\s+(?:\w+\s+){0,3})?work",
        r"\bforced\s+(?:\w+\s+){0,2}(?:into\s+)?prostitut",
        r"\bsex(?:ual(?:ly)?)?\s+exploit",
        r"\bbrothels?\b|\bpimps?\b",
        r"\bdebt\s+bondage|\bdomestic\s+servitude|\bsex\s+(?:trade|slaves?|slavery)",
        r"\bchild\s+labou?r|\bforced\s+begging|\bforced\s+marriage",
        r"\bsold\s+(?:\w+\s+){0,3}(?:to\s+a|into)\b",
    ),
    "2.0": (
        r"\bprostitut\w*",
        r"\bcommercial\s+sex",
        r"\bpornograph",
        r"\btraffick\w*",
        r"\banti-trafficking|\bcounter-trafficking",
        r"\blabou?r\s+exploitation",
        r"\bslavery|\bservitude",
        r"\bheld\s+against\s+(?:their|her|his)\s+will",
        r"\b(?:passports?|documents)\s+(?:were|was)\s+(?:taken|confiscated)",
        r"\btook\s+(?:their|her|his)\s+passports?",
    ),
    "1.0": (
        r"\bexploit\w*",
        r"\blured\b|\brecruit\w*|\bsmuggl\w*|\bkidnapp\w*|\babduct\w*",
        r"\bunpaid\b|\bnot\s+paid\b|\bpaid\s+(?:\w+\s+)?no\b",
        r"\bheld\s+(?:him|her|them)\b|\bbeaten\b",
        r"\b(?:working|worked)\s+(?:\w+\s+){0,3}illegally",
        r"\brescued\b|\breleased\s+from\b|\bescaped\b|\bfled\b|\bvictims?\b|\bshelters?\b",
    ),
    # Words of any criminal case: they add to trafficking words, and make little alone.
    "0.5": (
        r"\barrest\w*|\bdetained\b|\bconvicted\b|\bsentenced\b|\bcriminal\s+case",
        r"\bprosecut\w+|\binvestigat\w+",
        r"\bpolice\b|\bcourt\b|\bborder\b",
    ),
}
_PHRASES = compile_table(_TERMS)
_ACRONYMS = (("TIP", 2.0), ("NGO", 0.5), ("IOM", 0.5))
_ACRONYM = re.compile(r"\b(?:TIP|NGO|IOM)\b")

# Trafficking in things, not people: "drug trafficking", "arms traffickers", "arms, drug
# and contraband smuggling".
_GOODS_BEFORE = re.compile(
    r"(?:drugs?|narcotics?|cocaine|heroin|opium|marijuana|cannabis|arms|weapons?|guns?|wildlife|"
    r"ivory|cigarettes?|fuel|oil|antiquities|timber|contraband|goods|counterfeit\w*)[- ]"
    r"(?:(?:and|or|,)\s*\w+[- ])?$"
)
_GOODS_AFTER = re.compile(r"^\w*\s+(?:in|of)\s+(?:drugs|narcotics|cocaine|heroin|arms|weapons)\b")


def relevance(text: str) -> float:
    """The trafficking-vocabulary score of ``text``, from 0 (none) to 1."""
    lowered = text.lower()
    total = 0.0
    counted: list[tuple[int, int]] = []  # a word inside a heavier term is not counted again
    for phrase in _PHRASES.candidates(lowered, words_of(lowered)):
        count = 0
        for match in matches(lowered, phrase):
            start, end = match.span()
            if any(s < end and start < e for s, e in counted):
                continue
            if phrase.literal.startswith(("traffick", "smuggl")) and _about_goods(lowered, match):
                continue
            counted.append((start, end))
            count += 1
            if count == 2:
                break
        if count:
            total += float(phrase.code) * (1.5 if count > 1 else 1.0)
    if "TIP" in text or "NGO" in text or "IOM" in text:
        seen = set(_ACRONYM.findall(text))
        total += sum(weight for acronym, weight in _ACRONYMS if acronym in seen)
    return round(1 - math.exp(-total / _SCALE), 3)


def _about_goods(lowered: str, match: re.Match[str]) -> bool:
    start = match.start()
    return bool(
        _GOODS_BEFORE.search(lowered[max(0, start - 30) : start])
        or _GOODS_AFTER.match(lowered[start : start + 40])
    )
