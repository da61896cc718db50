"""Marking a case's sentences in its paragraph: escaped pieces, marks that never cross."""

from cases.catalog.spans import Mark, located, marked_text

HOSTILE = "A <b>\"bold\"</b> & 'quoted' start. Police <script>alert('x')</script> found & freed 3."


def test_marked_text_escapes_every_piece_of_cable_text():
    """Markup, quotes and ampersands inside and around a mark come out as text; only the
    mark and its link are markup."""
    start = HOSTILE.index("Police")
    html = str(marked_text(HOSTILE, [Mark(start, len(HOSTILE), url="/cases/K-p1-1/", title='"T"')]))
    assert "<script>" not in html and "<b>" not in html
    assert html == (
        "A &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; &#x27;quoted&#x27; start. "
        '<mark class="span-case"><a href="/cases/K-p1-1/" title="&quot;T&quot;">'
        "Police &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; found &amp; freed 3.</a></mark>"
    )


def test_marks_are_in_order_and_never_overlap():
    """Two marks of one paragraph are each marked; one overlapping another is cut where
    the first ends, so that elements never cross."""
    text = "One two three four five six."
    html = str(
        marked_text(
            text,
            [
                Mark(14, 23, url="/b/", kind="telling"),
                Mark(0, 7, url="/a/"),
                Mark(4, 18, url="/c/"),
            ],
        )
    )
    assert html == (
        '<mark class="span-case"><a href="/a/" title="">One two</a></mark>'
        '<mark class="span-case"><a href="/c/" title=""> three four</a></mark>'
        '<mark class="span-telling"><a href="/b/" title=""> five</a></mark> six.'
    )


def test_a_mark_without_a_link_and_text_without_marks():
    """A mark may be plain; text without marks is only escaped."""
    assert str(marked_text("a & b", [Mark(0, 1)])) == '<mark class="span-case">a</mark> &amp; b'
    assert str(marked_text("a & b", [])) == "a &amp; b"


def test_sentences_are_found_again_where_the_text_moved_them():
    """A span that no longer holds its sentences (the paragraph was corrected) is looked
    for in the text; sentences gone from it are not marked at all."""
    text = "New opening. Police freed three women."
    assert located(text, 13, 38, "Police freed three women.") == (13, 38)
    assert located(text, 0, 25, "Police freed three women.") == (13, 38)
    assert located(text, 0, 25, "Police freed four women.") is None
    assert located(text, 0, 0, "") is None
