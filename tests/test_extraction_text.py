"""Shared helpers: folding, numbers in prose, sentences, and the phrase tables."""

import pytest

from cases.extraction.text import fold, parse_number, sentences, unescape
from cases.extraction.vocab_match import compile_table, earliest, first_positions


@pytest.mark.parametrize(
    "written, key",
    [
        ("Ust'-Kamenogorsk", "ust kamenogorsk"),
        ("Ürümqi", "urumqi"),
        ("St. Petersburg", "st petersburg"),
    ],
)
def test_fold(written, key):
    """Accents, apostrophes, dots and hyphens do not make spellings differ."""
    assert fold(written) == key


@pytest.mark.parametrize(
    "written, value",
    [
        ("15", 15),
        ("1,000", 1000),
        ("2.5", 2.5),
        ("seven", 7),
        ("Twenty-five", 25),
        ("a dozen", 12),
        ("several", None),
    ],
)
def test_parse_number(written, value):
    """Numbers as prose writes them."""
    assert parse_number(written) == value


def test_sentences_and_unescape():
    """Abbreviations do not end sentences; markup escapes are undone."""
    assert sentences("Mr. Ivanov paid U.S. officials. Then he left at 10 a.m. Monday.") == [
        "Mr. Ivanov paid U.S. officials.",
        "Then he left at 10 a.m. Monday.",
    ]
    assert unescape("sold for \\$300") == "sold for $300"


def test_phrase_tables_expand_alternatives_and_respect_negation():
    """Alternatives are tried one by one, word boundaries hold, negation is checked unless the
    phrase carries its own."""
    table = compile_table(
        {"beaten": (r"\b(?:beat|beaten)\b",), "unpaid": (r"!\b(?:were|was)\s+not\s+paid\b",)}
    )
    assert first_positions("they were beaten.", table) == {"beaten": 10}
    assert first_positions("they were not beaten.", table) == {}
    assert first_positions("the heartbeat was regular.", table) == {}
    assert first_positions("they were not paid.", table) == {"unpaid": 5}
    assert earliest("they were not paid and then beaten.", table) == "unpaid"
