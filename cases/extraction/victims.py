"""What a case says about its victims: ages, whether a minor is involved, how many, which sex.

Ages and nouns that belong to the perpetrators ("by a 33-year-old woman", "the 26-year-old
madam", "three female traffickers") are told apart from the victims' by the words around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import gazetteer
from .text import NUMBER, parse_number

VICTIM_SEXES: dict[str, str] = {"female": "Female", "male": "Male", "mixed": "Female and male"}

# "17-year-old", "16 years old", "from 16 to 45 years old", "14- and 15-year-old": read back
# from each "year(s) old".
_YEARS_OLD = re.compile(r"years?[- ]olds?\b")
_AGE_BEFORE = re.compile(
    rf"\b(?P<a>{NUMBER})(?:-?\s*(?:to|and|or|-|–)\s*(?P<b>{NUMBER}))?[- ]$", re.IGNORECASE
)
# "aged 14", "aged between 14 and 17", "ages 12 to 16", "as young as 12": (word, pattern).
_AGE_PATTERNS = (
    (
        "aged",
        re.compile(
            rf"\baged\s+(?:between\s+)?(?P<a>{NUMBER})(?:\s*(?:to|and|-|–)\s*(?P<b>{NUMBER}))?\b"
        ),
    ),
    (
        "ages",
        re.compile(rf"\bages\s+(?:of\s+)?(?P<a>{NUMBER})\s*(?:to|and|-|–)\s*(?P<b>{NUMBER})\b"),
    ),
    ("young as", re.compile(rf"\bas\s+young\s+as\s+(?P<a>{NUMBER})\b")),
)

_PERPETRATOR_NOUNS = (
    r"traffickers?|madams?|pimps?|recruiters?|owners?|businessm[ae]n|businesswom[ae]n|captors?|"
    r"suspects?|defendants?|employers?|accomplices?|organi[sz]ers?|directors?|landlad(?:y|ies)|"
    r"landlords?|drivers?|officers?|policem[ae]n|policewom[ae]n|smugglers?|kidnappers?|"
    r"perpetrators?|offenders?|criminals?|gang|ringleaders?|brokers?|agents?|husband"
)
_PERPETRATOR_VERBS = (
    r"forced|recruited|sold|trafficked|lured|offered|organi[sz]ed|ran|runs|owned|owns|kept|held|"
    r"exploited|kidnapped|attempted|tried|beat|raped|promised|arranged|transported|smuggled|"
    r"bought|persuaded|deceived|took"
)
# "by a 33-year-old woman", and the object of a court or police: "sentenced a 41-year-old".
_AGENT_BEFORE = re.compile(
    r"\b(?:by|sentenced|convicted|arrested|jailed|charged|prosecuted|indicted|acquitted|fined|"
    r"detained|apprehended|prison|jail|(?:conviction|arrest|prosecution|indictment|trial)\s+of|"
    r"against)"
    r"\s+(?:a|an|the|two|three|four|five|several|his|her|their)?\s*"
    # the words between are the person's ("two Turkish men"), not a new clause ("two men
    # of forcing eight street children")
    r"(?:(?!(?:of|for|to|into|with|from|in|on|and|at)\b)[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
# "Five Moldovan men were indicted", "two men in the capital were convicted".
_JUSTICE_AFTER = (
    r"(?:were|was|have\s+been|had\s+been|are|is)\s+(?:\w+\s+)?(?:indicted|arrested|convicted|"
    r"charged|sentenced|detained|tried|prosecuted|accused|suspected|jailed|apprehended|fined)"
)
_PERPETRATOR_AFTER = re.compile(
    rf"^(?:\s+[\w'’-]+){{0,3}}?\s+(?:{_PERPETRATOR_NOUNS})\b"
    rf"|^(?:\s+[\w'’-]+){{0,2}}?\s+who\s+(?:had\s+|has\s+|allegedly\s+)?(?:{_PERPETRATOR_VERBS})\b"
    # "a woman kidnapped for sexual exploitation" is a victim: the verb is passive there
    rf"|^\s+(?:allegedly\s+|then\s+|later\s+)?(?:{_PERPETRATOR_VERBS})\b"
    r"(?!\s+(?:for|by|into|to|from|in|at|and|as|abroad|while|across)\b)"
    rf"|^(?:\s+(?!(?:who|which|that|and|or|but|into|to|for|of|with|by)\b)[\w'’,-]+){{0,3}}?"
    rf"\s+{_JUSTICE_AFTER}\b",
    re.IGNORECASE,
)

# "a boy", "under-aged girls", "minors", "child labour". A child with a possessive or after
# "with" ("came with two children", "until their children reach the age of 14") is
# someone's child, not said to be a victim.
_MINOR_WORDS = re.compile(
    r"\b(?:boys?|under-?aged?|underage|minors\b|(?:a|the|one|two|three|four|five)\s+minor\b|"
    r"minor\s+(?:girls?|boys?|victims?|children)|juveniles?|teen(?:ager)?s?|teenaged?|"
    r"schoolgirls?|schoolboys?|infants?|bab(?:y|ies)|adolescents?|"
    r"child(?:ren)?|under\s+(?:the\s+age\s+of\s+)?(?:1[0-8]|[1-9]))\b",
)
_NOT_A_VICTIM_CHILD = re.compile(
    r"(?:\b(?:their|her|his|my|its|own|with)\s+(?:\w+\s+)?|\bof\s+(?:a|an|the)\s+)$", re.IGNORECASE
)
_ADULT_WORDS = re.compile(r"\badults?\b", re.IGNORECASE)

_FEMALE = re.compile(r"\b(?:girls?|wom[ae]n|females?|daughters?|schoolgirls?)\b")
_MALE = re.compile(r"\b(?:boys?|m[ae]n|males?|sons?|schoolboys?)\b")
_SEX_ADJECTIVE = re.compile(rf"^\s+(?:{_PERPETRATOR_NOUNS})\b", re.IGNORECASE)

_VICTIM_NOUNS = (
    r"victims?|workers?|labou?rers?|migrants?|wom[ae]n|girls?|m[ae]n|boys?|children|minors?|"
    r"people|persons?|citizens?|nationals?|teenagers?|students?|villagers?|individuals?|youths?|"
    r"orphans?|females?|males?|maids?|prostitutes?|refugees?|homeless"
)
_QUANTIFIERS = (
    "as many as",
    "up to",
    "more than",
    "over",
    "at least",
    "about",
    "around",
    "approximately",
    "some",
    "nearly",
    "almost",
    "an estimated",
)
_VICTIM_NOUN = re.compile(rf"\b(?:{_VICTIM_NOUNS})\b")
_CAPITALISED_PLURAL = re.compile(r"\b[A-Z][a-z]+s\b")  # "15 Uzbeks"
# Words that end the noun phrase before a victim noun: "$700 to the boy" is no count.
_PHRASE_BREAKERS = frozenset(
    "to the of in for from with at by on and or a an was were had have who that".split()
)
_RANGE_WORDS = frozenset({"to", "or", "-", "–"})
_JOINED = re.compile(r"\s*,?\s*(?:and|as\s+well\s+as)?\s*")
_BOUND_BEFORE_NUMBER = re.compile(
    r"\b(?:as\s+many\s+as|up\s+to)\s+(?P<a>\d[\d,]*|[a-z]+(?:-[a-z]+)?)\b"
)
_LOWER_BOUND = {"more than", "over", "at least"}
_UPPER_BOUND = {"as many as", "up to"}


@dataclass(frozen=True)
class Victims:
    minor: bool | None
    ages: tuple[int, ...]
    count_min: int | None
    count_max: int | None
    sex: str | None


def victims_of(text: str) -> Victims:
    ages = victim_ages(text)
    low, high = victim_count(text)
    return Victims(
        minor=involves_minor(text, ages),
        ages=ages,
        count_min=low,
        count_max=high,
        sex=victim_sex(text),
    )


def _perpetrator_context(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 50) : start]
    cut = max(before.rfind("."), before.rfind(";"), before.rfind(","))
    return bool(
        _AGENT_BEFORE.search(before[cut + 1 :]) or _PERPETRATOR_AFTER.match(text[end : end + 60])
    )


def _group_words(phrase: str) -> str:
    """What names a counted group, without its number: "moldovan men" of "four Moldovan
    men"."""
    return " ".join(w.lower() for w in phrase.split() if _token_value(w) is None)


