"""Whether two passages of one cable tell the same incident.

Cables retell a case: a summary paragraph names it, a later section gives its details, a
comment comes back to it ("The case of the two Polish women noted above"). The guide counts
it once. What singles out an incident is its people and its numbers, not the law it was
tried under: two passages tell the same incident when they name the same person ("Okafor"),
or share two counted groups or places ("eight street children", "Alexandria"), and do not
date it to different months. A passage that says it is another case ("in a separate case")
never retells the one before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .dates import MONTH_PATTERN, month_number
from .gazetteer import gazetteer
from .text import NUMBER, fold, parse_number

_COUNTED = re.compile(
    rf"\b(?P<count>{NUMBER})\s+(?P<between>(?:[\w'’-]+\s+){{0,2}}?)"
    r"(?P<noun>(?-i:[a-z]{2,}s|m[ae]n|wom[ae]n|children|people))\b",
    re.IGNORECASE,
)
# "October 19", "May 2009", "October 19, 2009": when the incident happened.
_DATE = re.compile(
    rf"\b(?P<month>{MONTH_PATTERN})\b(?:\s+(?P<day>\d{{1,2}})\b)?(?:,?\s+(?P<year>(?:19|20)\d{{2}})\b)?",
    re.IGNORECASE,
)
# "In March, ...": a month named alone dates the incident only after such a word.
_IN_MONTH = re.compile(r"\b(?:in|on|during|since|by|until|early|late|mid-?)\s+$", re.IGNORECASE)
# A passage that says it comes back to a case told before.
_BACK_TO_EARLIER = re.compile(
    r"\b(?:(?:noted|mentioned|described|discussed|referred\s+to|cited|reported)\s+(?:above|earlier|"
    r"previously|in\s+(?:para(?:graph)?|section|reftel|ref))|aforementioned|above-mentioned|"
    r"see\s+(?:para(?:graph)?|section)|as\s+reported\s+in\s+ref)",
    re.IGNORECASE,
)
# Capitalised words inside a sentence, or two opening it ("Yelena Borisova, together ..."):
# a capital after a full stop is only the sentence's.
_CAPITALISED = re.compile(
    r"(?<=[a-z,;:]\s)[A-Z][a-z]+(?:[- ][A-Z][a-z]+)*|(?<=\()[A-Z][a-z]+"
    r"|(?:^|(?<=[.!?]\s))[A-Z][a-z]+(?=[- ][A-Z][a-z])(?:[- ][A-Z][a-z]+)+"
)
_ANOTHER_CASE = re.compile(
    r"\b(?:in\s+a\s+separate\s+case|in\s+another\s+case|a\s+separate\s+case|a\s+different\s+case)\b",
    re.IGNORECASE,
)
# Someone new: "three additional marriage registrars", "a second registrar".
_SOMEONE_NEW = re.compile(
    r"\b(?:additional\s+(?:\w+\s+)?(?:suspects|defendants|registrars|officials|traffickers|"
    r"victims|women|girls|men|children|people|persons)|a\s+(?:second|third|fourth)\s+\w+)\b",
    re.IGNORECASE,
)
# Capitalised words of institutions, documents and titles: they name no one in particular.
_NOT_NAMES = frozenset(
    """
    court courts police ministry minister government law laws child children code article
    articles prosecutor prosecutors public office district national criminal penal supreme
    federal provincial regional municipal city state department embassy post president
    unit division service services directorate agency council commission committee
    judge judges justice interior labor labour social affairs immigration border guard
    amendment amendments act decree report reports section question annex ref note comment
    international organization organisation migration united nations red cross
    foundation center centre coalition church university hospital shelter hotline
    mr mrs ms dr general director deputy chief head vice secretary ambassador
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    end summary both under after before during since while when where which what this that
    these those there then some many most other such each every all any no not our their
    security service services office branch help hope house home airport station
    she he they it we you his her its who
    """.split()
)
_SEAT = re.compile(r"\b(?:Court|Courts|Police|Prosecutor|Province|District|Governorate|Region)\b")
_NOUN_NOT_COUNTED = frozenset(
    "years months days weeks hours times was has this his its does is us less unless".split()
)
# Words for people in general: "eight individuals" and "eight people" are the same eight.
_PEOPLE = {word: "people" for word in ("individuals", "persons", "suspects", "people")} | {
    word: "victims"
    for word in ("victims", "women", "girls", "prostitutes", "minors", "children", "dancers")
}
# What two tellings must share to be one incident (a name or the same day is enough, two
# counted groups or places are), and less when one says it comes back to an earlier case.
_ENOUGH = 1.5
_ENOUGH_WHEN_BACK = 1.0


@lru_cache(maxsize=8192)
def _geographic(word: str) -> str:
    """ "place" for a settlement or region, "nation" for a country or nationality, else ""."""
    kinds = {entry.kind for entry in gazetteer().lookup(fold(word))}
    if kinds & {"city", "region"}:
        return "place"
    return "nation" if kinds else ""


@dataclass(frozen=True)
class Signature:
    """What singles out the incident a passage tells."""

    names: frozenset[str]
    counted: frozenset[tuple[int, str]]
    places: frozenset[str]
    nations: frozenset[str]
    dates: frozenset[tuple[int, int, int]]  # (year or 0, month, day or 0)
    another_case: bool
    back_to_earlier: bool
    someone_new: bool = False


def names_in(text: str) -> frozenset[str]:
    """The names of people and things the text gives ("Okafor", "Borisova"), folded."""
    return signature(text, only_names=True).names


def signature(text: str, *, only_names: bool = False) -> Signature:
    names: set[str] = set()
    places: set[str] = set()
    nations: set[str] = set()
    for match in _CAPITALISED.finditer(text):
        phrase = match.group(0)
        if phrase.lower() in _NOT_NAMES:
            continue
        kind = _geographic(phrase)
        if kind == "place":  # "Buenos Aires" is one place, not two
            places.add(fold(phrase))
            continue
        if kind:
            nations.add(fold(phrase))
            continue
        parts = re.split(r"[- ]", phrase)
        words = [word for word in parts if word.lower() not in _NOT_NAMES]
        if len(words) < len(parts) and _SEAT.search(phrase):
            # "the Reykjanes District Court", "the Sudurnes Police": a place, not a person
            places.update(fold(word) for word in words)
            continue
        for word in words:
            kind = _geographic(word)
            if kind == "place":
                places.add(fold(word))
            elif not kind and len(word) > 2:
                # "the Borisovas" and "Vera Borisova" are one family name
                names.add(fold(word).removesuffix("s"))
    if only_names:
        return Signature(
            frozenset(names), frozenset(), frozenset(), frozenset(), frozenset(), False, False
        )
    counted = set()
    for match in _COUNTED.finditer(text):
        noun = _PEOPLE.get(match["noun"].lower(), match["noun"].lower())
        value = parse_number(match["count"])
        if value is None or noun in _NOUN_NOT_COUNTED or 1900 <= value <= 2100:
            continue
        counted.add((int(value), noun))
        # "three Polish women" and "the three Polish women noted above": one group of
        # people, which says more than any three women.
        for word in match["between"].split():
            if word[:1].isupper() and _geographic(word) == "nation":
                counted.add((int(value), fold(word)))
    dates = set()
    for match in _DATE.finditer(text):
        month = month_number(match["month"])
        if month is None or not match.group(0)[0].isupper():
            continue
        if match["day"] or match["year"] or _IN_MONTH.search(text, 0, match.start()):
            dates.add((int(match["year"] or 0), month, int(match["day"] or 0)))
    return Signature(
        names=frozenset(names),
        counted=frozenset(counted),
        places=frozenset(places),
        nations=frozenset(nations),
        dates=frozenset(dates),
        another_case=bool(_ANOTHER_CASE.search(text)),
        back_to_earlier=bool(_BACK_TO_EARLIER.search(text)),
        someone_new=bool(_SOMEONE_NEW.search(text)),
    )


def _flat(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def same_incident(first: str, second: str) -> bool:
    """True when ``second`` tells again the incident ``first`` tells."""
    a, b = _flat(first), _flat(second)
    if a and b and (a in b or b in a):
        return True
    one, two = signature(first), signature(second)
    if two.another_case:
        return False
    if one.dates and two.dates and not _same_dates(one.dates, two.dates):
        return False
    same_day = bool({d for d in one.dates if d[2]} & {d for d in two.dates if d[2]})
    if two.someone_new and not same_day:
        return False  # "three additional registrars" are not the registrar told before
    # Who and when single out an incident; where and which nationality only add to that.
    strong = (
        2.0 * bool(one.names & two.names)
        # the same day: "On October 22, the court convicted ..."
        + 2.0 * same_day
        + len(one.counted & two.counted)
    )
    weak = len(one.places & two.places) + 0.5 * bool(one.nations & two.nations)
    if two.back_to_earlier:
        return strong + weak >= _ENOUGH_WHEN_BACK
    return strong >= 1 and strong + weak >= _ENOUGH


def _same_dates(first: frozenset, second: frozenset) -> bool:
    """Whether two passages date their incident alike: a date in one agrees with one in the
    other (a missing year or day agrees with any)."""
    for year, month, day in first:
        for other_year, other_month, other_day in second:
            if month != other_month:
                continue
            if year and other_year and year != other_year:
                continue
            if day and other_day and day != other_day:
                continue
            return True
    return False
