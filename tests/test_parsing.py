from datetime import UTC, datetime

import pytest

from cases.parsing import CableParseError, parse_cable
from cases.parsing.cleanup import collapse_whitespace
from cases.parsing.header import parse_dtg, parse_recipient
from cases.parsing.vocabulary import origin_name

# A cable written for these tests, unlike the seed in every way the parser must not care
# about: another post, classification and caveats, portion markings, dash-ruled headings,
# wrapped TAGS and SUBJECT, REF lines, a page marker before an upper-case word, and a
# page printed twice.
OTHER_CABLE = """\
VZCZCXYZ0001
OO RUEHXX
DE RUEHSJ #0524/01 0451530
ZNY CCCCC ZZH
O R 141530Z FEB 07
FM AMEMBASSY SAN JOSE
TO RUEHC/SECSTATE WASHDC IMMEDIATE 7001
INFO RUEHZA/WHA CENTRAL AMERICAN COLLECTIVE PRIOITY
RUEHMU/AMEMBASSY MANAGUA 0042

C O N F I D E N T I A L SECTION 01 OF 02 SAN JOSE 000524

NOFORN
SIPDIS

DEPT FOR G/TIP AND WHA/CEN
E.O. 12958: DECL: 02/14/2017
TAGS: KTIP, PHUM, KCRM,
SMIG, CS
SUBJECT: COSTA RICA: SHELTER FOR TRAFFICKING VICTIMS OPENS IN
LIMON
REF: A. 06 SAN JOSE 2100 B. STATE 12345

Classified By: Ambassador Jane Doe for reasons 1.4 (b) and (d)

Summary
-------

1. (C) A new shelter in Limon opened on February 2. End Summary.

Background
==========

2. (SBU) The shelter was built with funds from the
Government of Costa Rica and two NGOs.

SAN JOSE 00000524 002 OF 002

Officials said it will take twenty women and children at a time.

3. (C//NF) Police expect more referrals from the port.
-- First, from bars near the docks.
-- Second, from the border.

SMITH

SAN JOSE 00000524 002 OF 002

3. (C//NF) Police expect more referrals from the port.
-- First, from bars near the docks.
-- Second, from the border.

SMITH
"""


def _paragraph_text(paragraph) -> str:
    return collapse_whitespace(paragraph.text)


def test_seed_cable_metadata(seed_text, expected):
    """The seed's header gives exactly the metadata of the expectations file."""
    cable = parse_cable(seed_text)
    want = expected["cable"]
    assert cable.reference_id == want["reference_id"]
    assert cable.sent_at.strftime("%Y-%m-%dT%H:%M:%SZ") == want["sent_at"]
    assert cable.precedence == want["precedence"]
    assert cable.origin == want["origin"]
    assert cable.origin_name == want["origin_name"]
    assert [recipient.name for recipient in cable.to] == want["to"]
    assert [recipient.name for recipient in cable.info] == want["info"]
    assert cable.classification == want["classification"]
    assert cable.caveats == want["caveats"]
    assert cable.tags == want["tags"]
    assert cable.subject == want["subject"]
    assert cable.signature == want["signature"]
    assert cable.sections == want["sections"]


def test_seed_paragraphs(seed_text, expected):
    """All 18 paragraphs come out in order with their printed numbers, headings and text."""
    paragraphs = parse_cable(seed_text).paragraphs
    assert len(paragraphs) == len(expected["paragraphs"]) == 18
    for paragraph, want in zip(paragraphs, expected["paragraphs"], strict=True):
        text = _paragraph_text(paragraph)
        assert paragraph.ordinal == want["ordinal"]
        assert paragraph.number == want["number"]
        assert (paragraph.heading or None) == want["heading"]
        assert text.startswith(want["starts"]), (want["ordinal"], text[:80])
        assert text.endswith(want["ends"]), (want["ordinal"], text[-80:])
        if "contains" in want:
            assert want["contains"] in text


def test_seed_page_residue_is_gone(seed_text):
    """Page markers, Markdown escapes and the repeated page leave no trace in the text."""
    cable = parse_cable(seed_text)
    everything = " ".join(paragraph.text for paragraph in cable.paragraphs)
    assert "00001246" not in everything
    assert "\\$" not in everything and "](#)" not in everything
    assert everything.count("attend college") == 1
    assert "ORDWAY" not in everything


def test_other_cable_header():
    """A cable from another post, classified and routed differently, parses fully."""
    cable = parse_cable(OTHER_CABLE)
    assert cable.reference_id == "07SANJOSE524"
    assert cable.sent_at == datetime(2007, 2, 14, 15, 30, tzinfo=UTC)
    assert cable.precedence == "IMMEDIATE"
    assert cable.origin_name == "Embassy San Jose"
    assert cable.classification == "CONFIDENTIAL"
    assert cable.caveats == ["NOFORN", "SIPDIS"]
    assert cable.tags == ["KTIP", "PHUM", "KCRM", "SMIG", "CS"]
    assert cable.subject == "COSTA RICA: SHELTER FOR TRAFFICKING VICTIMS OPENS IN LIMON"
    assert cable.references == ["A. 06 SAN JOSE 2100 B. STATE 12345"]
    assert cable.eo_line == "E.O. 12958: DECL: 02/14/2017"
    assert cable.classified_by.startswith("Ambassador Jane Doe")
    assert cable.sections == 2
    assert cable.signature == "SMITH"
    assert [r.name for r in cable.info] == ["WHA CENTRAL AMERICAN COLLECTIVE", "AMEMBASSY MANAGUA"]
    assert cable.info[0].precedence == "PRIORITY"
    assert cable.to[0].routing == "RUEHC" and cable.to[0].serial == "7001"