def _again(text: str, phrase_start: int, end: int, perpetrators: set[str]) -> bool:
    """A group named again with "the" ("The four Moldovan men, and a driver who ..., were
    tried") that was first named as perpetrators ("Four Moldovan men were charged"). Only
    a group named by more than its noun: "the two women" may be the victims of a case
    where two other women were arrested."""
    words = _group_words(text[phrase_start:end])
    return (
        " " in words
        and words in perpetrators
        and text[max(0, phrase_start - 4) : phrase_start].lower() == "the "
    )


def victim_ages(text: str) -> tuple[int, ...]:
    """Stated ages of the victims, in order of mention, without repeats."""
    lowered = text.lower()
    found: list[tuple[int, re.Match[str]]] = []
    if "year" in lowered:
        for match in _YEARS_OLD.finditer(lowered):
            start = match.start()
            number = _AGE_BEFORE.search(text, max(0, start - 40), start)
            if number is not None:
                found.append((number.start(), _Span(number, match.end())))
    for word, pattern in _AGE_PATTERNS:
        if word in lowered:
            found.extend((m.start(), _Span(m, m.end())) for m in pattern.finditer(lowered))
    ages: list[int] = []
    for _, span in sorted(found, key=lambda item: item[0]):
        if _perpetrator_context(text, span.start, span.end):
            continue
        for written in span.numbers:
            value = parse_number(written)
            if value is not None and 0 < value < 100 and int(value) not in ages:
                ages.append(int(value))
    return tuple(ages)


