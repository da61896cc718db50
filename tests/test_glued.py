"""Pages and files holding more than one cable give one cable each."""

from cases.ingest.importer import import_paths
from cases.models import Cable
from cases.parsing import SourceCable, SourceHints, parse_cable, separate_cables

CAIRO = """\
P 030625Z FEB 09
FM AMEMBASSY CAIRO
TO SECSTATE WASHDC PRIORITY 1520

UNCLAS CAIRO 000189

TAGS: AORC KNNP EG
SUBJECT: NUCLEAR NONPROLIFERATION TREATY CONTACTS

1. Contacts for NPT issues are listed below.

SCOBEY
"""

# A record of another cable glued under the page's own, in the space-separated layout of
# 09CAIRO189, its header run into one line.
GLUED_RECORD = """
0 02/03/2009 511 AORC,KNNP,EG
NUCLEAR NONPROLIFERATION TREATY CONTACTS

189949 2/2/2009 14:15 09CAIRO184 Embassy Cairo UNCLASSIFIED 09STATE7606 VZCZCXRO0860
UNCLAS CAIRO 000184

TAGS: PHUM KTIP EG
SUBJECT: ARAB LEAGUE JOINS PIRACY CONTACT GROUP

1. We delivered the points in reftel to the Arab League.

2. Police in Cairo arrested a trafficker of Sudanese girls.
"""


def _page(text, refid="09CAIRO189"):
    return SourceCable(text=text, hints=SourceHints(reference_id=refid))


def test_a_record_of_another_cable_gives_a_second_cable():
    """Its record's values are its hints; the first cable keeps the page's."""
    first, second = separate_cables(_page(CAIRO + GLUED_RECORD))
    assert first.hints.reference_id == "09CAIRO189"
    assert "189949" not in first.text and "Arab League" not in first.text
    assert second.hints.reference_id == "09CAIRO184"
    assert second.hints.origin_name == "Embassy Cairo"
    assert second.hints.classification == "UNCLASSIFIED"
    assert second.hints.created.isoformat() == "2009-02-02T14:15:00+00:00"
    assert second.position == "cable 2 (09CAIRO184)"
    cables = [parse_cable(part.text, part.hints) for part in (first, second)]
    assert [(c.reference_id, c.tags, len(c.paragraphs)) for c in cables] == [
        ("09CAIRO189", ["AORC", "KNNP", "EG"], 1),
        ("09CAIRO184", ["PHUM", "KTIP", "EG"], 2),
    ]


def test_a_record_of_the_cable_itself_is_no_second_cable():
    text = CAIRO + GLUED_RECORD.replace("09CAIRO184", "09CAIRO189").replace("000184", "000189")
    assert len(separate_cables(_page(text))) == 1


def test_a_keyed_record_under_a_routing_header():
    """The page's own cable is its routing header alone (09ASUNCION595)."""
    text = (
        "O R 082055Z OCT 09\nFM AMEMBASSY ASUNCION\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0083\n\n"
        "id: 224423\ndate: 9/10/2009 12:07\nrefid: 09ASUNCION561\norigin: Embassy Asuncion\n"
        "classification: UNCLASSIFIED\nheader:\nR 101207Z SEP 09\nFM AMEMBASSY ASUNCION\n"
        "UNCLAS ASUNCION 000561\nTAGS: PGOV PA\nSUBJECT: BOLIVIA EXPLAINING ARMS PURCHASES\n"
        "1. (U) Press reports say so.\n"
    )
    page = SourceCable(text, SourceHints("09ASUNCION595", classification="CONFIDENTIAL"))
    first, second = separate_cables(page)
    assert first.text.endswith("0083") and second.text.startswith("id: 224423")
    cable = parse_cable(second.text, second.hints)
    assert (cable.reference_id, cable.subject) == (
        "09ASUNCION561",
        "BOLIVIA EXPLAINING ARMS PURCHASES",
    )


