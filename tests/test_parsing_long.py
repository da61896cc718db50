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


def _wrapped(text: str, width: int = 66) -> str:
    """``text`` wrapped in lines as a teletype prints it."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def _record(serial: int) -> str:
    return (
        f"Vetting #: {serial}\nRank/Name: CPT Given Family Name\nDOB: 1/2/1970\n"
        "Place of Birth: Some Town, Some Country\nUnit/Institution: Border Police\n"
        "Course: A Training Course\nStart Date: 11/1/2009\nEnd Date: 11/12/2009\n"
    )


def test_vetting_records_glued_as_a_sentence_are_read_apart_when_long():
    """Records separated by blank lines end with a date, not a full stop, so each next
    block was glued on as the rest of a sentence (09STATE108736): in a long paragraph
    each record is a sub-paragraph; a short list stays one paragraph, its text as before."""
    records = "\n".join(_record(9000 + n) for n in range(30))
    cable = parse_cable(
        f"{ROUTING}\nUNCLAS LIMA 000123\n\n1. (U) Intro.\n\n2. (SBU) Officials:\n\n{records}"
    )
    assert [(p.anchor, p.depth) for p in cable.paragraphs][:4] == [
        ("p1", 0),
        ("p2", 0),
        ("p2a", 1),
        ("p2b", 1),
    ]
    assert len(cable.paragraphs) == 32
    assert cable.paragraphs[2].text.startswith("Vetting #: 9000 Rank/Name")
    assert cable.paragraphs[2].text.endswith("End Date: 11/12/2009")
    assert cable.paragraphs[-1].anchor == "p2ad"
    assert cable.paragraphs[-1].text.startswith("Vetting #: 9029")
    short = "\n".join(_record(9000 + n) for n in range(3))
    cable = parse_cable(f"{ROUTING}\nUNCLAS LIMA 000123\n\n1. (SBU) Officials:\n\n{short}")
    assert [p.anchor for p in cable.paragraphs] == ["p1"]
    assert "End Date: 11/12/2009 Vetting #: 9001" in cable.paragraphs[0].text


def test_lower_case_roman_numbers_open_sub_paragraphs_when_long():
    """ "i.      STATISTICS -" after a blank line is no continued sentence (09HERMOSILLO71);
    a page break inside a sentence ("at the" over "Consulate") still joins it."""
    body = (
        "1. (U) Fraud summary.\n\n"
        "2. (U) VISA FRAUD - The majority of the fraud at the\n\n"
        "Consulate is with visas.\n\n"
        f"i.      STATISTICS - {_wrapped(FILLER)}\n\n"
        f"ii.      DEATH FRAUD - {_wrapped(FILLER)}\n\n"
        f"iii.      OTHER FRAUD - {_wrapped(FILLER)}\n"
    )
    assert _paragraphs(body) == [
        ("p1", "1", 0, "Fraud summary."),
        ("p2", "2", 0, "VISA FRAUD - The"),
        ("p2a", "", 1, "i. STATISTICS - "),
        ("p2b", "", 1, "ii. DEATH FRAUD "),
        ("p2c", "", 1, "iii. OTHER FRAUD"),
    ]
    cable = parse_cable(f"{ROUTING}\nUNCLAS LIMA 000123\n\n{body}")
    assert (
        cable.paragraphs[1].text
        == "VISA FRAUD - The majority of the fraud at the Consulate is with visas."
    )


def test_list_items_opening_lines_of_a_long_block():
    """No blank lines, but each item opens a line: dash items ("--Defense - ...",
    09KABUL4070), numbers in brackets ("1) ...", 09STATE62395; "(3) ...", 06TOKYO1363),
    portion markings ("(C) ...", 10BERLIN138), roman numbers ("II. Status", 08SANJOSE881).
    Over 5,000 characters the block is read at them; shorter, it stays whole."""
    item = "The nominee served as a minister before and is well known. " * 30  # 1,800
    for opening in ("--Defense -", "-- Interior -", "1)", "(3)", "(C)", "II."):
        marks = {
            "1)": ["1)", "2)", "3)"],
            "(3)": ["(3)", "(4)", "(5)"],
            "II.": ["I.", "II.", "III."],
        }
        labels = marks.get(opening, [opening] * 3)
        items = "\n".join(_wrapped(f"{label} Item {item}") for label in labels)
        cable = parse_cable(f"{ROUTING}\nUNCLAS LIMA 000123\n\n3. (U) The list follows:\n{items}\n")
        assert [(p.anchor, p.number, p.depth) for p in cable.paragraphs] == [
            ("p1", "3", 0),
            ("p1a", "", 1),
            ("p1b", "", 1),
            ("p1c", "", 1),
        ], opening
        assert cable.paragraphs[0].text == "The list follows:"
        assert [p.text.split(" Item")[0] for p in cable.paragraphs[1:]] == labels
    few = "\n".join(_wrapped(f"-- Item {item[:600]}") for _ in range(3))
    cable = parse_cable(f"{ROUTING}\nUNCLAS LIMA 000123\n\n3. (U) The list follows:\n{few}\n")
    assert [p.anchor for p in cable.paragraphs] == ["p1"]
    assert "\n" not in cable.paragraphs[0].text


def test_items_run_into_one_joined_line_of_a_long_paragraph():
    """Copies that joined the lines run items into one line: dash items ("... Society --
    The British ...", 08STATE93970; "--A. (SBU)", 08MANAMA144), dash bullets after a
    sentence ("points: - Both ...", 09STATE112644), roman headings ("... drugs. II. STATUS",
    09CAIRO2351) and ruled headings ("------- Key stories: -------", 09TELAVIV2188).
    Over 5,000 characters the line is read at them; a dash inside a sentence is no item."""
    item = "The committee met again and agreed on the text of it. " * 35  # 1,890
    for marks in (
        ["-- The first", "-- The second", "-- The third"],
        ["--A. (SBU) First", "--B. (SBU) Second", "--C. (SBU) Third"],
        ["- The first", "- The second", "- The third"],
        ["II. STATUS OF COUNTRY", "III. COUNTRY ACTION", "IV. SOURCES"],
        ["------- Key stories: -------", "------- Editorials: -------", "---- Other: ----"],
    ):
        line = " ".join(f"{mark} {item}" for mark in marks)
        body = f"4. (U) The points: {line}\n"
        cable = parse_cable(f"{ROUTING}\nUNCLAS LIMA 000123\n\n{body}")
        assert [(p.anchor, p.depth) for p in cable.paragraphs] == [
            ("p1", 0),
            ("p1a", 1),
            ("p1b", 1),
            ("p1c", 1),
        ], marks
        assert [p.text[: len(m)] for p, m in zip(cable.paragraphs[1:], marks, strict=True)] == marks
    prose = f"4. (U) He said -- Minister Smith agreed -- that {item * 3}\n"
    cable = parse_cable(f"{ROUTING}\nUNCLAS LIMA 000123\n\n{prose}")
    assert [p.anchor for p in cable.paragraphs] == ["p1"]
