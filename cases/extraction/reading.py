"""What one sentence of a paragraph shows of a case: words of trafficking, an event, how
particular it is, whether it is statistics or ruled out, whether it refers back."""

from __future__ import annotations

from functools import cached_property, lru_cache

from . import case_words as words
from .gazetteer import gazetteer
from .tellings import names_in
from .text import fold


@lru_cache(maxsize=8192)
def nationality_or_country(word: str) -> bool:
    key = fold(word)
    return any(
        entry.kind in ("demonym", "country") and entry.country for entry in gazetteer().lookup(key)
    )


@lru_cache(maxsize=8192)
def settlement(word: str) -> bool:
    key = fold(word)
    return any(entry.kind in ("city", "region") for entry in gazetteer().lookup(key))


def human_trafficking(text: str, lowered: str) -> tuple[bool, bool, bool]:
    """(a word of human trafficking, a word of trafficking in goods only, a word that can
    only be of people). ``lowered`` is ``text`` in lower case."""
    human = bool(words.TIP.search(text)) if "TIP" in text else False
    goods = False
    strong = False
    text = lowered
    for match in words.TRAFFICKING.finditer(text):
        word = match.group(0).lower()
        if word.startswith("traffick"):
            before = text[max(0, match.start() - 30) : match.start()]
            after = text[match.start() : match.start() + 50]
            if words.GOODS_BEFORE.search(before) or words.GOODS_AFTER.match(after):
                goods = True
                continue
            if words.PERSONS_TRAFFICKED.search(before) or words.PERSONS_TRAFFICKED.match(after):
                strong = True
            if after.lower().startswith(("trafficking victim", "trafficked ")):
                strong = True
        else:
            strong = True
        human = True
    return human, goods and not human, strong


def particular(text: str, lowered: str) -> tuple[float, bool]:
    """How concretely the sentence identifies an incident (0 = not at all), and whether it
    dates it by month or day."""
    weight = 0.0
    dated = bool(words.MONTH_DATE.search(lowered))
    if dated:
        weight += 1.0
    elif words.RELATIVE_DATE.search(lowered):
        weight += 0.5
    elif words.YEAR_DATE.search(lowered):
        weight += 0.3
    counted = bool(words.COUNTED_PERSON.search(lowered)) or any(
        nationality_or_country(match["word"]) for match in words.COUNTED_WORD.finditer(text)
    )
    if counted:
        weight += 1.0
    names = words.CAPITAL_WORDS.findall(text[1:])
    if any(nationality_or_country(name) for name in names):
        weight += 0.5
    if any(settlement(name) and not nationality_or_country(name) for name in names):
        weight += 0.3
    if words.ESTABLISHMENT.search(lowered) or words.NAMED_REGION.search(text):
        weight += 0.5
    if words.AGE.search(lowered):
        weight += 0.5
    return weight, dated


class Reading:
    """What one sentence shows of a case. Each feature is read when first asked for: most
    sentences of a long report are ruled out by the first one or two."""

    def __init__(self, text: str, paragraph_relevant: bool) -> None:
        self.text = text
        self.paragraph_relevant = paragraph_relevant
        # Set by the paragraph's reader: an item of a list announced as cases (its event is
        # the announcement's), and a case "on similar charges" after a trafficking case.
        self.listed = False
        self.same_offence = False

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def _trafficking_words(self) -> tuple[bool, bool, bool]:
        return human_trafficking(self.text, self.lower)

    @cached_property
    def trafficking(self) -> bool:
        """Words of human trafficking or exploitation, or charges like the case's before."""
        return self.same_offence or self._trafficking_words[0]

    @cached_property
    def of_people(self) -> bool:
        """Words that can only be of trafficking in people."""
        return self.same_offence or self._trafficking_words[2]

    @cached_property
    def exploitation(self) -> bool:
        """Weaker words of exploitation, in a paragraph about trafficking."""
        return self.paragraph_relevant and bool(words.EXPLOITATION.search(self.lower))

    @cached_property
    def crime_words(self) -> bool:
        """Words of drugs, terrorism, weapons."""
        return bool(words.OTHER_CRIME.search(self.lower))

    @cached_property
    def other_crime(self) -> bool:
        """Drugs, terrorism or goods, and nothing of human trafficking."""
        return self._trafficking_words[1] or (self.crime_words and not self.trafficking)

    @cached_property
    def smuggling(self) -> bool:
        return bool(words.MIGRANT_SMUGGLING.search(self.lower))

    @cached_property
    def event(self) -> bool:
        return self.listed or bool(words.EVENT.search(self.lower))

    @cached_property
    def _particulars(self) -> tuple[float, bool]:
        return particular(self.text, self.lower)

    @cached_property
    def particular(self) -> float:
        return self._particulars[0]

    @cached_property
    def dated(self) -> bool:
        """A month or a day."""
        return self._particulars[1]

    @cached_property
    def aggregate(self) -> bool:
        lowered = self.lower
        counted = words.COUNTED_PROCEEDINGS.search(lowered) or words.LARGE_COUNT.search(lowered)
        return bool(words.AGGREGATE.search(lowered) or counted)

    @cached_property
    def ruled_out(self) -> bool:
        """A question, a negation, the law, a programme, the embassy's own business."""
        return self.negated or self.ruled_out_but_negation

    @cached_property
    def negated(self) -> bool:
        """An event said not to have happened ("no one was arrested", "without charges")."""
        return bool(words.NEGATED_EVENT.search(self.lower))

    @cached_property
    def ruled_out_but_negation(self) -> bool:
        return self.programme or self.ruled_out_but_programme

    @cached_property
    def programme(self) -> bool:
        """Training, meetings, efforts, campaigns: the government's work, not an event."""
        lowered = self.lower
        return bool(words.PROGRAMME.search(lowered) and not words.STRONG_EVENT.search(lowered))

    @cached_property
    def ruled_out_but_programme(self) -> bool:
        text, lowered = self.text, self.lower
        return bool(
            text.rstrip().endswith("?")
            or words.QUESTION.match(text)
            or words.HYPOTHETICAL.search(lowered)
            or words.GENERIC_PERSON.search(lowered)
            or words.OWN_BUSINESS.match(text)
            or words.REPORT_TALK.search(text)
        )

    @cached_property
    def marker(self) -> bool:
        return bool(words.CASE_MARKER.search(self.text))

    @cached_property
    def hedged(self) -> bool:
        return bool(words.HEDGE.search(self.lower))

    @cached_property
    def refers_back(self) -> bool:
        return bool(words.REFERS_BACK.match(self.lower) or self.refers_back_inside)

    @cached_property
    def refers_back_inside(self) -> bool:
        return bool(words.REFERS_BACK_INSIDE.search(self.lower))

    @cached_property
    def new_topic(self) -> bool:
        return bool(words.NEW_TOPIC.match(self.lower))

    @cached_property
    def someone_new(self) -> bool:
        return bool(words.SOMEONE_NEW.search(self.lower))

    @cached_property
    def another_case(self) -> bool:
        return bool(words.ANOTHER_CASE.search(self.lower))

    @cached_property
    def names(self) -> frozenset[str]:
        """Of people and things: "Okafor"."""
        return names_in(self.text)


def read_sentence(text: str, paragraph_relevant: bool) -> Reading:
    """What ``text``, one sentence of a paragraph, shows of a case."""
    return Reading(text, paragraph_relevant)
