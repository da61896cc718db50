"""Sentences of a paragraph with their character offsets, so that a case can be pinned to
the exact text it was read from.

Cables end sentences with ". ", but also carry list items ("-- a Guatemalan woman ...;"),
abbreviations ("U.S.", "Mr."), initials and section headings run into the text
("Prosecution -------------- The government ..."); each is handled below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """``text`` is ``paragraph[start:end]``, with no surrounding white space."""

    start: int
    end: int
    text: str
    item: bool = False  # an item of a list, opened by a dash or a bullet


# A full stop, question or exclamation mark (and closing quotes or brackets), then space,
# then what can open a sentence.
_HEADING_RULE = r"(?<=\S)\s*-{4,}\s*"  # a heading underlined in the text: "Prosecution -----"
# WikiLeaks' mark of a gap in a partial extract: "Peru. ########### illegally"
_GAP = r"\s*#{3,}\s*"
_SENTENCE_END = r"(?<=[.!?])[\"”')\]]*(?P<space>\s+)(?=[\"“(\[]?[A-Z0-9])"
# A list item opens with a dash or a bullet after a line break or after the end of the
# item before it ("IOM knew of four cases: -- a Costa Rican woman ...; -- a ..."); a dash
# inside a sentence is punctuation ("a circus group - whose contract terms ...").
_ITEM = (
    r"\s*\n\s*(?=(?:--|-\s|[•*]\s))"
    r"|(?:(?<=[.;:])|(?<=; and)|(?<=; or))\s*(?=(?:--|\s-\s|\s[•*]\s))"
)
# Wherever _ITEM can match, this matches too (it asks less).
_ITEM_HINT = re.compile(r"--|\s[-•*]\s|\n\s*[-•*]")


def _boundary(rule: bool, gap: bool, items: bool) -> re.Pattern[str]:
    """The boundaries a text can hold: an alternative whose mark the text lacks can never
    match, and leaving it out spares trying it at every character (split_sentences took a
    third less time over the mirror's paragraphs)."""
    chosen = [_HEADING_RULE] * rule + [_GAP] * gap + [_SENTENCE_END] + [_ITEM] * items
    return re.compile("|".join(chosen))


_BOUNDARIES = {
    (rule, gap, items): _boundary(rule, gap, items)
    for rule in (False, True)
    for gap in (False, True)
    for items in (False, True)
}
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Maj|Gov|Sen|Rep|Amb|Prof|No|Nos|Art|"
    r"Arts|Co|Corp|Inc|Ltd|vs|approx|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|para|Para|paras|"
    r"ref|Ref|refs|ie|eg)|\b(?:U\.S|U\.N|U\.K|E\.U|i\.e|e\.g|a\.m|p\.m|etc)|(?:^|\s)[A-Z])\.$"
)


def split_sentences(text: str) -> list[Sentence]:
    """The sentences and list items of ``text``, in order, with offsets into ``text``."""
    pieces: list[Sentence] = []
    start = 0
    boundary = _BOUNDARIES["----" in text, "###" in text, bool(_ITEM_HINT.search(text))]
    for match in boundary.finditer(text):
        # Closing quotes and brackets belong to the sentence they close.
        stop = match.start("space") if match["space"] else match.start()
        head = text[start:stop]
        if head.endswith(".") and _ABBREVIATION_END.search(head):
            continue
        _append(pieces, text, start, stop)
        start = match.end()
    _append(pieces, text, start, len(text))
    return pieces


def _append(pieces: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # A list item's dash is not part of its sentence.
    item = False
    while start < end and text[start] in "-•*" and (end - start) > 1:
        item = True
        start += 1
        while start < end and text[start].isspace():
            start += 1
    if end > start and any(char.isalnum() for char in text[start:end]):
        pieces.append(Sentence(start, end, text[start:end], item))
