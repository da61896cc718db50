"""Permalinks that last: a new parsing of a cable must not break any published URL."""

import re
from dataclasses import replace

import pytest
from django.core.management import call_command

from cases.ingest import importer
from cases.ingest.importer import import_paths
from cases.ingest.matching import Told, match_cases, match_paragraphs
from cases.models import Cable, CableTag, Case, Country, Outlet, Paragraph, Place, Tag
from cases.parsing import parse_cable
from cases.parsing.cleanup import collapse_whitespace

from .conftest import ARREST, BOAT, CUSCO, FARM, SENTENCED


def reparse_differently(text, hints=None):
    """The seed as a different parser might read it: the introduction dropped, ¶4 split
    in two, ¶10 and ¶11 merged, and the misprinted numbers put right."""
    cable = parse_cable(text, hints)
    paragraphs = list(cable.paragraphs[1:])
    split_at = paragraphs[2].text.index("A relative of four")
    paragraphs[2:3] = [
        replace(paragraphs[2], text=paragraphs[2].text[:split_at].strip()),
        replace(paragraphs[2], text=paragraphs[2].text[split_at:]),
    ]
    merged = replace(paragraphs[9], text=f"{paragraphs[9].text}\n\n{paragraphs[10].text}")
    paragraphs[9:11] = [merged]
    cable.paragraphs = [
        replace(paragraph, ordinal=index, number=str(index))
        for index, paragraph in enumerate(paragraphs, start=1)
    ]
    return cable


def _paragraph_html(page: str, anchor: str) -> str:
    """The paragraph element that carries ``anchor``, itself or as an older anchor inside."""
    for block in re.findall(r'<div class="paragraph[^"]*"[^>]*>.*?</div>', page, re.S):
        if f'id="{anchor}"' in block:
            return block
    raise AssertionError(f"no element with id {anchor!r} in the cable page")


@pytest.fixture
def published_urls(db, seed_path):
    """Every URL the first import published, with the text each one shows."""
    assert import_paths([seed_path]).counts["created"] == 1
    cases = {
        case.pk: (case.get_absolute_url(), collapse_whitespace(case.paragraph.text)[:60])
        for case in Case.objects.select_related("paragraph")
    }
    paragraphs = {
        paragraph.anchor: (
            paragraph.get_permalink(),
            paragraph.get_absolute_url(),
            collapse_whitespace(paragraph.text)[:60],
        )
        for paragraph in Paragraph.objects.select_related("cable")
    }
    return cases, paragraphs


def test_urls_survive_a_new_parsing(client, published_urls, seed_path, monkeypatch):
    """After re-importing with a parser that splits, merges and renumbers, every case URL
    answers 200 with its text, and every paragraph URL leads to where its text now is."""
    cases, paragraphs = published_urls
    monkeypatch.setattr(importer, "parse_cable", reparse_differently)
    monkeypatch.setattr(importer, "PARSER_VERSION", importer.PARSER_VERSION + 1)
    assert import_paths([seed_path]).counts["updated"] == 1

    for pk, (url, text) in cases.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text[:40] in collapse_whitespace(response.content.decode().replace("&amp;", "&"))
        assert client.get(f"/cases/{pk}.json", follow=True).status_code == 200

    page = client.get("/cables/08ASTANA1246/").content.decode().replace("&amp;", "&")
    for anchor, (permalink, fragment_url, text) in paragraphs.items():
        response = client.get(permalink)
        if anchor == "p1":  # the dropped introduction is shown on its own
            assert response.status_code == 200
            assert text in collapse_whitespace(response.content.decode())
            continue
        assert response.status_code == 301, permalink
        path, _, target = response["Location"].partition("#")
        assert path == "/cables/08ASTANA1246/"
        assert text[:40] in collapse_whitespace(_paragraph_html(page, target))
        # The old fragment itself still lands on the text, even where the text moved.
        assert fragment_url.startswith("/cables/08ASTANA1246/#")
        fragment = fragment_url.partition("#")[2]
        assert text[:40] in collapse_whitespace(_paragraph_html(page, fragment))


