import io
from datetime import UTC, datetime

import pytest

from cases.parsing import CableParseError, detect_format, parse_cable, read_csv, read_html

# A cable page shaped like WikiLeaks' (navigation, metadata table, two <pre> blocks with
# &#x000A; newlines, linked tags and paragraph anchors), written for these tests.
PAGE = """<!DOCTYPE html>
<html><head><title>Cable</title></head><body>
<div class='sidebar'><a href='/tag/KTIP_0.html'>Browse KTIP</a> Currently released 1 / 9</div>
<div class='pane big'>
<h3>Viewing cable 09RIGA123, LATVIA: TRAFFICKING &amp; LABOR</h3>
<table class='cable'>
<tr><th>Reference ID</th><th>Created</th><th>Released</th>
<th>Classification</th><th>Origin</th></tr>
<tr>
<td><a href='/cable/2009/03/09RIGA123.html'>09RIGA123</a></td>
<td><a href='/date/2009-03_0.html'>2009-03-02 10:15</a></td>
<td><a href='/reldate/2011-01-01_0.html'>2011-01-01 00:00</a></td>
<td><a href='/classification/1_0.html' title='secret'>UNCLASSIFIED</a></td>
<td><a href='/origin/9_0.html'>Embassy Riga</a></td>
</tr>
</table>
<code><pre>VZCZCXRO0001&#x000A;R 021015Z MAR 09&#x000A;FM AMEMBASSY RIGA&#x000A;\
TO RUEHC/SECSTATE WASHDC 0001&#x000A;</pre></code>
<code><pre>UNCLAS RIGA 000123 &#x000A;&#x000A;SIPDIS&#x000A;&#x000A;\
TAGS: <a href='/tag/KTIP_0.html'>KTIP</a> <a href='/tag/LG_0.html'>LG</a>&#x000A;\
SUBJECT: LATVIA: TRAFFICKING &amp; LABOR&#x000A;&#x000A;\
<a id='par1' href='#par1'>¶</a>1. Police found &quot;six&quot; workers \
&lt;unpaid&gt;.&#x000A;&#x000A;\
<a id='par2' href='#par2'>¶</a>2. Second paragraph.&#x000A;&#x000A;JONES&#x000A;</pre></code>
</div></body></html>
"""

DUMP = (
    '"7","3/2/2009 10:15","09RIGA123","Embassy Riga","UNCLASSIFIED","",'
    '"R 021015Z MAR 09\nFM AMEMBASSY RIGA\nTO SECSTATE WASHDC 0001\n",'
    '"UNCLAS RIGA 000123\n\nTAGS: KTIP, LG\nSUBJECT: A \\"QUOTED\\" SUBJECT\n\n'
    '1. First.\n\n2. Second.\n"\n'
    '"8","3/3/2009 9:00","09RIGA124","Embassy Riga","UNCLASSIFIED","09RIGA123",'
    '"R 030900Z MAR 09\nFM AMEMBASSY RIGA\nTO SECSTATE WASHDC 0002\n",'
    '"UNCLAS RIGA 000124\n\nSUBJECT: FOLLOW-UP\n\n1. Only paragraph.\n"\n'
)


def test_detect_format():
    """Pages, dumps and plain cables are told apart from their first characters."""
    assert detect_format(PAGE) == "html"
    assert detect_format(DUMP) == "csv"
    assert detect_format("P 110334Z JUL 08\nFM AMEMBASSY ASTANA\n") == "text"


def test_cable_page_gives_text_and_table():
    """A page gives its two blocks as decoded text and its metadata table as hints."""
    source = read_html(PAGE)
    assert source.hints.reference_id == "09RIGA123"
    assert source.hints.created == datetime(2009, 3, 2, 10, 15, tzinfo=UTC)
    assert source.hints.origin_name == "Embassy Riga"
    assert source.hints.classification == "UNCLASSIFIED"
    assert "TAGS: KTIP LG" in source.text
    assert '¶1. Police found "six" workers <unpaid>.' in source.text
    assert "Browse" not in source.text and "Currently released" not in source.text
    assert "<a" not in source.text and "&#x000A;" not in source.text


def test_cable_page_text_is_decoded_as_an_html_parser_would():
    """Markup goes, entities are decoded, and what only looks like markup stays text."""
    page = PAGE.replace(
        "Second paragraph.",
        "Costs < 5 USD, <!-- a note --><B>bold</B> &amp;c &processes8; a<b",
    )
    assert "2. Costs < 5 USD, bold &c &processes8; a<b" in read_html(page).text


def test_cable_page_parses_like_text():
    """The cable read from a page has its header, tags and paragraphs."""
    source = read_html(PAGE)
    cable = parse_cable(source.text, source.hints)
    assert cable.reference_id == "09RIGA123"
    assert cable.tags == ["KTIP", "LG"]
    assert cable.subject == "LATVIA: TRAFFICKING & LABOR"
    assert [p.text for p in cable.paragraphs] == [
        'Police found "six" workers <unpaid>.',
        "Second paragraph.",
    ]
    assert cable.signature == "JONES"


def test_page_without_cable_blocks_is_refused():
    """An HTML page that holds no cable is refused with a reason."""
    with pytest.raises(CableParseError, match="<pre>"):
        read_html("<html><body><p>Nothing here</p></body></html>")


def test_dump_records_stream_one_by_one():
    """Each dump record becomes one cable, with escaped quotes and newlines intact."""
    records = read_csv(io.StringIO(DUMP, newline=""))
    first = next(records)
    assert first.hints.reference_id == "09RIGA123"
    assert first.hints.created == datetime(2009, 3, 2, 10, 15, tzinfo=UTC)
    assert first.position == "record 1 (09RIGA123)"
    cable = parse_cable(first.text, first.hints)
    assert cable.subject == 'A "QUOTED" SUBJECT'
    assert [p.number for p in cable.paragraphs] == ["1", "2"]
    second = next(records)
    assert parse_cable(second.text, second.hints).reference_id == "09RIGA124"
    assert next(records, None) is None


def test_blank_lines_between_dump_records_are_no_records():
    """A dump with blank lines between its records (a copy that added them) gives its
    records and no error."""
    spaced = "\n" + DUMP.replace('"\n"8","3/3', '"\n\n\n"8","3/3') + "\n\n"
    assert '"\n\n\n"8"' in spaced
    items = list(read_csv(io.StringIO(spaced, newline="")))
    assert [item.hints.reference_id for item in items] == ["09RIGA123", "09RIGA124"]


def test_malformed_dump_record_is_reported():
    """A record with the wrong number of fields is an error item; the next still reads."""
    broken = '"1","3/2/2009 10:15","09RIGA1"\n' + DUMP
    items = list(read_csv(io.StringIO(broken, newline="")))
    assert isinstance(items[0], CableParseError)
    assert "record 1: 3 fields where the dump has 8" in str(items[0])
    assert [item.hints.reference_id for item in items[1:]] == ["09RIGA123", "09RIGA124"]
