from datetime import UTC, date, datetime

import pytest

from cases.parsing import CableParseError, SourceHints, parse_cable, reference_id_of_file
from cases.parsing.body import letters
from cases.parsing.classification import parse_classification_line
from cases.parsing.cleanup import collapse_whitespace
from cases.parsing.fields import parse_declassification
from cases.parsing.pages import strip_page_markers
from cases.parsing.routing import parse_dtg, parse_recipient
from cases.parsing.vocabulary import origin_name, originator, station_origin_name

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
    assert cable.classification == "CONFIDENTIAL//NOFORN"
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
    assert paragraphs[1].text.endswith(
        "two NGOs.\n\nOfficials said it will take twenty women and children at a time."
    )
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
        ("R 011257Z JUL 08 ZDS", datetime(2008, 7, 1, 12, 57, tzinfo=UTC), "ROUTINE"),
        (
            "O 162023Z MAR 06 ZDK RE YOUR SVC",
            datetime(2006, 3, 16, 20, 23, tzinfo=UTC),
            "IMMEDIATE",
        ),
        ("0 241208Z OCT 79", datetime(1979, 10, 24, 12, 8, tzinfo=UTC), "IMMEDIATE"),
        ("P 021530Z Sep 04", datetime(2004, 9, 2, 15, 30, tzinfo=UTC), "PRIORITY"),
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
        ("USMISSION GENEVA", "US Mission Geneva"),
        ("AMEMBASSY THE HAGUE", "Embassy The Hague"),
        ("USUN NEW YORK", "USUN New York"),
        ("USMISSION USUN NEW YORK", "USUN New York"),
        ("USMISSION USNATO", "Mission USNATO"),
        ("USMISSION UNVIE VIENNA", "UNVIE"),
        ("USEU BRUSSELS", "USEU Brussels"),
        ("USINT HAVANA", "US Interests Section Havana"),
        ("AIT TAIPEI", "American Institute Taiwan, Taipei"),
        ("USDEL SECRETARY//EUROPE//", "US Delegation, Secretary"),
        ("AMCONSUL CALCUTTA", "Consulate Kolkata"),
        ("AMCONSUL RIO DE JANEIRO", "Consulate Rio De Janeiro"),
    ],
)
def test_origin_names(origin, name):
    """FM-line originators get the readable names WikiLeaks shows."""
    assert origin_name(origin) == name


@pytest.mark.parametrize(
    "station, name",
    [
        ("RECIFE", "Consulate Recife"),
        ("THE HAGUE", "Embassy The Hague"),
        ("USUN NEW YORK", "USUN New York"),
        ("STATE", "Secretary of State"),
    ],
)
def test_origin_from_station_alone(station, name):
    """A partial extract has no FM line: its station gives the origin, consulates known."""
    assert station_origin_name(station) == name


def _cable(header: str, body: str = "1. (U) Text of the cable.\n", routing: str = "") -> str:
    routing = routing or "P 021530Z SEP 04\nFM AMEMBASSY LIMA\nTO SECSTATE WASHDC PRIORITY 0101\n"
    return f"{routing}\n{header}\n\n{body}"


def test_recipients_with_and_without_routing_codes():
    """TO and INFO give each addressee's routing code, name, precedence and serial."""
    routing = (
        "O R 021530Z SEP 04\n"
        "FM AMEMBASSY LIMA\n"
        "TO RUEHC/SECSTATE WASHDC IMMEDIATE 0101\n"
        "DEPT OF JUSTICE WASHDC PRIOITY\n"
        "INFO RUEHBO/AMEMBASSY BOGOTA ROUTINE 0044\n"
        "AMCONSUL GUAYAQUIL\n"
    )
    cable = parse_cable(_cable("UNCLAS LIMA 000123", routing=routing))
    assert [r.as_dict() for r in cable.to] == [
        {
            "name": "SECSTATE WASHDC",
            "routing": "RUEHC",
            "precedence": "IMMEDIATE",
            "serial": "0101",
        },
        {"name": "DEPT OF JUSTICE WASHDC", "routing": "", "precedence": "PRIORITY", "serial": ""},
    ]
    assert [(r.routing, r.name, r.serial) for r in cable.info] == [
        ("RUEHBO", "AMEMBASSY BOGOTA", "0044"),
        ("", "AMCONSUL GUAYAQUIL", ""),
    ]
    assert cable.precedence == "IMMEDIATE"