def test_new_parsing_keeps_case_identifiers_and_anchors(
    client, published_urls, seed_path, monkeypatch
):
    """Cases keep their ids and keys and follow their text; anchors are never given to other
    text."""
    cases, paragraphs = published_urls
    monkeypatch.setattr(importer, "parse_cable", reparse_differently)
    monkeypatch.setattr(importer, "PARSER_VERSION", importer.PARSER_VERSION + 1)
    import_paths([seed_path])
    assert set(Case.objects.values_list("pk", flat=True)) == set(cases)
    assert {case.pk: case.get_absolute_url() for case in Case.objects.all()} == {
        pk: url for pk, (url, _) in cases.items()
    }
    for anchor, (_, _, text) in paragraphs.items():
        paragraph = Paragraph.objects.get(anchor=anchor)
        holder = paragraph if paragraph.is_current else paragraph.replaced_by
        if holder is not None:
            assert text[:40] in collapse_whitespace(holder.text)
    current = Paragraph.objects.filter(is_current=True).order_by("ordinal")
    assert [p.ordinal for p in current] == list(range(1, 18))


@pytest.mark.parametrize(
    "old, new, kept, retired_into",
    [
        (["a b c", "d e f"], ["a b c", "d e f"], {0: 0, 1: 1}, {}),
        (["a b c", "d e f"], ["d e f", "a b c"], {0: 1, 1: 0}, {}),
        (["one two three four", "x y"], ["one two", "three four", "x y"], {0: 0, 2: 1}, {}),
        (["one two three", "four five six"], ["one two three four five six"], {0: 0}, {1: 0}),
        (["gone entirely here"], ["something else now"], {}, {}),
        (["The police said it. End."], ["The police said it. End of it."], {0: 0}, {}),
    ],
)
def test_match_paragraphs(old, new, kept, retired_into):
    """Identical texts match first; splits keep the larger part, merges retire into one."""
    matching = match_paragraphs(old, new)
    assert matching.kept == kept
    assert matching.retired_into == retired_into


# Case keys: derived from the source only, kept through moved and widened spans.


def _delete_everything():
    """As if the archive were flushed: no row of an earlier import is left."""
    for model in (Case, Paragraph, Cable, CableTag, Tag, Outlet, Place, Country):
        model.objects.all().delete()
    Case.history.all().delete()


def _case_urls() -> dict[str, str]:
    return {case.get_absolute_url(): case.excerpt for case in Case.objects.all()}


def test_the_same_files_in_another_order_give_the_same_case_urls(
    db, extractor, prose_files, seed_path
):
    """Importing the same files in two orders into an emptied archive gives every case the
    same URL, although the rows get other ids; several cases of a paragraph included."""
    extractor.finds((ARREST, 0.9), (FARM, 0.9), (CUSCO, 0.9), (BOAT, 0.9))
    files = [seed_path, prose_files["06SANTIAGO438"], prose_files["07LIMA99"]]
    import_paths(files)
    first, first_ids = _case_urls(), set(Case.objects.values_list("pk", flat=True))
    _delete_everything()
    for path in reversed(files):  # one file at a time, last first
        import_paths([path])
    assert _case_urls() == first
    assert set(Case.objects.values_list("pk", flat=True)).isdisjoint(first_ids)
    assert {
        "/cases/06SANTIAGO438-p2-1/",
        "/cases/06SANTIAGO438-p2-2/",
        "/cases/07LIMA99-p1-1/",
        "/cases/07LIMA99-p2-1/",
        "/cases/08ASTANA1246-p2-1/",
    } <= set(first)


def test_keys_follow_where_cases_are_told_not_the_order_they_are_listed(db, extractor, prose_files):
    """A paragraph's cases are numbered in the order they are told in it, whatever order
    the extractor lists them in."""
    extractor.finds((FARM, 0.9), (ARREST, 0.9))
    import_paths([prose_files["06SANTIAGO438"]])
    keys = dict(Case.objects.values_list("excerpt", "key"))
    assert keys == {ARREST: "06SANTIAGO438-p2-1", FARM: "06SANTIAGO438-p2-2"}


