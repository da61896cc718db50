"""Finding the trafficking cases told in prose, several to a paragraph, and their sentences.

A case (``cases_gold/GUIDE.md``) is one specific incident of human trafficking or a closely
related exploitation that the text reports with a concrete particular (counted or named
victims or perpetrators, a nationality, a place, a date) and an event (a rescue, a raid, an
arrest, an investigation, charges, a trial, a sentence...).

A case opens with a sentence that singles out an incident: it has particulars enough (a
month or a day, a counted person, a nationality, a place; see ``reading.particular``) and is not
one of what the guide rules out: statistics ("police opened 45 investigations during the
reporting period"), the law ("a person convicted of trafficking can be sentenced to ..."),
questions of a questionnaire, negations ("has not been asked to extradite a trafficking
suspect"), programmes and trainings. It runs on over the sentences that continue it ("The
victims were promised jobs ...", "Three victims of this trafficking incident were
repatriated") until one that opens another case or leaves it. The whole group, not only
its first sentence, must then speak of human trafficking or exploitation and of an event:
cables often open a case plainly ("In January 2005, authorities arrested two women running
a sham employment agency.") and say what it was in the next sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import case_words as words
from .case_words import mentions_trafficking
from .reading import Reading
from .sentences import Sentence, split_sentences

__all__ = ["Incident", "find_incidents", "mentions_trafficking", "opens_case", "tells_a_case"]

# How far a case runs on past its first sentence, at most.
MAX_CONTINUATION = 5


@dataclass(frozen=True)
class Incident:
    """One case found in a paragraph: ``text[start:end]`` tells it."""

    start: int
    end: int
    confidence: float


def opens_case(reading: Reading) -> bool:
    """Whether a sentence can be the first of a case."""
    if not (reading.event or reading.trafficking or reading.exploitation):
        return False
    needed = 0.5 if reading.another_case else 1.0 if reading.marker else 1.5
    if reading.particular < needed:
        return False
    if reading.ruled_out or reading.other_crime:
        return False
    if reading.aggregate and not reading.marker:
        return False
    # A very particular sentence of exploitation opens a case whose event may come next
    # ("a 27-year old Belarusian woman was tricked into coming to Istanbul ...").
    very_particular = reading.exploitation and reading.particular >= 2
    return reading.event or reading.trafficking or very_particular


def _continues(reading: Reading) -> bool:
    """Whether a sentence goes on with the case before it. What did not happen in it is
    part of its story when the sentence refers back to it ("The investigation ended in
    March without any charges"); so is an effort of the authorities that names something
    of the case inside it ("Despite an effort to locate the women, prosecutors found the
    evidence insufficient"), where their efforts in general are not."""
    if reading.aggregate or reading.new_topic or reading.another_case:
        return False
    if reading.ruled_out_but_programme or (reading.negated and not reading.refers_back):
        return False
    if reading.programme and not reading.refers_back_inside:
        return False
    if reading.marker and not reading.refers_back:
        return False
    if opens_case(reading):
        # A new date with someone new ("On October 22, the same court convicted a second
        # registrar") is a case of its own; so is anything dated that does not refer back.
        if reading.dated and (reading.someone_new or not reading.refers_back):
            return False
        if reading.someone_new and not reading.refers_back:
            return False
    return reading.refers_back


@dataclass(frozen=True)
class _Context:
    """What the paragraph around a case is about."""

    relevant: bool  # trafficking in persons
    smuggling: bool  # migrants smuggled, with no word of their exploitation
    other_crime: bool  # drugs, terrorism, weapons, with no word of people trafficked


def _context(lowered: str, relevant: bool, readings: Sequence[Reading]) -> _Context:
    """What a paragraph (``lowered``, in lower case) is about, read with its sentences."""
    of_people = any(reading.of_people for reading in readings if reading.trafficking)
    smuggled = words.MIGRANT_SMUGGLING.search(lowered) or words.SMUGGLED_MIGRANTS.search(lowered)
    return _Context(
        relevant=relevant,
        smuggling=bool(smuggled) and not words.SPECIFIC_EXPLOITATION.search(lowered),
        other_crime=bool(words.OTHER_CRIME.search(lowered)) and not of_people,
    )


def _confidence(group: Sequence[Reading], context: _Context) -> float:
    """How surely a group of sentences tells a case (0 when it does not)."""
    first = group[0]
    trafficking = any(reading.trafficking for reading in group)
    exploitation = any(reading.exploitation for reading in group)
    of_people = any(reading.of_people for reading in group)
    if not (trafficking or exploitation):
        return 0.0
    if not any(reading.event for reading in group):
        return 0.0
    if any(reading.other_crime for reading in group) and not trafficking:
        return 0.0
    if any(reading.smuggling for reading in group) and not trafficking:
        return 0.0
    if (context.other_crime or any(reading.crime_words for reading in group)) and not (
        of_people or exploitation
    ):
        return 0.0  # "a Ghanaian court sentenced five traffickers" of cocaine
    if not (of_people or exploitation or context.relevant):
        return 0.0  # "traffickers" once in a paragraph about something else
    confidence = 0.3 + 0.15 * min(first.particular, 2.5)
    if first.marker:
        confidence += 0.1
    if first.trafficking:
        confidence += 0.1
    elif not trafficking:
        confidence -= 0.1
    if first.hedged:
        confidence -= 0.1
    if len(group) > 1:
        confidence += 0.05
    if context.smuggling:
        # "charged with human trafficking" for smuggling migrants: for staff to judge.
        confidence -= 0.25
    return round(max(0.0, min(confidence, 0.95)), 3)


def find_incidents(text: str, *, context: str = "", relevant: bool | None = None) -> list[Incident]:
    """The cases told in a paragraph's ``text``, each with the span of its sentences.

    ``context`` is what surrounds the paragraph (its section heading); ``relevant`` says
    whether the paragraph is about trafficking (worked out from its text when None).
    """
    if not mentions_trafficking(text) and not mentions_trafficking(context):
        return []
    sentences = split_sentences(text)
    lowered = text.lower()
    if relevant is None:
        relevant = words.trafficking_words(text, lowered) >= 2 or mentions_trafficking(context)
    readings = [Reading(sentence.text, relevant) for sentence in sentences]
    _mark_listed_cases(sentences, readings)
    around = _context(lowered, relevant, readings)
    incidents: list[Incident] = []
    i = 0
    while i < len(sentences):
        if incidents and words.SAME_OFFENCE.search(readings[i].lower):
            readings[i].same_offence = True
        if not opens_case(readings[i]):
            i += 1
            continue
        last = _last_of_case(readings, i)
        confidence = _confidence(readings[i : last + 1], around)
        if confidence <= 0:
            i += 1
            continue
        incidents.append(Incident(sentences[i].start, sentences[last].end, confidence))
        i = last + 1
    return incidents


def _mark_listed_cases(sentences: Sequence[Sentence], readings: Sequence[Reading]) -> None:
    """The items of a list that a sentence announces as cases take their event from it."""
    announced = False
    for sentence, reading in zip(sentences, readings, strict=True):
        if not sentence.item:
            announced = bool(words.ANNOUNCES_CASES.search(sentence.text))
        elif announced:
            reading.listed = True


def tells_a_case(text: str) -> bool:
    """Whether ``text``, taken whole, tells of trafficking in persons and of an event: the
    test a paragraph opened by a media lead ("May 5, Interfax: ...") must pass, so that a
    dated list of anything else ("Middle Management Course, January 12 - ...") is not one."""
    lowered = text.lower()
    relevant = words.trafficking_words(text, lowered) >= 2
    readings = [Reading(sentence.text, relevant) for sentence in split_sentences(text)]
    return bool(readings) and _confidence(readings, _context(lowered, relevant, readings)) > 0


def _last_of_case(readings: Sequence[Reading], first: int) -> int:
    """The index of the last sentence of the case opened by sentence ``first``."""
    last = first
    names = set(readings[first].names)
    for j in range(first + 1, min(len(readings), first + 1 + MAX_CONTINUATION)):
        reading = readings[j]
        if not (_continues(reading) or _names_again(reading, names)):
            break
        names.update(reading.names)
        last = j
    return last


def _names_again(reading: Reading, names: set[str]) -> bool:
    """A sentence that names someone the case named goes on with it ("On December 1 the
    District Court acquitted Okafor ..."), unless it says it is another case. Naming them
    again refers back, so what did not happen to them is part of the case ("Prosecutors did
    not charge Okafor"), as after a pronoun (``_continues``)."""
    if reading.another_case or reading.aggregate or reading.ruled_out_but_negation:
        return False
    return not reading.new_topic and bool(reading.names & names)
