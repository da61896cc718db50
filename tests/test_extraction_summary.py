"""One-line titles for lists of cases."""

from cases.extraction.summary import MAX_SUMMARY_LENGTH, summary_of


def test_first_sentence_without_its_opening_date():
    """The title is the first sentence, without "On Month Day," and the final full stop."""
    text = "On March 4, police in Osh freed two girls. They had been sold to a bar."
    assert summary_of(text) == "Police in Osh freed two girls"


def test_long_sentence_cut_at_a_word():
    """A long first sentence is cut at a word boundary and marked with an ellipsis."""
    text = (
        "A 19-year-old woman from a village near Balti, who had answered an advertisement for "
        "work as a waitress in a resort town, was sold twice before she escaped. She is safe."
    )
    summary = summary_of(text)
    assert len(summary) <= MAX_SUMMARY_LENGTH
    assert summary.endswith("…")
    assert text.startswith(summary[:-1])
    assert not summary[:-1].endswith(" ")


def test_markup_escapes_and_abbreviations():
    """ "\\$" is a dollar sign; "Mr." does not end the sentence."""
    assert summary_of("Mr. Ivanov sold her for \\$400. Police arrested him.") == (
        "Mr. Ivanov sold her for $400"
    )
