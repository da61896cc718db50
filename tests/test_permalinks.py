"""Permalinks that last: a new parsing of a cable must not break any published URL."""

import re
from dataclasses import replace

import pytest

from cases.ingest import importer
from cases.ingest.importer import import_paths
from cases.ingest.matching import match_paragraphs
from cases.models import Case, Paragraph
from cases.parsing import parse_cable
from cases.parsing.cleanup import collapse_whitespace


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
        assert client.get(f"/cases/{pk}.json").status_code == 200

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
    """Cases keep their ids and follow their text; anchors are never given to other text."""
    cases, paragraphs = published_urls
    monkeypatch.setattr(importer, "parse_cable", reparse_differently)
    monkeypatch.setattr(importer, "PARSER_VERSION", importer.PARSER_VERSION + 1)
    import_paths([seed_path])
    assert set(Case.objects.values_list("pk", flat=True)) == set(cases)
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
