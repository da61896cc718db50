"""The labels that open a cable's sections and sub-paragraphs, other than paragraph numbers.

Cables answering a questionnaire letter their sections after its paragraphs ("18A.",
05SANJOSE488), or under a numbered paragraph ("-- A.", 10REYKJAVIK31; "A.", "(a)", "1)");
investment statements number them after a letter ("A.1.", "A.11.a.", 09LONDON109). A
label is read off the start of a block, with its kind (its style) and its place in the
sequence of its kind, so that a block opening with an initial ("J. Smith said") or a
portion marking ("(C) He added") is not taken for one: a label counts only in sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# Each style: its kind, and a pattern whose groups are the parts of the label. The text
# must go on after the label: a letter alone on a line is not one.
_STYLES: list[tuple[str, re.Pattern[str]]] = [
    # "18A.", "5C.", "22 H." (a lettered section of paragraph 18).
    ("NA", re.compile(r"^(?P<number>\d{1,3})\s?(?P<letter>[A-Z])\s*[.)]\s+(?=\S)")),
    # "A.1.", "A.11.a." (a numbered section of a lettered part).
    (
        "A.N",
        re.compile(r"^(?P<letter>[A-Z])\.(?P<number>\d{1,2})\.(?:(?P<sub>[a-z])\.)?\s+(?=\S)"),
    ),
    # "-- A.", "- B)".
    ("-A", re.compile(r"^-{1,2}\s*(?P<letter>[A-Z])\s*[.)]\s+(?=\S)")),
    ("A.", re.compile(r"^(?P<letter>[A-Z])\.\s+(?=\S)")),
    ("A)", re.compile(r"^(?P<letter>[A-Z])\)\s+(?=\S)")),
    ("(A)", re.compile(r"^\((?P<letter>[A-Z])\)\s+(?=\S)")),
    ("(a)", re.compile(r"^\((?P<letter>[a-z])\)\s+(?=\S)")),
    ("a.", re.compile(r"^(?P<letter>[a-z])\.\s+(?=\S)")),
    ("a)", re.compile(r"^(?P<letter>[a-z])\)\s+(?=\S)")),
    ("(1)", re.compile(r"^\((?P<number>\d{1,2})\)\s+(?=\S)")),
    ("1)", re.compile(r"^(?P<number>\d{1,2})\)\s+(?=\S)")),
]


@dataclass(frozen=True)
class Label:
    """A label at the start of a block: ``kind`` is its style ("NA", "A.", "(a)" ...),
    ``text`` the label as shown ("18A", "A", "a", "A.1"), ``group`` what its sequence
    runs within (the paragraph number of "18A."), ``position`` its place in that
    sequence (A is 1), and ``end`` where the text after it starts."""

    kind: str
    text: str
    group: str
    position: int
    end: int


def read_label(text: str) -> Label | None:
    """The label opening ``text`` (a block's text, "¶" glyphs removed), or None."""
    for kind, pattern in _STYLES:
        match = pattern.match(text)
        if match is None:
            continue
        parts = match.groupdict()
        letter, number = parts.get("letter"), parts.get("number")
        if kind == "NA":
            return Label(kind, f"{number}{letter}", number, _LETTERS.index(letter) + 1, match.end())
        if kind == "A.N":
            shown = f"{letter}.{number}" + (f".{parts['sub']}" if parts.get("sub") else "")
            return Label(kind, shown, letter, int(number), match.end())
        if letter is not None:
            return Label(kind, letter, "", _LETTERS.index(letter.upper()) + 1, match.end())
        return Label(kind, number, "", int(number), match.end())
    return None


# Questionnaire answers skip the questions they do not answer ("-- D." then "-- F.",
# 06REYKJAVIK68): a label may come this many places after the one before it.
_MOST_SKIPPED = 3


def follows(label: Label, previous: Label | None) -> bool:
    """Whether ``label`` can come after ``previous``, the last label of its kind in the
    same place (None when it is the first): the first of a sequence is A (or 1), each
    next one a later one, a few places on at most; "A.N" labels, which name their part,
    may come in any order."""
    if label.kind == "A.N":
        return True
    if previous is None or previous.group != label.group:
        return label.position == 1
    return previous.position < label.position <= previous.position + _MOST_SKIPPED