@pytest.mark.parametrize(
    "line, marking",
    [
        ("UNCLAS LIMA 000123", "UNCLASSIFIED"),
        ("UNCLASSIFIED LIMA 000123", "UNCLASSIFIED"),
        ("C O N F I D E N T I A L SECTION 01 OF 02 LIMA 000123", "CONFIDENTIAL"),
        ("S E C R E T LIMA 000123", "SECRET"),
        ("SECRET//NOFORN LIMA 000123", "SECRET//NOFORN"),
        ("C O N F I D E N T I A L LIMA 000123 NOFORN", "CONFIDENTIAL//NOFORN"),
        ("UNCLAS SENSITIVE LIMA 000123", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("UUNCLAS LIMA 000123", "UNCLASSIFIED"),
        ("SS E C R E T LIMA 000123", "SECRET"),
        ("C o n f i d e n t i a l section 01 of 02 lima 000123", "CONFIDENTIAL"),
    ],
)
def test_classification_lines(line, marking):
    """Classification lines in their spellings give the full marking and the station."""
    cable = parse_cable(_cable(line))
    assert cable.classification == marking
    assert cable.reference_id == "04LIMA123"


@pytest.mark.parametrize(
    "caveat_lines, marking",
    [
        ("SIPDIS", "CONFIDENTIAL"),
        ("NOFORN\nSIPDIS", "CONFIDENTIAL//NOFORN"),
        ("Noforn", "CONFIDENTIAL//NOFORN"),
    ],
)
def test_caveats_on_their_own_lines(caveat_lines, marking):
    """NOFORN on a line of its own below the classification line joins the marking."""
    cable = parse_cable(_cable(f"C O N F I D E N T I A L LIMA 000123\n\n{caveat_lines}"))
    assert cable.classification == marking
    assert "SIPDIS" in cable.caveats or caveat_lines == "Noforn"


@pytest.mark.parametrize("caveat", ["SENSITIVE", "SENSITIVE SIPDIS", "SENSITIVE BUT UNCLASSIFIED"])
def test_sensitive_unclassified_is_for_official_use_only(caveat):
    """UNCLAS with SENSITIVE is what WikiLeaks calls UNCLASSIFIED//FOR OFFICIAL USE ONLY."""
    cable = parse_cable(_cable(f"UNCLAS LIMA 000123\n\n{caveat}\n\nE.O. 12958: N/A"))
    assert cable.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert "SENSITIVE" in cable.caveats


def test_classification_line_glued_to_the_fields_below():
    """A copy that ran the header into one line still gives each field."""
    text = _cable(
        "S E C R E T SECTION 01 OF 02 LIMA 000123SIPDISNOFORN SIPDISE.O. 12958: DECL: "
        "09/01/2014TAGS: PREL PGOV PE\nSUBJECT: A GLUED HEADER"
    )
    cable = parse_cable(text)
    assert cable.reference_id == "04LIMA123"
    assert cable.classification == "SECRET//NOFORN"
    assert cable.eo_line == "E.O. 12958: DECL: 09/01/2014"
    assert cable.declassify_on == date(2014, 9, 1)
    assert cable.tags == ["PREL", "PGOV", "PE"]
    assert cable.subject == "A GLUED HEADER"
    assert cable.sections == 2


def test_a_bare_classification_line_above_the_routing_is_not_the_cable_s():
    """An e-mail copy prints "SECRET" above the routing; the line naming the cable wins."""
    text = "From: Cable Desk\nSubject: LIMA 123 FORWARDED\n\nSECRET\n\n" + _cable(
        "S E C R E T LIMA 000123\n\nSUBJECT: THE REAL SUBJECT"
    )
    cable = parse_cable(text)
    assert cable.reference_id == "04LIMA123"
    assert cable.subject == "THE REAL SUBJECT"


@pytest.mark.parametrize(
    "eo_line, declassify_on",
    [
        ("E.O. 12958: DECL: 02/14/2017", date(2017, 2, 14)),
        ("EO 12958 DECL: 11/23/2014", date(2014, 11, 23)),
        ("E.O. 12958: DECL: 2019/11/06", date(2019, 11, 6)),
        ("E.0. 12958: DECL: 03/05/11", date(2011, 3, 5)),
        ("E.O. 12958: N/A", None),
        ("E.O. 12356: DECL: OADR", None),
    ],
)
def test_declassification_dates(eo_line, declassify_on):
    """The E.O. line's declassification date, in the orders and widths posts wrote it."""
    assert parse_declassification(eo_line) == declassify_on
    cable = parse_cable(_cable(f"UNCLAS LIMA 000123\n\n{eo_line}"))
    assert cable.eo_line == eo_line
    assert cable.declassify_on == declassify_on


@pytest.mark.parametrize(
    "tags_lines, tags",
    [
        ("TAGS: PREL, PGOV, PE", ["PREL", "PGOV", "PE"]),
        ("TAGS PREL PGOV PE", ["PREL", "PGOV", "PE"]),
        ("TAG PREL, PE", ["PREL", "PE"]),
        ("Tags: prel, pgov, pe", ["PREL", "PGOV", "PE"]),
        ("TAGS: PREL PGOV KTIP\nKCRM, PE", ["PREL", "PGOV", "KTIP", "KCRM", "PE"]),
    ],
)
def test_tags_label_variants_and_wrapping(tags_lines, tags):
    """TAGS with or without colon, singular, lower case, and wrapped over two lines."""
    cable = parse_cable(_cable(f"UNCLAS LIMA 000123\n\n{tags_lines}\nSUBJECT: TAGGED"))
    assert cable.tags == tags
    assert cable.subject == "TAGGED"


@pytest.mark.parametrize(
    "subject_lines",
    [
        "SUBJECT: PERU: NEW SHELTER FOR VICTIMS\nOPENS IN CUSCO",
        "SUBJ: PERU: NEW SHELTER FOR VICTIMS OPENS IN CUSCO",
        "Subject: PERU: NEW SHELTER FOR VICTIMS OPENS IN CUSCO",
        "SUBJECT: SUBJECT: PERU: NEW SHELTER FOR VICTIMS OPENS IN CUSCO",
        "SUBJECT: PERU: NEW SHELTER FOR VICTIMS OPENS IN CUSCO\nSUBJECT: PERU: NEW SHELTER",
        "SUBJECT: PERU: NEW SHELTER FOR VICTIMS OPENS IN CUSCO LIMA 00000123 001.2 OF 002",
        # The header repeated, run into one line, below the subject (09YEREVAN494).
        "SUBJECT: PERU: NEW SHELTER FOR VICTIMS OPENS IN CUSCO\n"
        "UNCLAS LIMA 000123 SENSITIVE SIPDIS STATE FOR WHA/AND E.O. 12958: N/A TAGS: KTIP",
        # The handling line run onto the subject (06SAOPAULO516, 09CAIRO226).
        "SUBJECT: PERU: NEW SHELTER FOR VICTIMS OPENS IN CUSCO SENSITIVE BUT UNCLASSIFIED - "
        "PLEASE PROTECT ACCORDINGLY",
        "SUBJECT: PERU: NEW SHELTER FOR VICTIMS OPENS IN CUSCO SENSTIVE BUT UNCLASSIFIED",
        "SUBJECT: PERU: NEW SHELTER FOR VICTIMS OPENS IN CUSCO C O N F I D E N T I A L "
        "SECTION 01 OF 02 LIMA 000123",
        # The label alone, the subject below a blank line (09CAIRO210).
        "SUBJECT:\n\nPERU: NEW SHELTER FOR VICTIMS OPENS IN CUSCO",
    ],
)
def test_subject_variants(subject_lines):
    """Wrapped, abbreviated, doubled or repeated SUBJECT lines give one subject, without a
    page marker run into it."""
    cable = parse_cable(_cable(f"UNCLAS LIMA 000123\n\n{subject_lines}"))
    assert cable.subject == "PERU: NEW SHELTER FOR VICTIMS OPENS IN CUSCO"


def test_subject_is_read_from_the_top_only():
    """A SUBJECT label inside the text is text, not the cable's subject."""
    body = "1. (U) The note read:\n\nSubject: something else, it said.\n\n2. (U) End.\n"
    cable = parse_cable(_cable("UNCLAS LIMA 000123\n\nTAGS: PREL", body))
    assert cable.subject == ""
    assert "Subject: something else" in cable.paragraphs[0].text


def test_references_classified_by_and_passing_lines():
    """REF items over several lines, a classified-by line that wraps, and passing
    instructions that are header, not text."""
    header = (
        "C O N F I D E N T I A L LIMA 000123\n\nSIPDIS\n\n"
        "TREASURY PASS TO FRB SAN FRANCISCO\nDEPT FOR WHA/AND\n\n"
        "E.O. 12958: DECL: 09/01/2014\nTAGS: PREL PE\nSUBJECT: REFERENCES\n\n"
        "REF: A. LIMA 100\n\n     B. 03 LIMA 4567\n\n"
        "Classified By: Ambassador Jane Doe for reasons\n1.4 (b) and (d)."
    )
    cable = parse_cable(_cable(header))
    assert cable.references == ["A. LIMA 100", "B. 03 LIMA 4567"]
    assert cable.classified_by == "Ambassador Jane Doe for reasons 1.4 (b) and (d)."
    assert [p.text for p in cable.paragraphs] == ["Text of the cable."]


@pytest.mark.parametrize(
    "opening, number, marking, text",
    [
        ("1. (C) Text.", "1", "C", "Text."),
        ("¶2. (SBU) Text.", "2", "SBU", "Text."),
        ("3. (S//NF) Text.", "3", "S//NF", "Text."),
        ("4. (C/NF) Text.", "4", "C/NF", "Text."),
        ("5.(U) Text.", "5", "U", "Text."),
        ("6. Text.", "6", "", "Text."),
        ("(U) Text.", "", "U", "Text."),
    ],
)
def test_portion_markings_are_kept_apart(opening, number, marking, text):
    """Paragraph numbers and portion markings are read off the paragraph text."""
    cable = parse_cable(_cable("C O N F I D E N T I A L LIMA 000123", opening + "\n"))
    paragraph = cable.paragraphs[0]
    assert (paragraph.number, paragraph.portion_marking, paragraph.text) == (number, marking, text)


def test_headings_in_three_styles():
    """Plain capitals, dash-ruled and ===-underlined headings head the paragraphs below."""
    body = (
        "1. (U) Opening.\n\nTHE VICTIMS\n\n2. (U) First.\n\n"
        "-----------\nThe Police\n-----------\n\n3. (U) Second.\n\n"
        "The Courts\n==========\n\n4. (U) Third.\n"
    )
    cable = parse_cable(_cable("UNCLAS LIMA 000123", body))
    assert [(p.number, p.heading) for p in cable.paragraphs] == [
        ("1", ""),
        ("2", "THE VICTIMS"),
        ("3", "The Police"),
        ("4", "The Courts"),
    ]


def test_page_markers_anywhere_are_removed():
    """Both marker styles go, on their own line, inside a sentence, or before text."""
    body = (
        "1. (U) The court heard the case and\n\nLIMA 00000123 002 OF 003\n\n"
        "sentenced the owner.\n\n"
        "2. (U) Police found LIMA 00000123 003 OF 003 eight victims.\n\n"
        "CONFIDENTIAL\n\nPAGE 04 LIMA 00123 021530Z\n"
        "3. (U) Nothing more.\n"
    )
    cable = parse_cable(_cable("C O N F I D E N T I A L LIMA 000123", body))
    assert [p.text for p in cable.paragraphs] == [
        "The court heard the case and sentenced the owner.",
        "Police found eight victims.",
        "Nothing more.",
    ]


def test_inline_page_marker_takes_all_the_station_words():
    """A marker inside a line goes with its whole station name when the station is known."""
    line = "said NEW DELHI 00000123 002 OF 002 that"
    assert strip_page_markers(line, "NEW DELHI") == "said that"


def test_redactions_are_kept():
    """WikiLeaks' redactions stay in the text as published."""
    cable = parse_cable(_cable("SECRET LIMA 000123", "1. (S) XXXXXXXXXXXX told us so.\n"))
    assert cable.paragraphs[0].text == "XXXXXXXXXXXX told us so."


def test_repeated_header_after_the_text_is_dropped():
    """Pages that repeat the header run into one line after the text lose that copy."""
    body = (
        "1. (C) Text of the cable.\n\nSMITH\n\n"
        "C O N F I D E N T I A L LIMA 000123 SIPDIS E.O. 12958: DECL: 09/01/2014 TAGS: PREL\n"
    )
    cable = parse_cable(_cable("C O N F I D E N T I A L LIMA 000123", body))
    assert [p.text for p in cable.paragraphs] == ["Text of the cable."]
    assert cable.signature == "SMITH"


@pytest.mark.parametrize(
    "ending, signature, last_text",
    [
        ("Closing words.\n\nSMITH\n", "SMITH", "Closing words."),
        ("Closing words.\nSMITH SMITH\n", "SMITH", "Closing words."),
        ("Closing words. SMITH\n", "SMITH", "Closing words."),
        ("Closing words. END COMMENT\n", "", "Closing words. END COMMENT"),
    ],
)
def test_signatures(ending, signature, last_text):
    """The signature alone, doubled, or run onto the last sentence; END COMMENT is text."""
    cable = parse_cable(_cable("UNCLAS LIMA 000123", f"1. (U) {ending}"))
    assert cable.signature == signature
    assert cable.paragraphs[-1].text == last_text


PARTIAL_NOTICE = (
    "This record is a partial extract of the original cable. "
    "The full text of the original cable is not available.\n\n"
)


def test_partial_extract_with_a_dateline():
    """A partial extract has no routing header: its dateline dates it, its station names
    the origin, and its header fields sit on single lines."""
    text = (
        PARTIAL_NOTICE + "Thursday, 02 September 2004, 15:30\n"
        "C O N F I D E N T I A L SECTION 01 OF 02 RECIFE 000123\nSIPDIS\n"
        "EO 12958 DECL: 09/01/2014\nTAGS PREL, PGOV, BR\nSUBJECT: A PARTIAL EXTRACT\n"
        "Classified By: Consul General Jane Doe for reasons 1.4 (b) and (d)\n\n"
        "¶1. (C) Text.\n"
    )
    cable = parse_cable(text)
    assert cable.partial
    assert cable.reference_id == "04RECIFE123"
    assert cable.sent_at == datetime(2004, 9, 2, 15, 30, tzinfo=UTC)
    assert cable.dated_by == "dateline"
    # Without an FM line, the originator is the one its readable origin names.
    assert cable.origin == "AMCONSUL RECIFE" and cable.origin_name == "Consulate Recife"
    assert cable.tags == ["PREL", "PGOV", "BR"]
    assert cable.subject == "A PARTIAL EXTRACT"
    assert cable.classified_by.startswith("Consul General Jane Doe")


def test_partial_extract_with_cable_dated_prefix():
    """ "Cable dated:" glued to the classification line dates the cable."""
    text = PARTIAL_NOTICE + (
        "Cable dated:2004-09-02T15:30:00S E C R E T LIMA 000123SIPDISE.O. 12958: DECL: "
        "09/02/2014TAGS: PREL PE\n\n¶1. (S) Text.\n"
    )
    cable = parse_cable(text)
    assert cable.reference_id == "04LIMA123"
    assert cable.sent_at == datetime(2004, 9, 2, 15, 30, tzinfo=UTC)
    assert cable.dated_by == "record"
    assert cable.tags == ["PREL", "PE"]


def test_undated_partial_extract_takes_its_year_from_the_eo_line():
    """With no date anywhere, the declassification date less ten years gives the year."""
    text = PARTIAL_NOTICE + "UNCLAS LIMA 000123\n\nE.O. 12958: DECL: 09/01/2014\n\n1. Text.\n"
    cable = parse_cable(text)
    assert cable.reference_id == "04LIMA123"
    assert cable.sent_at is None and cable.year_estimated


def test_undated_partial_extract_without_a_year_is_refused():
    """Nothing gives the year: no reference id can be formed, and the parser says why."""
    text = PARTIAL_NOTICE + "UNCLAS LIMA 000123\n\nE.O. 12958: N/A\n\n1. Text.\n"
    with pytest.raises(CableParseError, match="no date"):
        parse_cable(text)


def test_an_undated_cable_is_named_by_its_file_and_stays_undated():
    """A file named by its reference id names a cable whose text cannot (05RECIFE78): the
    date stays unknown; the text's own reference id, when it has one, comes first."""
    text = PARTIAL_NOTICE + "UNCLAS RECIFE 000078\n\nE.O. 12958: N/A\n\n1. Text.\n"
    cable = parse_cable(text, SourceHints(file_reference_id="05RECIFE78"))
    assert (cable.reference_id, cable.sent_at, cable.dated_by) == ("05RECIFE78", None, "")
    assert cable.origin_name == "Consulate Recife"
    dated = text.replace("UNCLAS RECIFE", "Thursday, 02 September 2004, 15:30\nUNCLAS RECIFE")
    assert parse_cable(dated, SourceHints(file_reference_id="05RECIFE1")).reference_id == (
        "04RECIFE78"
    )
    with pytest.raises(CableParseError, match="no station and serial"):
        parse_cable(
            PARTIAL_NOTICE + "Nothing here.\n\n1. Text.\n", SourceHints(classification="SECRET")
        )


@pytest.mark.parametrize(
    "name, refid",
    [
        ("05RECIFE78.txt", "05RECIFE78"),
        ("05RECIFE78.html", "05RECIFE78"),
        ("05RECIFE78", "05RECIFE78"),
        ("cable.txt", ""),
        ("05recife78.txt", ""),
    ],
)
def test_reference_ids_of_file_names(name, refid):
    assert reference_id_of_file(name) == refid


def test_hints_give_what_a_damaged_header_lacks():
    """A container's reference id, date and marking stand in for a header that lost them."""
    hints = SourceHints(
        reference_id="04LIMA123",
        created=datetime(2004, 9, 2, 15, 0, tzinfo=UTC),
        origin_name="Embassy Lima",
        classification="CONFIDENTIAL//NOFORN",
    )
    text = PARTIAL_NOTICE + "C O N F I D E N T I A L LIMA 000123\n\n1. (C) Text.\n"
    cable = parse_cable(text, hints)
    assert cable.reference_id == "04LIMA123"
    assert cable.sent_at == hints.created and cable.dated_by == "source"
    assert cable.origin_name == "Embassy Lima"
    assert cable.classification == "CONFIDENTIAL//NOFORN"


def test_date_time_group_keeps_its_minute_over_hints():
    """The header's date-time group wins over the container's rounder date."""
    hints = SourceHints(reference_id="04LIMA123", created=datetime(2004, 9, 2, 15, 3, tzinfo=UTC))
    cable = parse_cable(_cable("UNCLAS LIMA 000123"), hints)
    assert cable.sent_at == datetime(2004, 9, 2, 15, 30, tzinfo=UTC)
    assert cable.dated_by == "date-time group"


@pytest.mark.parametrize(
    "record",
    [
        "id: 12345\ndate: 9/2/2004 15:30\nrefid: 04LIMA123\norigin: Embassy Lima\n"
        "classification: CONFIDENTIAL//NOFORN\ndestination: \nheader:\n",
        "12345\n2004-09-02 15:30:00\n04LIMA123\nEmbassy Lima\nCONFIDENTIAL//NOFORN\n04LIMA100\n",
        "12345\t2004-09-02 15:30:00\t04LIMA123\tEmbassy Lima\tCONFIDENTIAL//NOFORN\t\t",
    ],
    ids=["labelled", "one value a line", "tab-separated"],
)
def test_pasted_database_records(record):
    """A database record pasted above the cable gives its id, date and marking, and is
    not read as part of the cable."""
    text = record + "C O N F I D E N T I A L LIMA 000123\n\nSUBJECT: RECORDED\n\n1. (C) Text.\n"
    cable = parse_cable(text)
    assert cable.reference_id == "04LIMA123"
    assert cable.sent_at == datetime(2004, 9, 2, 15, 30, tzinfo=UTC)
    assert cable.dated_by == "record"
    assert cable.origin_name == "Embassy Lima"
    assert cable.classification == "CONFIDENTIAL//NOFORN"
    assert cable.subject == "RECORDED"
    assert [p.text for p in cable.paragraphs] == ["Text."]


def test_lost_classification_line_falls_back_on_the_routing_indicators():
    """Without a classification line, ZNY gives the level, DE the serial, FM the station."""
    text = (
        "DE RUEHSN #0037/01 0261915\nZNY SSSSS ZZH\nR 261914Z JAN 10\n"
        "FM AMEMBASSY SAN SALVADOR\nTO RUEHC/SECSTATE WASHDC 0262\n\n"
        "SIPDIS\nTAGS: PREL ES\nSUBJECT: NO CLASSIFICATION LINE\n\n1. (S) Text.\n"
    )
    cable = parse_cable(text)
    assert cable.reference_id == "10SANSALVADOR37"
    assert cable.classification == "SECRET"


def test_redacted_station_comes_from_the_fm_line():
    """A station redacted on the classification line is read from the FM line."""
    text = _cable(
        "SE C R E T SECTION 01 OF 02 XXXXXXXXXXXX 000004",
        routing="O 051200Z JAN 10\nFM AMCONSUL SHENYANG\nTO SECSTATE WASHDC 0001\n",
    )
    cable = parse_cable(text)
    assert cable.reference_id == "10SHENYANG4"
    assert cable.origin_name == "Consulate Shenyang"


def test_a_redacted_station_of_the_department_is_state():
    """From the Department (FM SECSTATE WASHDC) the station is STATE: 10STATE4."""
    text = _cable(
        "S E C R E T XXXXXXXXXXXX 000004",
        routing="O 051200Z JAN 10\nFM SECSTATE WASHDC\nTO AMEMBASSY LIMA 0001\n",
    )
    assert parse_cable(text).reference_id == "10STATE4"


def test_prose_opening_with_a_classification_word_is_not_a_classification_line():
    """ "Secret talks began ..." is text."""
    assert parse_classification_line("Secret talks began in March between the two") is None
    assert parse_classification_line("S E C R E T LIMA 000123").station == "LIMA"


def test_teletype_page_breaks_leave_no_residue():
    """A teletype page break brings a banner, a marker, the office distribution and the
    receipt line; none of it is text, and the sentence runs on across the break."""
    body = (
        "1. THE MINISTER SAID THAT THE NEW LAW\n\n"
        "                CONFIDENTIAL\n\n"
        "                CONFIDENTIAL     PTQ1234\n\n"
        "PAGE 02        LIMA  00123  01 OF 02  021530Z\n"
        "ACTION WHA-00\n\n"
        "INFO  LOG-00   NP-00    AID-00\n"
        "      CIAE-00  INL-00     /004W\n"
        "                  ------------------AB12CD  021531Z /38\n"
        "WOULD TAKE EFFECT IN MAY.\n"
    )
    cable = parse_cable(_cable("C O N F I D E N T I A L LIMA 00123", body))
    assert [p.text for p in cable.paragraphs] == [
        "THE MINISTER SAID THAT THE NEW LAW WOULD TAKE EFFECT IN MAY."
    ]


def test_anchor_glyphs_and_dash_separators_are_not_text():
    """WikiLeaks' "¶" on lettered sub-paragraphs goes; a lone "-" separates paragraphs."""
    body = "1. (U) Two points:\n\n¶A. The first.\n\n¶B. The second.\n-\n2. (U) Next.\n"
    cable = parse_cable(_cable("UNCLAS LIMA 000123", body))
    assert [(p.anchor, p.number, p.text) for p in cable.paragraphs] == [
        ("p1", "1", "Two points:"),
        ("p1a", "A", "The first."),
        ("p1b", "B", "The second."),
        ("p2", "2", "Next."),
    ]


def _outline(body: str) -> list[tuple[str, str, int, str]]:
    cable = parse_cable(_cable("UNCLAS SAN JOSE 000488", body))
    return [(p.anchor, p.number, p.depth, p.text[:20]) for p in cable.paragraphs]


def test_lettered_sub_paragraphs_under_a_numbered_one():
    """ "-- A.", "(a)" and "A." under a numbered paragraph are its sub-paragraphs, each with
    its anchor; the text below a sub-paragraph stays with it (10REYKJAVIK31 ¶3)."""
    body = (
        "1. (U) Introduction.\n\n"
        "3. (SBU) THE COUNTRY'S TIP SITUATION:\n\n"
        "-- A.  Iceland is a country of destination.\n\n"
        "More text of A.\n\n"
        "-- B.  Women from Eastern Europe are victims.\n\n"
        "4. (SBU) Prevention:\n\n"
        "(a) Posters.\n\n(b) Hotlines.\n"
    )
    assert _outline(body) == [
        ("p1", "1", 0, "Introduction."),
        ("p2", "3", 0, "THE COUNTRY'S TIP SI"),
        ("p2a", "A", 1, "Iceland is a country"),
        ("p2b", "B", 1, "Women from Eastern E"),
        ("p3", "4", 0, "Prevention:"),
        ("p3a", "a", 1, "Posters."),
        ("p3b", "b", 1, "Hotlines."),
    ]
    cable = parse_cable(_cable("UNCLAS SAN JOSE 000488", body))
    assert cable.paragraphs[2].text == "Iceland is a country of destination.\n\nMore text of A."


def test_sections_numbered_after_paragraphs_that_the_cable_does_not_have():
    """ "18A." after a heading, with no ¶18, opens a paragraph, and so does each section of
    its kind ("18B.", "19A."); under a ¶18 it would be a sub-paragraph (05SANJOSE488)."""
    body = (
        "1. (U) Responses are keyed to reftel, the first at 18A.\n\n"
        "--------\nOVERVIEW\n--------\n"
        "18A.  (SBU)  Costa Rica is a country of transit.\n\n"
        "NGOs agree.\n\n"
        "18B.  (SBU) Persons are trafficked to it.\n\n"
        "19A.  (SBU) The government acknowledges it.\n"
    )
    cable = parse_cable(_cable("UNCLAS SAN JOSE 000488", body))
    assert [
        (p.anchor, p.number, p.depth, p.heading, p.portion_marking) for p in cable.paragraphs
    ] == [
        ("p1", "1", 0, "", "U"),
        ("p2", "18A", 0, "OVERVIEW", "SBU"),
        ("p3", "18B", 0, "OVERVIEW", "SBU"),
        ("p4", "19A", 0, "OVERVIEW", "SBU"),
    ]
    assert _outline("18. (U) Sections:\n\n18A. First.\n\n18B. Second.\n") == [
        ("p1", "18", 0, "Sections:"),
        ("p1a", "18A", 1, "First."),
        ("p1b", "18B", 1, "Second."),
    ]


def test_a_heading_ruled_right_above_a_section_heads_it():
    """No blank line between a ruled heading and the section under it (06SANJOSE481)."""
    body = "1. (U) Opening.\n\nOVERVIEW\n--------\n21A.  Costa Rica is a country of transit.\n"
    cable = parse_cable(_cable("UNCLAS SAN JOSE 000481", body))
    assert [(p.anchor, p.number, p.heading) for p in cable.paragraphs] == [
        ("p1", "1", ""),
        ("p2", "21A", "OVERVIEW"),
    ]


def test_initials_and_portion_markings_are_not_labels():
    body = "1. (U) Opening.\n\nJ. Smith said so.\n\n(C) He added more.\n"
    assert _outline(body) == [("p1", "1", 0, "Opening.\n\nJ. Smith s")]


def test_a_long_paragraph_is_read_as_its_blocks():
    """Over 5,000 characters, a paragraph made of several blocks becomes its blocks: the
    first keeps the paragraph's place, the others follow as its sub-paragraphs; a long
    paragraph of one block stays whole, as does a short one of several."""
    block = "The embassy reports. " * 100  # 2,100 characters
    cable = parse_cable(_cable("UNCLAS LIMA 000123", f"1. (U) {block}\n\n{block}\n\n{block}\n"))
    assert [(p.anchor, p.depth, len(p.text)) for p in cable.paragraphs] == [
        ("p1", 0, 2099),
        ("p1a", 1, 2099),
        ("p1b", 1, 2099),
    ]
    one = parse_cable(_cable("UNCLAS LIMA 000123", "1. (U) " + "word " * 2000 + "\n"))
    assert [p.anchor for p in one.paragraphs] == ["p1"]
    two = parse_cable(_cable("UNCLAS LIMA 000123", f"1. (U) {block}\n\n{block}\n"))
    assert [p.anchor for p in two.paragraphs] == ["p1"]


def test_sub_paragraph_letters_go_on_past_z():
    assert [letters(n) for n in (1, 26, 27, 52, 53)] == ["a", "z", "aa", "az", "ba"]


def test_text_run_on_after_the_handling_line_is_the_cable_s_text():
    """ "Sensitive but Unclassified. Please handle accordingly. (SBU) On February 8 ..."
    (09CAIRO226): the handling line is a caveat, the rest the first paragraph."""
    header = (
        "UNCLAS LIMA 000123\n\nSUBJECT: BIRD FLU Sensitive but Unclassified. Please handle "
        "accordingly. (SBU) On February 8, the ministry announced a case."
    )
    cable = parse_cable(_cable(header, ""))
    assert cable.subject == "BIRD FLU"
    assert "SENSITIVE" in cable.caveats
    assert [(p.portion_marking, p.text) for p in cable.paragraphs] == [
        ("SBU", "On February 8, the ministry announced a case.")
    ]


@pytest.mark.parametrize(
    "name, fm",
    [
        ("Embassy Astana", "AMEMBASSY ASTANA"),
        ("Consulate Recife", "AMCONSUL RECIFE"),
        ("Secretary of State", "SECSTATE WASHDC"),
        ("Mission USNATO", "USMISSION USNATO"),
        ("US Interests Section Havana", "USINT HAVANA"),
        ("American Institute Taiwan, Taipei", "AIT TAIPEI"),
        ("Embassy Rio De Janeiro", "AMEMBASSY RIO DE JANEIRO"),
    ],
)
def test_the_originator_a_readable_origin_names(name, fm):
    """And back: the originator's readable name is the name it came from."""
    assert originator(name) == fm
    assert origin_name(fm) == name


def test_numbered_paragraphs_without_blank_lines_between_them():
    """Copies that dropped the blank lines still number each paragraph with its marking on
    a line of its own (08TRIPOLI430); copies that joined the lines run them into one line,
    each number after the sentence or heading before it."""
    lines = "1. (C) Summary: the first.\n2. (C) The second.\n3. (SBU) The third.\n"
    assert [p.text for p in parse_cable(_cable("UNCLAS LIMA 000123", lines)).paragraphs] == [
        "Summary: the first.",
        "The second.",
        "The third.",
    ]
    filler = "The embassy reports on it. " * 20
    joined = f"1. (C) {filler}End summary.  2. (C) {filler} A HEADING  3. (C) {filler}\n"
    cable = parse_cable(_cable("UNCLAS LIMA 000123", joined))
    assert [(p.number, p.text[:12]) for p in cable.paragraphs] == [
        ("1", "The embassy "),
        ("2", "The embassy "),
        ("3", "The embassy "),
    ]
    # Short lines keep a number inside a sentence as text.
    short = "1. (U) The post replied\nas reftel para 2. (C) asked, and no more.\n"
    assert len(parse_cable(_cable("UNCLAS LIMA 000123", short)).paragraphs) == 1