def test_other_cable_paragraphs():
    """Ruled headings, portion markings, a page break between sentences and a repeated page."""
    paragraphs = parse_cable(OTHER_CABLE).paragraphs
    assert [p.number for p in paragraphs] == ["1", "2", "3"]
    assert [p.heading for p in paragraphs] == ["Summary", "Background", "Background"]
    assert [p.portion_marking for p in paragraphs] == ["C", "SBU", "C//NF"]
    assert paragraphs[0].text == "A new shelter in Limon opened on February 2. End Summary."
    # The block after the page marker begins a new sentence of the same paragraph.
    assert paragraphs[1].text.endswith("two NGOs.\n\nOfficials said it will take twenty women "
                                       "and children at a time.")
    assert paragraphs[2].text.count("Second, from the border.") == 1


def test_unnumbered_cable_keeps_each_block():
    """A cable without paragraph numbers gives one paragraph per block of text."""
    text = (
        "R 010900Z MAR 95\nFM AMCONSUL LAGOS\nTO SECSTATE WASHDC\n\n"
        "UNCLAS LAGOS 01234\n\nSUBJECT: PORT VISIT\n\n"
        "The port was busy.\n\nTwo ships left.\n\nJONES\n"
    )
    cable = parse_cable(text)
    assert cable.reference_id == "95LAGOS1234"
    assert cable.origin_name == "Consulate Lagos"
    assert cable.precedence == "ROUTINE"
    assert [p.text for p in cable.paragraphs] == ["The port was busy.", "Two ships left."]
    assert [p.number for p in cable.paragraphs] == ["", ""]
    assert cable.signature == "JONES"


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty"),
        ("   \n\n  ", "empty"),
        ("Dear colleague,\nthe minutes of the meeting follow.\n", "classification"),
        ("UNCLAS ASTANA 000001\n\n1. No routing header at all.\n", "date-time group"),
        ("P 110334Z JUL 08\nFM AMEMBASSY ASTANA\n\nUNCLAS\n\n1. Text.\n", "station"),
    ],
)
def test_not_a_cable(text, reason):
    """Text that is not a cable is refused with a reason that says what is missing."""
    with pytest.raises(CableParseError, match=reason):
        parse_cable(text)


@pytest.mark.parametrize(
    "line, expected_at, precedence",
    [
        ("P 110334Z JUL 08", datetime(2008, 7, 11, 3, 34, tzinfo=UTC), "PRIORITY"),
        ("P R 041820Z JAN 10", datetime(2010, 1, 4, 18, 20, tzinfo=UTC), "PRIORITY"),
        ("041820z Jan 10", datetime(2010, 1, 4, 18, 20, tzinfo=UTC), ""),
        ("O 311200Z DEC 1985", datetime(1985, 12, 31, 12, 0, tzinfo=UTC), "IMMEDIATE"),
    ],
)
def test_date_time_groups(line, expected_at, precedence):
    """Date-time groups in their common shapes give the moment and the precedence."""
    dtg = parse_dtg(line)
    assert dtg is not None
    assert dtg.sent_at == expected_at
    assert dtg.precedence == precedence


@pytest.mark.parametrize("line", ["P 310334Z FEB 08", "P 110334Z XYZ 08", "FM AMEMBASSY"])
def test_not_date_time_groups(line):
    """Impossible dates and other lines are not date-time groups."""
    assert parse_dtg(line) is None


def test_recipient_without_routing_code():
    """Older cables name recipients without a routing indicator."""
    recipient = parse_recipient("AMEMBASSY THE HAGUE NIACT IMMEDIATE 0012")
    assert recipient.name == "AMEMBASSY THE HAGUE"
    assert recipient.precedence == "NIACT IMMEDIATE"
    assert recipient.serial == "0012"


@pytest.mark.parametrize(
    "origin, name",
    [
        ("AMEMBASSY ASTANA", "Embassy Astana"),
        ("SECSTATE WASHDC", "Secretary of State"),
        ("AMCONSUL ST PETERSBURG", "Consulate St Petersburg"),
        ("USMISSION GENEVA", "Mission Geneva"),
        ("AMEMBASSY THE HAGUE", "Embassy The Hague"),
        ("USUN NEW YORK", "USUN New York"),
    ],
)
def test_origin_names(origin, name):
    """FM-line originators get the readable names WikiLeaks shows."""
    assert origin_name(origin) == name
