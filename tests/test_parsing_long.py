"""Long paragraphs read at the breaks their source has (issue 13): texts written for
these tests in the shape of each oddity the mirror shows, not copies of the cables."""

from cases.parsing import parse_cable

ROUTING = "P 021530Z SEP 04\nFM AMEMBASSY LIMA\nTO SECSTATE WASHDC PRIORITY 0101\n"
# One sentence of 2,100 characters (100 times 21), to make paragraphs long.
FILLER = "The mission reports. " * 100


def _paragraphs(body: str) -> list[tuple[str, str, int, str]]:
    cable = parse_cable(f"{ROUTING}\nUNCLAS LIMA 000123\n\n{body}")
    return [(p.anchor, p.number, p.depth, p.text[:16]) for p in cable.paragraphs]


def test_joined_paragraph_numbers_with_two_spaces_before_the_marking():
    """ "... A HEADING  2.  (C)  Libya's ..." (08TRIPOLI567): in a joined line, a number
    with two spaces before its portion marking opens a paragraph as "2. (C)" does."""
    joined = (
        f"1.  (C)  Summary. {FILLER}End summary.  A HEADING IN CAPITALS  "
        f"2.  (C)  Second. {FILLER}  3.  (SBU)  Third. {FILLER}\n"
    )
    assert _paragraphs(joined) == [
        ("p1", "1", 0, "Summary. The mis"),
        ("p2", "2", 0, "Second. The miss"),
        ("p3", "3", 0, "Third. The missi"),
    ]


def test_two_rules_glued_before_a_paragraph_number():
    """ "---------------- ------------------ 3.  Subsequently, ..." (08BUENOSAIRES858):
    every rule comes off the line, and the number under them opens a paragraph."""
    body = (
        "1. (U) Opening.\n\n"
        "2. (U) The governor spoke.\nA Run-In Heading\n"
        "---------------- ------------------ 3.  Subsequently, the governor left.\n"
        "He said more.\n"
    )
    assert _paragraphs(body) == [
        ("p1", "1", 0, "Opening."),
        ("p2", "2", 0, "The governor spo"),
        ("p3", "3", 0, "Subsequently, th"),
    ]
    # A rule over the first number, with no text above it, is no paragraph of its own.
    assert _paragraphs("-------- 1.  The ambassador arrived.\n\n2. (U) Next.\n") == [
        ("p1", "1", 0, "The ambassador a"),
        ("p2", "2", 0, "Next."),
    ]
