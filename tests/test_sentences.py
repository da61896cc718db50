"""Sentences of a paragraph, with their offsets."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.extraction import sentences
from cases.extraction.sentences import split_sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Police raided a bar. Two women were freed.",
            ["Police raided a bar.", "Two women were freed."],
        ),
        (
            "Mr. Smith met U.S. officials. They agreed.",
            ["Mr. Smith met U.S. officials.", "They agreed."],
        ),
        (
            "Prosecution ---------- The government charged two men.",
            ["Prosecution", "The government charged two men."],
        ),
        ("The report ends. ########## illegally held", ["The report ends.", "illegally held"]),
    ],
)
def test_sentences_abbreviations_headings_and_gaps(text, expected):
    assert [sentence.text for sentence in split_sentences(text)] == expected


def test_list_items():
    found = split_sentences(
        "NGOs knew of two cases:\n-- a woman sold to a bar;\n- a boy forced to beg."
    )
    assert [(s.text, s.item) for s in found] == [
        ("NGOs knew of two cases:", False),
        ("a woman sold to a bar;", True),
        ("a boy forced to beg.", True),
    ]


_PIECES = st.sampled_from(
    [
        "Police arrested two men",
        "the U.S. embassy",
        ". ",
        "? ",
        "; ",
        ": ",
        " ",
        "\n",
        "----",
        "--",
        " - ",
        "###",
        "• ",
        "* ",
        "-",
        '"',
        "The court",
        "a",
        "3",
        "Mr.",
        "; and ",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_the_boundaries_chosen_for_a_text_split_it_as_all_of_them_would(text):
    """Only the kinds of boundary whose marks a text holds are tried on it; trying them all
    splits every text the same way."""
    everything = sentences._boundary(True, True, True)
    chosen = split_sentences(text)
    saved = dict(sentences._BOUNDARIES)
    try:
        for key in sentences._BOUNDARIES:
            sentences._BOUNDARIES[key] = everything
        assert split_sentences(text) == chosen
    finally:
        sentences._BOUNDARIES.update(saved)
