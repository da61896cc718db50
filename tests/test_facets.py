"""Facets, filters, search and sort of the case list, checked against counts computed here,
independently of cases.catalog.facets."""

import random
from collections import Counter
from datetime import UTC, date, datetime
from itertools import product

import numpy as np
import pytest
from django.core.cache import cache
from django.http import QueryDict

from cases import search_index
from cases.catalog import listing, search
from cases.catalog.facets import Facet
from cases.catalog.live_index import current_index
from cases.catalog.value_table import Counts, ValueTable
from cases.ingest.importer import tag_meaning
from cases.models import Cable, CableTag, Case, Country, Outlet, Place, Tag

CABLES = {
    "09BISHKEK1": ("Embassy Bishkek", "UNCLASSIFIED", ["KTIP", "KG", "SOCI"]),
    "10ANKARA2": ("Embassy Ankara", "CONFIDENTIAL", ["KTIP", "TU"]),
}
# (cable, reported_on, outlet, category, countries, places, exploitation, sector, outcome,
#  minor, text)
CASES = [
    (
        "09BISHKEK1",
        date(2009, 3, 2),
        "akipress",
        "SEX",
        ["KG", "TR"],
        ["osh", "istanbul"],
        "sexual",
        "",
        "convicted",
        True,
        "Two girls from Osh were sold to a bar in Istanbul.",
    ),
    (
        "09BISHKEK1",
        date(2009, 3, 20),
        "akipress",
        "SEX",
        ["KG"],
        ["osh"],
        "sexual",
        "",
        "arrested",
        None,
        "Police in Osh arrested a recruiter of women.",
    ),
    (
        "09BISHKEK1",
        date(2009, 5, 1),
        "24kg",
        "LABOUR",
        ["KG", "RU"],
        ["bishkek", "moscow"],
        "labor",
        "construction",
        "investigation",
        False,
        "Builders from Bishkek unpaid in Moscow.",
    ),
    (
        "09BISHKEK1",
        date(2008, 12, 30),
        "24kg",
        "LABOUR",
        ["KG", "KZ", "RU"],
        ["bishkek"],
        "labor",
        "agriculture",
        "none",
        None,
        "Farm workers held on a tobacco farm near Almaty.",
    ),
    (
        "10ANKARA2",
        date(2010, 1, 5),
        "hurriyet",
        "SEX",
        ["TR", "MD"],
        ["istanbul"],
        "sexual",
        "",
        "trial",
        True,
        "A trial opened in Istanbul of a ring selling Moldovan girls.",
    ),
    (
        "10ANKARA2",
        date(2010, 1, 9),
        "hurriyet",
        "LABOUR",
        ["TR"],
        [],
        "labor",
        "domestic_work",
        "convicted",
        False,
        "A maid's employer was convicted of abuse.",
    ),
    ("10ANKARA2", None, None, "", [], [], "", "", "none", None, "An undated note on shelters."),
]
PLACES = {
    "osh": ("Osh", "KG"),
    "istanbul": ("Istanbul", "TR"),
    "bishkek": ("Bishkek", "KG"),
    "moscow": ("Moscow", "RU"),
}
COUNTRIES = {
    "KG": "Kyrgyzstan",
    "TR": "Turkey",
    "RU": "Russia",
    "KZ": "Kazakhstan",
    "MD": "Moldova",
}
MINOR = {True: "true", False: "false", None: "unknown"}


@pytest.fixture
def archive(db, counted_from):
    """Seven cases over two cables, each case with its facet values as the test sees them
    (each test twice: facets counted from bitmaps, then from value tables)."""
    for code, name in COUNTRIES.items():
        Country.objects.create(code=code, name=name)
    places = {
        slug: Place.objects.create(key=f"name:{slug}", slug=slug, name=name, country=country)
        for slug, (name, country) in PLACES.items()
    }
    outlets = {
        slug: Outlet.objects.create(slug=slug, name=slug.title())
        for slug in ("akipress", "24kg", "hurriyet")
    }
    cables = {}
    for reference_id, (origin, classification, tags) in CABLES.items():
        cable = Cable.objects.create(
            reference_id=reference_id,
            sent_at=datetime(2010, 2, 1, tzinfo=UTC),
            origin_name=origin,
            classification=classification,
            subject=f"{origin.upper()}: TRAFFICKING REPORTS",
            source_text="-",
            content_hash="-",
        )
        for position, code in enumerate(tags):
            tag, _ = Tag.objects.get_or_create(code=code, defaults=tag_meaning(code))
            CableTag.objects.create(cable=cable, tag=tag, position=position)
        cables[reference_id] = cable
    expected = []
    for ordinal, row in enumerate(CASES, start=1):
        (
            reference_id,
            reported_on,
            outlet,
            category,
            countries,
            place_slugs,
            exploitation,
            sector,
            outcome,
            minor,
            text,
        ) = row
        cable = cables[reference_id]
        paragraph = cable.paragraphs.create(ordinal=ordinal, anchor=f"p{ordinal}", text=text)
        case = Case.objects.create(
            cable=cable,
            paragraph=paragraph,
            key=paragraph.take_case_key(),
            reported_on=reported_on,
            outlet=outlets.get(outlet),
            category=category,
            exploitation=exploitation,
            sector=sector,
            outcome=outcome,
            minor=minor,
            summary=text[:40],
        )
        case.countries.set(countries)
        case.places.set([places[slug] for slug in place_slugs])
        expected.append(
            {
                "id": case.pk,
                "category": {category} - {""},
                "outlet": {outlet} - {None},
                "year": {f"{reported_on:%Y}"} if reported_on else set(),
                "month": {f"{reported_on:%Y-%m}"} if reported_on else set(),
                "country": set(countries),
                "place": set(place_slugs),
                "exploitation": {exploitation} - {""},
                "sector": {sector} - {""},
                "outcome": {outcome},
                "minor": {MINOR[minor]},
                "origin": {CABLES[reference_id][0]},
                "tag": set(CABLES[reference_id][2]),
                "classification": {CABLES[reference_id][1]},
            }
        )
    # Unpublished cases count nowhere.
    hidden_in = cables["10ANKARA2"].paragraphs.first()
    hidden = Case.objects.create(
        cable=cables["10ANKARA2"],
        paragraph=hidden_in,
        key=hidden_in.take_case_key(),
        source=Case.Source.STAFF,
        category="HIDDEN",
        is_published=False,
    )
    hidden.countries.set(["KZ"])
    search_index.index_cases(cable.pk for cable in cables.values())
    return expected


def _matches(case, selection, ignore=None):
    return all(case[name] & set(values) for name, values in selection.items() if name != ignore)


def _expected_counts(cases, selection):
    """Each facet counted the slow way, over the cases matching every other facet."""
    facets = {}
    for name in cases[0]:
        if name == "id":
            continue
        counts = Counter()
        for case in cases:
            if _matches(case, selection, ignore=name):
                counts.update(case[name])
        for value in selection.get(name, []):
            counts.setdefault(value, 0)
        facets[name] = dict(counts)
    return facets


def _counts(data):
    return {
        name: {choice["value"]: choice["count"] for choice in choices}
        for name, choices in data["facets"].items()
    }


SELECTIONS = [
    {},
    {"country": ["KG"]},
    {"country": ["TR", "RU"]},
    {"country": ["KG"], "place": ["istanbul"]},
    {"tag": ["KG"], "exploitation": ["labor"]},
    {"tag": ["KTIP"], "minor": ["unknown", "true"], "outcome": ["convicted", "trial"]},
    {"year": ["2009"], "country": ["KG", "TR"], "sector": ["construction", "agriculture"]},
    {"origin": ["Embassy Ankara"], "classification": ["CONFIDENTIAL"], "month": ["2010-01"]},
    {"place": ["osh", "moscow"], "outlet": ["akipress", "24kg"], "category": ["SEX"]},
]


@pytest.mark.parametrize("selection", SELECTIONS)
def test_filters_and_disjunctive_counts(client, archive, selection):
    """Results and every facet's counts agree with counts made independently."""
    data = client.get("/cases.json", selection).json()
    assert {row["id"] for row in data["results"]} == {
        case["id"] for case in archive if _matches(case, selection)
    }
    assert _counts(data) == _expected_counts(archive, selection)


def test_many_to_many_counts_are_exact(client, archive, counted_from):
    """A case with two countries counts once under each, and no country counts it twice."""
    countries = _counts(client.get("/cases.json").json())["country"]
    assert countries == {"KG": 4, "TR": 3, "RU": 2, "KZ": 1, "MD": 1}
    assert sum(countries.values()) > len(archive)  # cases are shared between countries
    assert bool(current_index().tables) == (counted_from == "tables")


@pytest.mark.parametrize("combination", list(product(["KG", "TR"], ["osh", "istanbul"])))
def test_many_to_many_filters_never_duplicate_rows(client, archive, combination):
    """Filtering on two many-to-many facets lists each case once."""
    country, place = combination
    ids = [
        row["id"]
        for row in client.get(
            "/cases.json", {"country": [country, "RU"], "place": [place, "bishkek"]}
        ).json()["results"]
    ]
    assert len(ids) == len(set(ids))


def test_date_range(client, archive):
    """``from`` and ``to`` accept years, months and days, and include the whole period."""

    def ids(**params):
        return {row["id"] for row in client.get("/cases.json", params).json()["results"]}

    in_2009 = {case["id"] for case in archive if case["year"] == {"2009"}}
    assert ids(**{"from": "2009", "to": "2009"}) == in_2009
    assert ids(**{"from": "2009-03-20", "to": "2009-05"}) == {archive[1]["id"], archive[2]["id"]}
    assert ids(**{"to": "2008-12-30"}) == {archive[3]["id"]}


@pytest.mark.parametrize(
    "params",
    [
        {"country": "XX"},
        {"place": "atlantis"},
        {"tag": "NOPE"},
        {"exploitation": "magic"},
        {"minor": "maybe"},
        {"month": "2009-13"},
        {"year": "09"},
        {"from": "yesterday"},
        {"to": "2009-02-30"},
        {"page": "0"},
        {"page": "99999999999999999999"},
        {"sort": "random"},
        {"q": "x" * 301},
    ],
)
def test_bad_parameters_are_400(client, archive, params):
    """Unknown values, malformed dates and absurd pages are refused, never a server error."""
    assert client.get("/cases/", params).status_code == 400
    assert client.get("/cases.json", params).status_code == 400


@pytest.mark.parametrize(
    "q", ['"', '"unclosed phrase', "-", "- - or or", "&|!():*", "or", "%", "\\", "'; drop table"]
)
def test_junk_search_syntax_is_an_answer(client, archive, q):
    """Search text that parses to nothing or to odd tokens gives a page, never a 500."""
    response = client.get("/cases/", {"q": q})
    assert response.status_code == 200


def test_huge_page_number_is_empty(client, archive):
    """A page far past the end is an empty page."""
    data = client.get("/cases.json", {"page": "1000000"}).json()
    assert data["results"] == [] and data["count"] == len(archive)


def _search(client, q, **params):
    return [row["id"] for row in client.get("/cases.json", {"q": q, **params}).json()["results"]]


def test_search_words_phrases_exclusions_and_or(client, archive):
    """Search understands words, quoted phrases, -exclusions and or, on either database."""
    ids = {index: case["id"] for index, case in enumerate(archive)}
    assert set(_search(client, "Istanbul")) == {ids[0], ids[4]}
    assert set(_search(client, '"tobacco farm"')) == {ids[3]}
    assert set(_search(client, "Istanbul -Moldovan")) == {ids[0]}
    assert set(_search(client, "tobacco or maid")) == {ids[3], ids[5]}
    assert set(_search(client, "girls", country="MD")) == {ids[4]}
    # The cable subject is searched too.
    assert set(_search(client, "Ankara")) == {ids[4], ids[5], ids[6]}


def test_sort(client, archive):
    """Newest first by default, oldest first on request; undated cases come last."""
    newest = (
        _search(client, "")
        if False
        else [row["id"] for row in client.get("/cases.json").json()["results"]]
    )
    oldest = [row["id"] for row in client.get("/cases.json", {"sort": "oldest"}).json()["results"]]
    dated = [case for case in archive if case["year"]]
    assert newest[0] == archive[5]["id"] and newest[-1] == archive[6]["id"]
    assert oldest[0] == archive[3]["id"] and oldest[-1] == archive[6]["id"]
    assert len(newest) == len(dated) + 1


def test_search_snippets_are_highlighted_and_escaped(client, archive):
    """Snippets mark the matched words and escape the cable text around them."""
    paragraph = Case.objects.get(pk=archive[5]["id"]).paragraph
    paragraph.text = "A maid's employer, Smith & Sons, <b>was</b> convicted of abuse."
    paragraph.save()
    search_index.index_cases([paragraph.cable_id])
    html = client.get("/cases/", {"q": "employer"}).content.decode()
    assert "<mark>employer</mark>" in html
    assert "Smith &amp; Sons" in html
    # PostgreSQL's ts_headline drops tags from the text; the fallback escapes them.
    assert "<b>was</b>" not in html


def test_histogram_bars_link_to_months(client, archive):
    """The histogram has a bar per month with cases, each linking to that month."""
    html = client.get("/cases/", {"country": "KG"}).content.decode()
    assert "<svg" in html
    assert "country=KG&amp;month=2009-03" in html
    assert "March 2009: 2 cases" in html
    # Months without cases inside the range are drawn empty, not as links.
    assert "month=2009-04" not in html


def test_long_facets_link_to_all_values(client, archive, monkeypatch):
    """Facets show their top values, the next ones behind "show more", and link to a page
    with all values when they have more still."""
    monkeypatch.setattr("cases.catalog.facets.TOP_VALUES", 1)
    monkeypatch.setattr("cases.catalog.facets.MORE_VALUES", 2)
    html = client.get("/cases/").content.decode()
    country = html[html.index("<legend>Country</legend>") :]
    country = country[: country.index("</fieldset>")]
    assert country.count('type="checkbox"') == 2
    assert '<details class="facet-more">' in country
    assert 'href="/cases/facets/country/"' in country
    page = client.get("/cases/facets/country/", {"order": "name"})
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index("Kazakhstan") < text.index("Kyrgyzstan") < text.index("Turkey")
    assert client.get("/cases/facets/nonsense/").status_code == 404


def test_selected_values_appear_as_removable_chips(client, archive):
    """Each applied filter and the search words show as chips that remove themselves."""
    html = client.get("/cases/", {"country": ["KG", "RU"], "q": "farm"}).content.decode()
    assert 'href="?country=RU&amp;q=farm"' in html  # removes KG
    assert 'href="?country=KG&amp;country=RU"' in html  # removes the search


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"country": ["KG", "TR"], "place": "osh"},
        {"tag": "KTIP", "minor": ["true", "unknown"], "year": "2009", "sort": "oldest"},
        {"q": "girls", "exploitation": "sexual", "from": "2009", "to": "2010-01"},
        {"origin": "Embassy Ankara", "classification": "CONFIDENTIAL", "outcome": "trial"},
    ],
)
def test_list_queries_are_bounded(client, archive, django_assert_max_num_queries, params):
    """Any combination of filters, search and sort takes a bounded number of queries: the
    count, the page, its countries and places, one per facet, one per filter checked,
    and the snippets of a search."""
    checked = sum(
        1 for name in params if name in ("country", "place", "tag", "origin", "classification")
    )
    current_index()  # built once per machine, not per request
    bound = 4 + 13 + checked + ("q" in params)
    with django_assert_max_num_queries(bound):
        assert client.get("/cases/", params).status_code == 200
    with django_assert_max_num_queries(bound):
        assert client.get("/cases.json", params).status_code == 200


def test_long_facets_are_cut_in_json(client, archive, monkeypatch):
    """The list JSON gives a facet's top values and links to all of a longer facet's."""
    monkeypatch.setattr("cases.web.serializers.JSON_FACET_VALUES", 2)
    data = client.get("/cases.json", {"country": "MD"}).json()
    assert [value["value"] for value in data["facets"]["country"]] == ["KG", "TR", "MD"]
    assert data["facets_more"]["country"] == "http://testserver/cases/facets/country/?country=MD"
    assert "exploitation" not in data["facets_more"]


@pytest.mark.parametrize("tabled", [False, True])
@pytest.mark.parametrize(
    ("chronological", "by_label"), [(False, False), (True, False), (False, True), (True, True)]
)
def test_first_values_are_the_head_of_all_values(chronological, by_label, tabled):
    """A page's top values, found without sorting a long facet, are the first of the full
    order (ties broken by label), followed by the selected values beyond them; from a dict
    of counts as from a value table's (``tabled``)."""
    rng = random.Random(7)
    counts = {f"v{n:04d}": rng.choice([1, 1, 1, 2, 3, 50, 50, 900]) for n in range(3000)}
    labels = {value: rng.choice(["Alma", "alma", "Zed", "Bo"]) + value[::-1] for value in counts}
    selected = frozenset(rng.sample(sorted(counts), 5))
    facet = Facet(
        name="place",
        label="Place",
        counts=_as_table(counts) if tabled else counts,
        labels=labels,
        selected=selected,
        data=QueryDict(),
        chronological=chronological,
        by_label=by_label,
    )
    everything = [choice.value for choice in facet.values]
    if by_label:
        assert everything == sorted(counts, key=lambda value: labels[value].casefold())
    elif chronological:
        assert everything == sorted(counts, reverse=True)
    else:
        assert everything == sorted(counts, key=lambda v: (-counts[v], labels[v].casefold()))
    for number in (0, 1, 10, 100, 2999, 3000, 5000):
        head = everything[:number]
        later = [value for value in everything[number:] if value in selected]
        assert [choice.value for choice in facet.first(number)] == head + later
    if not (chronological or by_label):
        assert facet.largest(20) == everything[:20]
        top, later = everything[:5], [v for v in everything[5:] if v in selected]
        assert [v.value for v in facet.shown] == top + later
        assert [v.value for v in facet.more] == [v for v in everything[5:15] if v not in later]


def _as_table(counts: dict[str, int]) -> Counts:
    """The same counts as a value table gives them (names in another order than the dict's)."""
    names = sorted(counts, reverse=True)
    table = ValueTable.made(
        names, np.zeros(0, np.uint32), np.zeros(0, np.uint16), np.zeros(0, np.int64)
    )
    return Counts(table, np.array([counts[name] for name in names], dtype=np.int64))


@pytest.mark.parametrize(
    "params",
    [
        {"q": "farm", "country": ["KG", "RU"], "from": "2008"},
        {"q": "girls", "exploitation": "sexual", "from": "2009", "to": "2010-01"},
        {"q": "girls OR farm", "country": "KG", "exploitation": ["sexual", "labor"]},
        {"q": "girls OR farm", "tag": "KTIP", "minor": ["true", "unknown"], "year": "2009"},
        {"q": "girls OR farm", "country": "TR", "place": "osh", "sort": "oldest"},
    ],
)
def test_search_among_the_filtered_cases_lists_and_counts_as_a_full_one(
    client, archive, params, monkeypatch
):
    """A search confined to the cases the filters leave (all but one filter, for the
    counts) gives the same list, order and counts as a search of every case."""
    searched = []
    real = search.matching_ids
    monkeypatch.setattr(
        search, "matching_ids", lambda text, among=None: searched.append(among) or real(text, among)
    )
    confined = client.get("/cases.json", params).json()
    assert searched and searched[0] is not None, "the search was confined"
    assert confined["count"]
    monkeypatch.setattr(listing, "MAX_SEARCH_CANDIDATES", 0)
    cache.clear()
    full = client.get("/cases.json", params).json()
    assert confined["count"] == full["count"]
    assert [r["id"] for r in confined["results"]] == [r["id"] for r in full["results"]]
    assert confined["facets"] == full["facets"]