def test_a_widened_span_keeps_its_case(db, extractor, prose_files):
    """Re-extraction that widens a case's span (a sentence more) updates the case in place:
    same id, same key, the new span and excerpt, and one history entry for it."""
    extractor.finds((CUSCO, 0.9))
    import_paths([prose_files["07LIMA99"]])
    case = Case.objects.get()
    extractor.finds((f"{CUSCO} {SENTENCED}", 0.9))
    call_command("reextract_cases", "07LIMA99")
    widened = Case.objects.get()
    assert (widened.pk, widened.key) == (case.pk, "07LIMA99-p1-1")
    assert widened.excerpt == f"{CUSCO} {SENTENCED}"
    assert (widened.span_start, widened.span_end) == (0, len(widened.excerpt))
    assert widened.history.count() == 2


def test_a_moved_case_keeps_its_key(db, extractor, prose_files):
    """A corrected source that moves a case's sentences within its paragraph, or into
    another paragraph, keeps its key; the span follows the text."""
    extractor.finds((ARREST, 0.9), (FARM, 0.9))
    path = prose_files["06SANTIAGO438"]
    import_paths([path])
    keys = dict(Case.objects.values_list("excerpt", "key"))
    text = path.read_text()
    # The farm case now opens a paragraph of its own, after a new first sentence.
    moved = text.replace(f" {FARM}", "").replace(
        "3. As reported", f"3. Officials were busy. {FARM}\n\n4. As reported"
    )
    path.write_text(moved)
    assert import_paths([path]).counts["updated"] == 1
    assert dict(Case.objects.values_list("excerpt", "key")) == keys
    farm = Case.objects.get(excerpt=FARM)
    assert farm.paragraph.text[farm.span_start : farm.span_end] == FARM
    assert farm.paragraph.text.startswith("Officials were busy.") and farm.span_start > 0


def test_a_new_case_takes_the_next_number_never_a_used_one(db, extractor, prose_files):
    """A case found later in a paragraph gets the next number of that paragraph, even when
    a case numbered before it was deleted: a key is never given twice."""
    extractor.finds((ARREST, 0.9))
    import_paths([prose_files["06SANTIAGO438"]])
    Case.objects.get().delete()
    extractor.finds((ARREST, 0.9), (FARM, 0.9))
    call_command("reextract_cases")
    assert sorted(Case.objects.values_list("key", flat=True)) == [
        "06SANTIAGO438-p2-2",
        "06SANTIAGO438-p2-3",
    ]


ONE = "Police arrested two men in Valparaiso. They forced three women into prostitution."
TWO = "A labor recruiter held twelve farm workers without pay near Arica."


@pytest.mark.parametrize(
    "old, new, matched",
    [
        # The same sentences, in the same paragraph.
        ([("p", ONE), ("p", TWO)], [("p", ONE), ("p", TWO)], {0: 0, 1: 1}),
        # Listed the other way round.
        ([("p", ONE), ("p", TWO)], [("p", TWO), ("p", ONE)], {0: 1, 1: 0}),
        # Widened by a sentence, narrowed to one.
        ([("p", ONE)], [("p", f"{ONE} {TWO}")], {0: 0}),
        ([("p", f"{ONE} {TWO}")], [("p", TWO)], {0: 0}),
        # A case whose paragraph was the whole case (stored before spans) and the two cases
        # now found in it: the one sharing most of it continues it.
        ([("p", f"{ONE} {TWO}")], [("p", TWO), ("p", ONE)], {1: 0}),
        # Moved to another paragraph; the same paragraph is preferred.
        ([("p", ONE)], [("q", ONE)], {0: 0}),
        ([("p", ONE), ("q", ONE)], [("q", ONE)], {0: 1}),
        # Nothing in common.
        ([("p", ONE)], [("p", "Officials met at a round table on migration.")], {}),
    ],
)
def test_match_cases(old, new, matched):
    """Cases match by text, same paragraph first, each stored case continued once."""
    assert match_cases([Told(*item) for item in old], [Told(*item) for item in new]) == matched


# Sub-paragraphs: a new parsing that splits a paragraph into its lettered sections.

