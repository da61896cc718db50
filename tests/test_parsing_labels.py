"""The labels of sections and sub-paragraphs, and their sequences."""

import pytest

from cases.parsing.labels import follows, read_label


@pytest.mark.parametrize(
    "text, kind, shown, group, position",
    [
        ("18A.  (SBU) Costa Rica is", "NA", "18A", "18", 1),
        ("22 H. As mentioned", "NA", "22H", "22", 8),
        ("A.11.a. Corruption The Prevention", "A.N", "A.11.a", "A", 11),
        ("-- C.  With regard to", "-A", "C", "", 3),
        ("B. Palestinian Leadership", "A.", "B", "", 2),
        ("F) PLACE A PERMANENT", "A)", "F", "", 6),
        ("(b) To elicit", "(a)", "b", "", 2),
        ("c. ACS AND PASSPORT FRAUD", "a.", "c", "", 3),
        ("(3) Petrobras starts", "(1)", "3", "", 3),
        ("2) Final Status Issues", "1)", "2", "", 2),
    ],
)
def test_labels_of_every_style(text, kind, shown, group, position):
    label = read_label(text)
    assert (label.kind, label.text, label.group, label.position) == (kind, shown, group, position)
    assert not text[label.end :].startswith(" ")


@pytest.mark.parametrize("text", ["U.S. officials said", "A.", "1. Numbered", "The end."])
def test_what_is_not_a_label(text):
    assert read_label(text) is None


def test_labels_count_only_in_sequence():
    """A sequence opens with A (or 1) and goes on, skipping a few at most: an initial
    ("J. Smith said") or a portion marking ("(C) He added") out of sequence is no label."""
    a, b, f, j = (read_label(f"{x}. Text") for x in "ABFJ")
    assert follows(a, None) and follows(b, a) and not follows(j, None)
    assert follows(read_label("D. Text"), b) and not follows(f, b)
    assert not follows(read_label("(C) He added"), None)
    assert follows(read_label("19A. Text"), read_label("18C. Text"))
    assert not follows(read_label("19B. Text"), read_label("18A. Text"))
