"""How far justice went in a case, and the longest prison sentence reported."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import NUMBER, parse_number
from .vocab_match import compile_table, first_positions, words_of

# In order: each stage is further than the ones before it. A case where some defendants were
# convicted and others acquitted is a conviction.
OUTCOMES: dict[str, str] = {
    "none": "No action reported",
    "arrested": "Detained or arrested",
    "investigation": "Under investigation",
    "charged": "Charged",
    "trial": "On trial",
    "acquitted": "Acquitted",
    "convicted": "Convicted",
}
_RANK = {code: rank for rank, code in enumerate(OUTCOMES)}

# Statements about the law or about people in general are not about this case's suspects
# ("persons convicted under the new law will face ...", "could be sentenced to").
_NOT_HYPOTHETICAL = "".join(
    f"(?<!{modal} be {{verb}})" for modal in ("will", "would", "could", "can", "may", "might")
)
_NOT_GENERIC = "".join(
    f"(?<!{who} {{verb}})" for who in ("persons", "person", "those", "anyone", "people")
)


def _real(verb: str) -> str:
    """``verb`` as a pattern that refuses hypothetical and generic uses of it."""
    return r"\b" + verb + (_NOT_HYPOTHETICAL + _NOT_GENERIC).format(verb=verb)


_STAGES = {
    "arrested": (
        r"\barrest(?:ed|s)?\b(?<!threat of arrest)(?<!threatened with arrest)",
        r"\bpolice\s+(?:\w+\s+){0,2}detained\b",
        r"\b(?:officers|authorities|guards)\s+(?:\w+\s+){0,2}detained\b",
        r"\b(?:was|were|been|being)\s+detained\s+(?:by|on|in|at|after|for|and\s+charged)\b",
        r"\bapprehend\w*",
        r"\b(?:in|into)\s+(?:police\s+)?custody\b",
        r"\bdismantled\b|\bbroke\s+up\b",
    ),
    "investigation": (
        r"\binvestigat\w+",
        r"\bcriminal\s+(?:case|cases|proceedings?)\b",
        r"\binquir(?:y|ies)\b",
        r"\bprobe\b",
        r"\bopened\s+a\s+case\b",
        # a case, to the police, is an investigation ("the revelation of a case involving")
        r"\b(?:a|the)\s+(?:criminal\s+|trafficking\s+|new\s+)?case\s+(?:involving|against)\b",
        # an accusation (by victims, the press) starts a case; a charge is the state's
        r"\baccused\s+of\b",
    ),
    "charged": (
        r"\b(?:was|were|been|being|is|are)\s+charged\b(?!\s*\\?\$)(?!\s+(?:us\s*)?\d)",
        r"\bcharged\s+(?:\w+\s+){0,3}?(?:with|under|in\s+connection)\b",
        r"\bcharges\s+(?:were|have\s+been|had\s+been)\s+(?:filed|brought|pressed)\b",
        r"\b(?:filed|pressed|brought)\s+charges\b",
        r"\bindict\w+",
        r"\bon\s+charges\s+of\b",
        r"\b(?:initiated|opened|brought|instituted)\s+(?:criminal\s+)?proceedings\s+against\b",
        r"\breferred\s+(?:\w+\s+){0,4}to\s+(?:the\s+)?(?:public\s+)?prosecut\w+",
        # A case sent to a court is charged: its trial has not begun ("referred the three
        # suspects to a court in the capital for trial").
        r"\b(?:referred|sent)\s+(?:[\w-]+\s+){0,14}?for\s+trial\b",
        r"\b(?:sent|referred|transferred)\s+(?:[\w-]+\s+){0,8}?to\s+(?:the|a)\s+(?:\w+\s+)?"
        r"court\b",
    ),
    "trial": (
        r"\b(?:stand|stands|standing|stood|went\s+on|went\s+to|go\s+on|go\s+to)\s+trial\b",
        r"\bon\s+trial\b",
        r"\btrial\s+(?:began|begun|started|opened|is\s+(?:ongoing|underway|continuing))\b",
        r"\bduring\s+the\s+trial\b",
        r"\bcourt\s+hearings?\b",
        r"\btrial\s+proceedings\b",
        r"\bset\s+(?:\w+\s+){0,6}?for\s+trial\b",
        r"\b(?:was|were)\s+tried\b",
    ),
    "acquitted": (
        r"\bacquit\w+",
        r"!\bfound\s+(?:\w+\s+){0,4}not\s+guilty\b",
        r"\bcleared\s+of\b",
        r"\bcharges\s+(?:were|have\s+been|had\s+been)\s+dropped\b",
    ),
    "convicted": (
        _real("convicted"),
        r"\bconvictions?\s+(?:of|against)\s+(?:the|an?|three|two|four|five|\d)",
        r"\bfound\s+(?:(?!not\b)\w+\s+){0,4}guilty\b",
        r"\bpleaded\s+guilty\b|\bpled\s+guilty\b",
        _real("sentenced"),
        r"\bserving\s+(?:time|(?:a|their|his|her)\s+(?:prison\s+)?sentences?)\b",
        r"\b(?:received|given|handed)\s+(?:\w+\s+){0,3}(?:years?|months?)\s+(?:in\s+prison|"
        r"in\s+jail|of\s+imprisonment|imprisonment|prison\s+terms?|prison\s+sentences?)\b",
    ),
}
_STAGE_PHRASES = compile_table(_STAGES)

_UNIT = r"(?P<unit>years?|months?)(?:['’]s?)?"
_TERM = re.compile(
    rf"\b(?P<a>{NUMBER})(?:\s*(?:to|-|–|and|or)\s*(?P<b>{NUMBER}))?[- ]{_UNIT}(?![- ]olds?\b)"
    rf"(?:\s+and\s+(?P<c>{NUMBER})\s+months?)?",
    re.IGNORECASE,
)
_TERM_BEFORE = re.compile(
    r"\b(?:sentenc\w+|received|receive|given|handed\s+down|jailed|imprisoned|serve|serving|"
    r"terms?\s+of|sentences?\s+of|imprisonment\s+of)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
_TERM_AFTER = re.compile(
    r"^\s*(?:of\s+)?(?:in\s+(?:a\s+)?(?:prison|jail|penal\s+colony|(?:labou?r|penal)\s+colony)|"
    r"imprisonment|incarceration|behind\s+bars|prison|jail|(?:prison\s+|jail\s+)?(?:sentences?|"
    r"terms?))\b",
    re.IGNORECASE,
)
# One of these must be in a text that reports a prison term.
_SENTENCE_WORDS = (
    "sentenc",
    "prison",
    "jail",
    "imprison",
    "received",
    "given",
    "handed",
    "serv",
    "term",
    "penal",
    "behind bars",
    "incarcerat",
)
# What the law provides is not what a court gave: "faces up to 15 years", "punishable by".
_POTENTIAL = re.compile(
    r"\b(?:faces?|facing|punishable|penalty|penalties|carries|carry|maximum|minimum|could|"
    r"would|may|might|up\s+to)\b[^.;]{0,30}$",
    re.IGNORECASE,
)


# "sentenced to life in prison", "life imprisonment", "a life sentence".
_LIFE = re.compile(
    r"\b(?:life\s+(?:in\s+prison|imprisonment|sentences?|terms?|in\s+jail)|"
    r"(?:sentenced|condemned)\s+(?:\w+\s+){0,3}to\s+life\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Justice:
    outcome: str
    max_sentence_years: float | None
    life_sentence: bool = False


def justice_of(text: str) -> Justice:
    return Justice(outcome(text), max_sentence_years(text), life_sentence(text))


def life_sentence(text: str) -> bool:
    """True when the text reports a life sentence given (not one the law provides)."""
    for match in _LIFE.finditer(text):
        if not _POTENTIAL.search(text[max(0, match.start() - 35) : match.start()]):
            return True
    return False


def outcome(text: str) -> str:
    """The furthest stage the text reports: "none" up to "convicted"."""
    lowered = text.lower()
    reached = first_positions(lowered, _STAGE_PHRASES, words_of(lowered))
    if not reached:
        return "none"
    return max(reached, key=_RANK.__getitem__)


def sentences_in_years(text: str) -> list[float]:
    """Prison terms the text reports as given, in years ("seven years" 7.0, "10 to 12 years
    in prison" 12.0, "18 months" 1.5)."""
    terms: list[float] = []
    lowered = text.lower()
    if ("year" not in lowered and "month" not in lowered) or not any(
        word in lowered for word in _SENTENCE_WORDS
    ):
        return terms
    for match in _TERM.finditer(text):
        before = text[max(0, match.start() - 60) : match.start()]
        after = text[match.end() : match.end() + 40]
        if not (_TERM_BEFORE.search(before) or _TERM_AFTER.match(after)):
            continue
        if _POTENTIAL.search(before[-35:]):
            continue
        longest = parse_number(match["b"] or match["a"])
        if longest is None:
            continue
        if match["unit"].lower().startswith("month"):
            longest /= 12
        elif match["c"]:
            longest += (parse_number(match["c"]) or 0) / 12
        terms.append(round(longest, 2))
    return terms


def max_sentence_years(text: str) -> float | None:
    terms = sentences_in_years(text)
    return max(terms) if terms else None