class _Span:
    """An age phrase: where it starts and ends, and the numbers it states."""

    __slots__ = ("start", "end", "numbers")

    def __init__(self, match: re.Match[str], end: int) -> None:
        self.start = match.start()
        self.end = end
        self.numbers = [n for n in (match["a"], match.groupdict().get("b")) if n]


def involves_minor(text: str, ages: tuple[int, ...] | None = None) -> bool | None:
    """True when a victim under 18 is stated (an age, or a word such as "boy" or
    "under-aged"); False when victims' ages are stated and all are adult; else None."""
    if ages is None:
        ages = victim_ages(text)
    if any(age < 18 for age in ages):
        return True
    for match in _MINOR_WORDS.finditer(text.lower()):
        word = match.group().lower()
        if word.startswith("child") and _NOT_A_VICTIM_CHILD.search(
            text[max(0, match.start() - 30) : match.start()]
        ):
            continue
        return True
    if ages or _ADULT_WORDS.search(text):
        return False
    return None


def victim_count(text: str) -> tuple[int | None, int | None]:
    """The number of victims as a range: "15 to 20 workers" (15, 20), "Four girls ... as many
    as 12 victims" (4, 12). (None, None) when no number is stated."""
    lowered = text.lower()
    lows: list[int] = []
    highs: list[int] = []
    nouns = [match.span() for match in _VICTIM_NOUN.finditer(lowered)]
    gaz = gazetteer()
    nouns.extend(
        match.span()
        for match in _CAPITALISED_PLURAL.finditer(text)
        if _is_demonym_plural(match.group(), gaz)
    )
    groups: list[list[int]] = []  # [start, end, low, high] of counts, "and"-joined ones summed
    perpetrators: set[str] = set()  # the groups named as perpetrators, to know them again
    for start, end in sorted(nouns):
        stated = _number_before(text[max(0, start - 60) : start])
        if stated is None:
            continue
        quantifier, low, high, offset = stated
        phrase_start = start - offset
        if _NOT_A_VICTIM_CHILD.search(text[max(0, phrase_start - 30) : phrase_start]):
            continue
        if _perpetrator_context(text, phrase_start, end):
            perpetrators.add(_group_words(text[phrase_start:end]))
            continue
        if _again(text, phrase_start, end, perpetrators):
            continue
        if groups and phrase_start < groups[-1][1]:
            # "two female minors" read again at its last noun: one phrase, not two
            groups[-1] = [phrase_start, end, low, high]
            continue
        if quantifier in _UPPER_BOUND:
            highs.append(high)
        elif quantifier in _LOWER_BOUND:
            lows.append(low)
        elif groups and _JOINED.fullmatch(text[groups[-1][1] : phrase_start]):
            # "two women and three children": one group of five
            groups[-1][1:] = [end, groups[-1][2] + low, groups[-1][3] + high]
        else:
            groups.append([phrase_start, end, low, high])
    for _, _, low, high in groups:
        lows.append(low)
        highs.append(high)
    if "as many as" in lowered or "up to" in lowered:
        for match in _BOUND_BEFORE_NUMBER.finditer(lowered):
            value = _count_number(match["a"])
            if value is not None and _victims_follow(lowered, match.end()):
                highs.append(value)
    low = max(lows) if lows else None
    high = max(highs) if highs else None
    if low is None and high is None and _one_victim(text):
        return 1, 1
    if low is not None and high is not None and high < low:
        high = low
    return low, high