QUESTIONNAIRE = f"""\
R 150900Z MAR 06
FM AMEMBASSY SANTIAGO
TO RUEHC/SECSTATE WASHDC 1234

UNCLAS SANTIAGO 000440

TAGS: KTIP KCRM CI

SUBJECT: CHILE: TRAFFICKING IN PERSONS REPORT

1. This cable answers reftel.

2. The country's trafficking situation:

-- A. Is the country a country of origin? {ARREST}

-- B. Does the government prosecute? {CUSCO}

JONES
"""


def parse_as_before(text, hints=None):
    """The cable as the parser before sub-paragraphs read it: each sub-paragraph's text
    went on the paragraph above it, and anchors followed the paragraphs' positions."""
    cable = parse_cable(text, hints)
    merged = []
    for paragraph in cable.paragraphs:
        if paragraph.depth and merged:
            label = f"-- {paragraph.number}. " if paragraph.number else ""
            merged[-1] = replace(merged[-1], text=f"{merged[-1].text}\n\n{label}{paragraph.text}")
        else:
            merged.append(paragraph)
    cable.paragraphs = [
        replace(p, ordinal=n, anchor=f"p{n}", depth=0) for n, p in enumerate(merged, start=1)
    ]
    return cable


def test_anchors_and_keys_of_the_old_parsing_resolve_after_the_new_one(
    client, db, extractor, tmp_path, monkeypatch
):
    """A cable imported before sub-paragraphs had one ¶2 with both cases (keys p2-1 and
    p2-2); imported again with sub-paragraphs, its anchors and keys still lead to their
    text, and the new sub-paragraphs get anchors of their own, nested under ¶2."""
    path = tmp_path / "06SANTIAGO440.txt"
    path.write_text(QUESTIONNAIRE, encoding="utf-8")
    extractor.finds((ARREST, 0.9), (CUSCO, 0.9))
    monkeypatch.setattr(importer, "parse_cable", parse_as_before)
    import_paths([path])
    assert sorted(Case.objects.values_list("key", flat=True)) == [
        "06SANTIAGO440-p2-1",
        "06SANTIAGO440-p2-2",
    ]
    monkeypatch.setattr(importer, "parse_cable", parse_cable)
    monkeypatch.setattr(importer, "PARSER_VERSION", importer.PARSER_VERSION + 1)
    assert import_paths([path]).counts["updated"] == 1

    current = Paragraph.objects.filter(is_current=True).order_by("ordinal")
    assert [(p.anchor, p.number, p.depth) for p in current] == [
        ("p1", "1", 0),
        ("p2", "2", 0),
        ("p2a", "A", 1),
        ("p2b", "B", 1),
    ]
    response = client.get("/cables/06SANTIAGO440/paragraphs/p2/")
    assert response.status_code == 301 and response["Location"].endswith("#p2")
    for key, sentences, anchor in [("p2-1", ARREST, "p2a"), ("p2-2", CUSCO, "p2b")]:
        case = Case.objects.get(key=f"06SANTIAGO440-{key}")
        assert case.paragraph.anchor == anchor
        page = client.get(f"/cases/06SANTIAGO440-{key}/")
        assert page.status_code == 200 and sentences in page.content.decode()

    page = client.get("/cables/06SANTIAGO440/").content.decode()
    nested = re.search(r'<div class="subparagraphs">(.*?)</section>', page, re.S)[1]
    assert 'id="p2a"' in nested and 'id="p2b"' in nested and 'id="p2"' not in nested


def test_case_keys_with_sub_paragraph_anchors_have_urls(client, db, extractor, tmp_path):
    """A case told in a sub-paragraph is keyed by its anchor (p2b) and has its page."""
    path = tmp_path / "06SANTIAGO440.txt"
    path.write_text(QUESTIONNAIRE, encoding="utf-8")
    extractor.finds((CUSCO, 0.9))
    import_paths([path])
    case = Case.objects.get()
    assert case.key == "06SANTIAGO440-p2b-1"
    assert case.get_absolute_url() == "/cases/06SANTIAGO440-p2b-1/"
    assert client.get("/cases/06SANTIAGO440-p2b-1/").status_code == 200
    assert client.get("/cases/06SANTIAGO440-p2b-1.json").status_code == 200
