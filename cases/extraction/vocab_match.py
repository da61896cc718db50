"""Matching a text against a vocabulary of coded phrases, quickly and with negation.

Each extractor holds a table ``code -> phrase patterns``; this module compiles it once and
answers which codes a text shows, and where each first shows. A phrase negated by a word
just before it ("were not beaten") does not count, unless its pattern is written with a
leading ``!`` because it carries its own negation ("were not paid").

Speed: patterns are matched against the lower-cased text without ``re.IGNORECASE``, each
top-level alternative is compiled on its own so that it opens with a literal word, and that
word is looked for with ``in`` before the regular expression runs. Most paragraphs contain
none of a table's words, so most phrases cost one substring test. A leading ``\\b`` is checked
in Python, which keeps the literal first and lets ``re`` skip ahead to it. Phrases opening
with a whole word are indexed by it and tried only on texts that hold that word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

OWN_NEGATION = "!"

_NEGATION_BEFORE = re.compile(
    r"\b(?:not|never|no|nor|neither|nobody|none|without|denied|deny|denies)\s+(?:\w+\s+){0,3}$"
)
_LITERAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 '’-&")
_QUANTIFIERS = frozenset("?*{+")


@dataclass(frozen=True)
class Phrase:
    code: str
    pattern: re.Pattern[str]
    literal: str  # present in every match; "" when the pattern has none up front
    word: str  # the literal when it is a whole word ("police" in ``police\s+...``), else ""
    word_start: bool  # the pattern began with \b
    negatable: bool


class PhraseTable:
    """The compiled phrases of one vocabulary, indexed by the whole word each opens with, so
    that a text is only tried against phrases whose first word it contains."""

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self.phrases = tuple(phrases)
        self._by_word: dict[str, list[tuple[int, Phrase]]] = {}
        self._others: list[tuple[int, Phrase]] = []
        for index, phrase in enumerate(self.phrases):
            if phrase.word:
                self._by_word.setdefault(phrase.word, []).append((index, phrase))
            else:
                self._others.append((index, phrase))
        self._words = frozenset(self._by_word)

    def __iter__(self) -> Iterator[Phrase]:
        return iter(self.phrases)

    def __len__(self) -> int:
        return len(self.phrases)

    def candidates(self, lowered: str, words: frozenset[str]) -> list[Phrase]:
        """The phrases that may match ``lowered`` (whose ``words_of`` are ``words``), in
        table order."""
        found = [item for word in self._words & words for item in self._by_word[word]]
        found.extend(item for item in self._others if item[1].literal in lowered)
        found.sort(key=lambda item: item[0])
        return [phrase for _, phrase in found]


def compile_table(table: Mapping[str, Iterable[str]]) -> PhraseTable:
    """Compiled phrases of ``table``, for lower-cased text (write patterns in lower case)."""
    phrases = []
    for code, patterns in table.items():
        for written in patterns:
            negatable = not written.startswith(OWN_NEGATION)
            for alternative in _alternatives(written.removeprefix(OWN_NEGATION)):
                word_start = alternative.startswith(r"\b")
                body = alternative[2:] if word_start else alternative
                literal = _literal_prefix(body)
                whole = word_start and _ends_word(body[len(literal) :]) and literal.isalpha()
                phrases.append(
                    Phrase(
                        code,
                        re.compile(body),
                        literal,
                        literal if whole else "",
                        word_start,
                        negatable,
                    )
                )
    return PhraseTable(phrases)


def _split_top(pattern: str) -> list[str]:
    """``pattern`` split at its top-level ``|``."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _closing_paren(pattern: str, opening: int) -> int:
    depth, i, in_class = 0, opening, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced pattern: {pattern}")


def _alternatives(pattern: str) -> Iterator[str]:
    """``pattern`` as alternatives that each open with a literal when possible:
    ``\\b(?:took|taken)\\s+x`` gives ``\\btook\\s+x`` and ``\\btaken\\s+x``."""
    for part in _split_top(pattern):
        prefix = r"\b" if part.startswith(r"\b") else ""
        rest = part[len(prefix) :]
        if rest.startswith("(?:"):
            end = _closing_paren(rest, 0)
            after = rest[end + 1 :]
            if not after[:1] or after[0] not in _QUANTIFIERS:
                for inner in _split_top(rest[3:end]):
                    yield from _alternatives(prefix + inner + after)
                continue
        yield part


def _literal_prefix(body: str) -> str:
    """The literal text every match of ``body`` starts with ("prostitut" for
    ``prostitut\\w*``), stopping before a character a quantifier makes optional."""
    literal = []
    for i, char in enumerate(body):
        if char not in _LITERAL_CHARS:
            break
        if i + 1 < len(body) and body[i + 1] in _QUANTIFIERS:
            break
        literal.append(char)
    return "".join(literal)


def _ends_word(rest: str) -> bool:
    """True when what follows a literal cannot extend its word."""
    return not rest or rest.startswith((r"\s", r"\b", " ", "[ ", r"\W"))


_TEXT_WORD = re.compile(r"[a-z]+")


def words_of(lowered: str) -> frozenset[str]:
    """The words of a lower-cased text, for ``first_positions``."""
    return frozenset(_TEXT_WORD.findall(lowered))


def is_negated(text: str, start: int) -> bool:
    window = text[max(0, start - 40) : start]
    cut = max(window.rfind("."), window.rfind(";"))
    return bool(_NEGATION_BEFORE.search(window[cut + 1 :]))


def matches(lowered: str, phrase: Phrase) -> Iterator[re.Match[str]]:
    """Matches of ``phrase`` in ``lowered`` (lower-cased text), word boundary and negation
    checked."""
    for match in phrase.pattern.finditer(lowered):
        start = match.start()
        if (
            phrase.word_start
            and start
            and (lowered[start - 1].isalnum() or lowered[start - 1] == "_")
        ):
            continue
        if phrase.negatable and is_negated(lowered, start):
            continue
        yield match


def first_positions(
    lowered: str, table: PhraseTable, words: frozenset[str] | None = None
) -> dict[str, int]:
    """Code -> offset of its first un-negated phrase in ``lowered`` (lower-cased text);
    ``words`` are the text's ``words_of``, computed when not given."""
    if words is None:
        words = words_of(lowered)
    found: dict[str, int] = {}
    for phrase in table.candidates(lowered, words):
        for match in matches(lowered, phrase):
            if match.start() < found.get(phrase.code, len(lowered) + 1):
                found[phrase.code] = match.start()
            break
    return found


def earliest(lowered: str, table: PhraseTable, words: frozenset[str] | None = None) -> str | None:
    """The code whose phrase comes first in ``lowered``, or None."""
    positions = first_positions(lowered, table, words)
    if not positions:
        return None
    return min(positions, key=positions.__getitem__)