# "a 16-year old girl", "a Guatemalan woman", "a Chinese national in his twenties".
_ONE_VICTIM = re.compile(
    r"\b(?:a|an|one)\s+(?:(?!(?:of|for|to|into|with|from|in|on|and|at|who|that)\b)[\w'’-]+\s+)"
    r"{0,3}?(?:girl|woman|boy|child|minor|victim|teenager|national|citizen|worker|maid|"
    r"housemaid|orphan|student|villager|man)\b",
    re.IGNORECASE,
)


def _one_victim(text: str) -> bool:
    """Whether the text tells of one victim, named in the singular and not as a suspect."""
    return any(
        not _perpetrator_context(text, match.start(), match.end())
        for match in _ONE_VICTIM.finditer(text)
    )


def _count_number(word: str) -> int | None:
    if word in ("a", "an", "single") or (
        word.isdigit() and len(word) == 4 and word[:2] in ("19", "20")
    ):
        return None  # "a girl" is no count; "2007 victims" is a year
    value = parse_number(word)
    if value is None or value < 1 or value != int(value):
        return None
    return int(value)


def _token_value(token: str) -> tuple[int, int] | None:
    """ "15" -> (15, 15); "15-20" -> (15, 20); "fifteen" -> (15, 15); else None."""
    word = token.lower()
    if not word[-1:].isalnum():
        return None  # "since 2005. They located their victims": a clause ends there
    value = _count_number(word)
    if value is not None:
        return value, value
    low, dash, high = word.replace("–", "-").partition("-")
    if dash and low.isdigit() and high.isdigit():
        return int(low), int(high)
    return None


def _number_before(before: str) -> tuple[str, int, int, int] | None:
    """The number closing ``before`` (a few adjectives may follow it): its quantifier,
    its low and high values, and how many characters back from the end it starts."""
    tokens = before.split()[-8:]
    j = len(tokens)
    adjectives = 0
    while j and _token_value(tokens[j - 1]) is None:
        word = tokens[j - 1]
        # "14 Burmese and Cambodian men": "and" may join two nationalities.
        joins_names = (
            word in ("and", "or") and j >= 2 and adjectives and tokens[j - 2][:1].isupper()
        )
        if adjectives == 3 or not word[-1].isalpha():
            return None
        if word.lower() in _PHRASE_BREAKERS and not joins_names:
            return None
        j -= 1
        adjectives += 1
    if not j:
        return None
    first = j - 1
    stated = _token_value(tokens[first])
    assert stated is not None
    low, high = stated
    joiner = tokens[first - 1].lower() if first >= 2 else ""
    between = joiner == "and" and first >= 3 and tokens[first - 3].lower() == "between"
    if joiner in _RANGE_WORDS or between:
        earlier = _token_value(tokens[first - 2])
        if earlier is not None:
            low, first = earlier[0], first - (3 if between else 2)
    preceding = " ".join(tokens[max(0, first - 3) : first]).lower()
    quantifier = next((q for q in _QUANTIFIERS if preceding.endswith(q)), "")
    offset = len(" ".join(tokens[first:])) + 1
    return quantifier, low, high, offset


def _victims_follow(text: str, end: int) -> bool:
    """ "as many as 12 victims" or "as many as 12" closing a clause about victims."""
    after = text[end : end + 40]
    return bool(re.match(rf"^\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_VICTIM_NOUNS})\b|^\s*[.,;]", after))


def _is_demonym_plural(word: str, gaz) -> bool:
    return any(entry.kind == "demonym" and entry.country for entry in gaz.lookup(word.lower()))


def victim_sex(text: str) -> str | None:
    """ "female", "male" or "mixed" from the words naming the victims; None when unsaid."""
    lowered = text.lower()
    female = _sex_named(text, lowered, _FEMALE)
    male = _sex_named(text, lowered, _MALE)
    if female and male:
        return "mixed"
    if female:
        return "female"
    if male:
        return "male"
    return None


def _sex_named(text: str, lowered: str, pattern: re.Pattern[str]) -> bool:
    perpetrators: set[str] = set()
    for match in pattern.finditer(lowered):
        stated = _number_before(text[max(0, match.start() - 60) : match.start()])
        phrase_start = match.start() - stated[3] if stated else match.start()
        if _perpetrator_context(text, match.start(), match.end()):
            if stated:
                perpetrators.add(_group_words(text[phrase_start : match.end()]))
            continue
        if stated and _again(text, phrase_start, match.end(), perpetrators):
            continue
        if _SEX_ADJECTIVE.match(text[match.end() : match.end() + 30]):
            continue  # "three female traffickers"
        return True
    return False
