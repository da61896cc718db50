"""A case's summary: its first sentence, whole."""

from cases.extraction.summary import MAX_SUMMARY_LENGTH, summary_of


def test_first_sentence_without_its_opening_date():
    """The summary is the first sentence, without "On Month Day,", with its full stop."""
    text = "On March 4, police in Osh freed two girls. They had been sold to a bar."
    assert summary_of(text) == "Police in Osh freed two girls."


def test_a_long_sentence_is_whole():
    """A long first sentence is kept whole: no ellipsis in the middle of what it says."""
    text = (
        "A 19-year-old woman from a village near Balti, who had answered an advertisement for "
        "work as a waitress in a resort town, was sold twice before she escaped. She is safe."
    )
    assert summary_of(text) == text.split(" She is")[0]


def test_a_run_on_text_is_cut_at_a_clause():
    """Text the splitter cannot cut into sentences is cut at a clause, never mid-word."""
    text = "Police found " + ", ".join(f"worker number {n}" for n in range(200)) + "."
    summary = summary_of(text)
    assert len(summary) <= MAX_SUMMARY_LENGTH + 1
    assert summary.endswith("…")
    assert text.startswith(summary[:-1])
    assert summary[:-1].endswith(tuple("0123456789"))


def test_markup_escapes_and_abbreviations():
    """ "\\$" is a dollar sign; "Mr." does not end the sentence."""
    assert summary_of("Mr. Ivanov sold her for \\$400. Police arrested him.") == (
        "Mr. Ivanov sold her for $400."
    )