def test_another_cable_with_its_own_routing_header():
    """A second routing header from another post, and its classification line, open a
    cable of their own (08MONTEVIDEO404 under 90KHARTOUM10657)."""
    text = CAIRO + (
        "\nPP RUEHWEB\n\nDE RUEHMN #0404/01 1971651\nZNY CCCCC ZZH\nP 151651Z JUL 08\n"
        "FM AMEMBASSY MONTEVIDEO\nTO RUEHC/SECSTATE WASHDC PRIORITY 8335\n"
        ",C O N F I D E N T I A L MONTEVIDEO 000404\n\nTAGS: PGOV UY\n"
        "SUBJECT: VERY LITTLE ANTI-SEMITISM IN URUGUAY\n\n1. (U) The envoy visited.\n"
    )
    first, second = separate_cables(_page(text))
    assert second.text.startswith("PP RUEHWEB")
    cable = parse_cable(second.text, second.hints)
    assert (cable.reference_id, cable.origin_name) == ("08MONTEVIDEO404", "Embassy Montevideo")


def test_another_cable_under_the_page_s_routing_header():
    """The routing header of the page's cable over another post's cable: the text is the
    other cable's (BOGOTA 004036 under FM AMEMBASSY LA PAZ, 08LAPAZ751)."""
    text = (
        "DE RUEHLP #0751/01 0981726\nP 071726Z APR 08\nFM AMEMBASSY LA PAZ\n"
        "TO RUEHC/SECSTATE WASHDC PRIORITY 7054\n\nS E C R E T BOGOTA 004036\n\n"
        "E.O. 12958: DECL: 11/07/2018\nTAGS: PGOV PREL CO\n"
        "SUBJECT: COLOMBIA'S RELATIONS WITH ISRAEL\n\n1. (S) Summary.\n"
    )
    first, second = separate_cables(
        SourceCable(text, SourceHints("08LAPAZ751", classification="SECRET"))
    )
    assert parse_cable(first.text, first.hints).reference_id == "08LAPAZ751"
    assert parse_cable(second.text, second.hints).reference_id == "08BOGOTA4036"
    # A corrected copy under a new serial is the same post's cable (07NAIROBI4427).
    same_post = text.replace("BOGOTA 004036", "LA PAZ 000752")
    assert len(separate_cables(_page(same_post, "08LAPAZ751"))) == 1


def test_a_copy_of_the_cable_under_its_summary_record_is_left_out():
    """The page repeats its text under a summary line of its own record (08MANAMA306)."""
    text = CAIRO.replace("SCOBEY\n", "") + (
        "\n0 02/03/2009 511 AORC,KNNP,EG NUCLEAR NONPROLIFERATION TREATY CONTACTS\n"
        "1. Contacts for NPT issues are listed below.\n"
    )
    (only,) = separate_cables(_page(text))
    assert only.text.rstrip().endswith("1. Contacts for NPT issues are listed below.")
    assert "0 02/03/2009" not in only.text


def test_each_cable_of_a_page_is_imported_with_its_own_header(db, tmp_path):
    path = tmp_path / "09CAIRO189.txt"
    path.write_text(CAIRO + GLUED_RECORD, encoding="utf-8")
    report = import_paths([path])
    assert report.counts["created"] == 2
    assert [result.source.rsplit("/", 1)[-1] for result in report.results] == [
        "09CAIRO189.txt",
        "09CAIRO189.txt cable 2 (09CAIRO184)",
    ]
    cables = {cable.reference_id: cable for cable in Cable.objects.with_tags()}
    assert cables["09CAIRO184"].tag_codes == ["PHUM", "KTIP", "EG"]
    assert cables["09CAIRO184"].subject == "ARAB LEAGUE JOINS PIRACY CONTACT GROUP"
    assert "Arab League" not in cables["09CAIRO189"].source_text
    assert [p.text[:20] for p in cables["09CAIRO184"].paragraphs.order_by("ordinal")] == [
        "We delivered the poi",
        "Police in Cairo arre",
    ]
