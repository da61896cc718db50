"""Small text helpers shared by the field extractors: folding, numbers, sentences."""

from __future__ import annotations

import re
import unicodedata

# Cables escape money signs as markup residue ("\$300", 08ASTANA1246 ¶4).
_ESCAPED = re.compile(r"\\([$%&*_#\[\]()])")
# Apostrophes and dots dropped, hyphens and slashes made spaces (the text is ASCII by then:
# curly apostrophes and long dashes went with the accents).
_FOLD_ASCII = str.maketrans({"'": None, "`": None, ".": None, "-": " ", "/": " "})

UNITS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "single": 1,
    "two": 2,
    "both": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

# A number as cables write it: "15", "1,000", "2.5", "seven", "twenty-five", "a dozen".
NUMBER_WORD = (
    r"(?:"
    + "|".join(
        sorted(
            (w for w in (*UNITS, *TENS) if w not in {"a", "an", "both", "single"}),
            key=len,
            reverse=True,
        )
    )
    + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
)
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{NUMBER_WORD}|(?:a |one )?dozen)"

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”')\]]*\s+(?=[\"“(\[]?[A-Z0-9])")
_ABBREVIATION_END = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sgt|No|Nos|Art|Co|Inc|Ltd|U\.S|U\.N|i\.e|e\.g|vs|"
    r"approx|a\.m|p\.m)\.$"
)


def unescape(text: str) -> str:
    """Text without the backslash escapes of markup residue (``\\$300`` becomes ``$300``)."""
    return _ESCAPED.sub(r"\1", text)


# Letters that carry no accent to strip but have a plain Latin spelling ("Suðurnes").
_PLAIN_LETTERS = str.maketrans(
    {
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ł": "l",
        "Ł": "L",
        "ı": "i",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
    }
)


def fold(text: str) -> str:
    """A spelling-insensitive key: no accents, lower case, apostrophes and dots dropped,
    hyphens and runs of spaces made one space ("Ust'-Kamenogorsk" -> "ust kamenogorsk")."""
    if not text.isascii():
        text = text.translate(_PLAIN_LETTERS)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    # Words joined by one space: str.split, not a pattern (the gazetteer folds 270,000 names
    # when it is built).
    return " ".join(text.lower().translate(_FOLD_ASCII).split())


# Spellings that romanisations trade for one another, made one; vowels (and the letters
# that stand for them: y, j, w, h) drop out after the first letter.
_DIGRAPHS = (
    ("tch", "c"),
    ("sh", "s"),
    ("ch", "c"),
    ("zh", "j"),
    ("kh", "k"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("ts", "c"),
    ("x", "ks"),
    ("q", "k"),
)
_SAME_SOUND = str.maketrans({"g": "k", "c": "k", "d": "t", "b": "p", "z": "s", "v": "f"})
_VOWELS = frozenset("aeiouyjwh")


def skeleton(text: str) -> str:
    """A key that different romanisations of one name share: "Mangystau" and "Mangghystau",
    "Karakalpakistan" and "Qoraqalpogiston", "Gharbeya" and "Gharbiyah" (and "Argumenty i
    Fakty" and "Argumenti i Fakti"). Loose by design: look names up by it only among few
    candidates (the regions of the countries a case names)."""
    key = fold(text).replace(" ", "").replace("-", "")
    for written, said in _DIGRAPHS:
        key = key.replace(written, said)
    key = key.translate(_SAME_SOUND)
    letters = [key[:1]]
    for letter in key[1:]:
        if letter in _VOWELS or letter == letters[-1]:
            continue
        letters.append(letter)
    return "".join(letters)


def parse_number(written: str) -> float | None:
    """The value of a number as written in prose, or None when it is not one."""
    word = written.strip().lower()
    if not word:
        return None
    digits = word.replace(",", "")
    try:
        return float(digits)
    except ValueError:
        pass
    if word.endswith("dozen"):
        return 12.0
    total = 0
    for part in re.split(r"[- ]+", word):
        if part in UNITS:
            total += UNITS[part]
        elif part in TENS:
            total += TENS[part]
        elif part in SCALES and total:
            total *= SCALES[part]
        else:
            return None
    return float(total)


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, split after ., ! or ? before a capital or digit.

    Abbreviations such as "Mr." or "U.S." do not end a sentence.
    """
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        head = text[start : match.start()]
        if _ABBREVIATION_END.search(head):
            continue
        if head.strip():
            pieces.append(head.strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces
