from collections import Counter
from datetime import UTC, date, datetime

import pytest
from django.test import Client

from cases.catalog.live_index import current_index
from cases.ingest.importer import tag_meaning
from cases.models import Cable, CableTag, Case, Outlet, Tag

UZBEKS = "UZBEKISTANIS IN KAZAKHSTAN"
VICTIMS = "KAZAKHSTANI VICTIMS"
PARAGRAPHS = [  # (printed number, heading, text); the cable misnumbers its last paragraph
    ("1", "", "The following is a summary of human trafficking cases."),
    ("2", UZBEKS, "March 14, Interfax: police dismantled a smuggling ring."),
    ("3", UZBEKS, "May 23, Express-K: <script>alert('x')</script> a brothel in Aktau."),
    ("17", VICTIMS, "June 4, Interfax: fifteen workers were rescued from a plant."),
]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Pages render without collectstatic's manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def recipient(name):
    return {"name": name, "routing": "RUEHC", "precedence": "PRIORITY", "serial": ""}


@pytest.fixture
def cable(db):
    cable = Cable.objects.create(
        reference_id="08ASTANA1246",
        sent_at=datetime(2008, 7, 11, 3, 34, tzinfo=UTC),
        precedence="PRIORITY",
        origin="AMEMBASSY ASTANA",
        origin_name="Embassy Astana",
        to=[recipient("SECSTATE WASHDC")],
        info=[recipient("SCA COLLECTIVE"), recipient("USOFFICE ALMATY")],
        classification="UNCLASSIFIED",
        caveats=["SIPDIS"],
        subject="KAZAKHSTAN: MEDIA REPORTS ON HUMAN TRAFFICKING CASES",
        signature="ORDWAY",
        sections=3,
        source_text="(the cable as imported)",
        content_hash="0" * 64,
    )
    for position, code in enumerate(["SOCI", "KCRM", "KZ"], start=1):
        tag = Tag.objects.create(code=code, **tag_meaning(code))
        CableTag.objects.create(cable=cable, tag=tag, position=position)
    for ordinal, (number, heading, text) in enumerate(PARAGRAPHS, start=1):
        cable.paragraphs.create(
            ordinal=ordinal, number=number, anchor=f"p{ordinal}", heading=heading, text=text
        )
    return cable


@pytest.fixture
def outlets(db):
    return {
        slug: Outlet.objects.create(slug=slug, name=name)
        for slug, name in [
            ("interfax", "Interfax"),
            ("express-k", "Express-K"),
            ("vremya", "Vremya"),
        ]
    }


def add_case(cable, ordinal, reported_on, outlet, category, **fields):
    paragraph = cable.paragraphs.get(ordinal=ordinal)
    return Case.objects.create(
        cable=cable,
        paragraph=paragraph,
        key=paragraph.take_case_key(),
        reported_on=reported_on,
        outlet=outlet,
        category=category,
        **fields,
    )


@pytest.fixture
def cases(cable, outlets):
    """Three published cases across two outlets, categories and three months, and a hidden one."""
    return {
        "march": add_case(cable, 2, date(2008, 3, 14), outlets["interfax"], UZBEKS),
        "may": add_case(cable, 3, date(2008, 5, 23), outlets["express-k"], UZBEKS),
        "june": add_case(cable, 4, date(2008, 6, 4), outlets["interfax"], VICTIMS),
        "hidden": add_case(
            cable,
            4,
            date(2008, 6, 10),
            outlets["vremya"],
            "WITHDRAWN",
            is_published=False,
            source=Case.Source.STAFF,
        ),
    }


@pytest.fixture
def published(cases):
    return [case for case in cases.values() if case.is_published]


FACET_KEYS = {
    "category": lambda case: case.category or None,
    "outlet": lambda case: case.outlet.slug if case.outlet else None,
    "month": lambda case: f"{case.reported_on:%Y-%m}" if case.reported_on else None,
}


def matches(case, selection, ignore=None):
    return all(
        FACET_KEYS[name](case) in values for name, values in selection.items() if name != ignore
    )


def expected_facets(cases, selection):
    """Counts done the slow way: each facet over the cases matching the other facets."""
    facets = {}
    for name, key in FACET_KEYS.items():
        counts = Counter(key(case) for case in cases if matches(case, selection, ignore=name))
        counts.pop(None, None)
        for value in selection.get(name, []):
            counts.setdefault(value, 0)
        facets[name] = dict(counts)
    return facets


def counts_in(data):
    return {
        name: {choice["value"]: choice["count"] for choice in choices}
        for name, choices in data["facets"].items()
        if name in FACET_KEYS
    }


SELECTIONS = [
    {},
    {"outlet": ["interfax"]},
    {"outlet": ["interfax", "express-k"]},
    {"category": [UZBEKS], "outlet": ["express-k"]},
    {"category": [VICTIMS], "outlet": ["express-k"]},
    {"month": ["2008-03", "2008-06"]},
    {"month": ["2008-06"], "outlet": ["interfax", "express-k"], "category": [VICTIMS, UZBEKS]},
]


def test_case_list_shows_published_cases_newest_first(client, cases):
    """The list shows each published case's date, outlet, category, cable and page link."""
    response = client.get("/cases/")
    assert response.status_code == 200
    assert [case.pk for case in response.context["cases"]] == [
        cases["june"].pk,
        cases["may"].pk,
        cases["march"].pk,
    ]
    html = response.content.decode()
    assert "3 cases" in html
    assert "23 May 2008" in html
    assert "Express-K" in html
    assert UZBEKS in html
    assert 'href="/cables/08ASTANA1246/#p3"' in html
    assert f'href="/cases/{cases["may"].key}/"' in html
    assert "WITHDRAWN" not in html
    assert "Vremya" not in html


@pytest.mark.parametrize("selection", SELECTIONS)
def test_case_list_filters(client, published, selection):
    """Values of one filter are ORed and different filters are ANDed."""
    response = client.get("/cases.json", selection)
    assert response.status_code == 200
    expected = {case.pk for case in published if matches(case, selection)}
    assert {result["id"] for result in response.json()["results"]} == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("selection", SELECTIONS)
def test_facet_counts_are_disjunctive(client, published, selection):
    """Each facet counts the cases matching every filter but its own."""
    response = client.get("/cases.json", selection)
    assert counts_in(response.json()) == expected_facets(published, selection)


def test_facets_offer_only_published_values(client, cases):
    """Values that only unpublished cases have are neither offered nor accepted."""
    facets = counts_in(client.get("/cases.json").json())
    assert "vremya" not in facets["outlet"]
    assert "WITHDRAWN" not in facets["category"]
    assert client.get("/cases/", {"category": "WITHDRAWN"}).status_code == 400


def test_facets_json_shape(client, cases):
    """Facet values carry the query string value, a label and a count."""
    facets = client.get("/cases.json", {"month": "2008-05"}).json()["facets"]
    assert facets["outlet"][0] == {
        "value": "express-k",
        "label": "Express-K",
        "count": 1,
        "selected": False,
    }
    assert {"value": "2008-05", "label": "May 2008", "count": 1, "selected": True} in facets[
        "month"
    ]
    assert [choice["value"] for choice in facets["category"]] == [UZBEKS]


def test_case_list_form_checks_selected_values(client, cases):
    """Selected values are checked boxes with a link that removes them; zero counts are absent."""
    response = client.get("/cases/", {"outlet": "interfax", "category": VICTIMS})
    html = response.content.decode()
    assert '<form class="case-search" method="get" action="/cases/" id="list-search"' in html
    assert 'form="list-search"' in html  # the facets' boxes belong to the one form
    assert 'name="outlet" value="interfax" checked' in html
    assert f'name="category" value="{UZBEKS}">' in html
    assert 'href="?outlet=interfax"' in html  # unticks the category
    assert 'value="express-k"' not in html
    assert 'value="2008-05"' not in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"outlet": "nowhere"}, "outlet"),
        ({"category": "NO SUCH HEADING"}, "category"),
        ({"month": "2008-13"}, "month"),
        ({"month": "June 2008"}, "month"),
        ({"month": ["2008-06", "2008-6"]}, "month"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
    ],
)
def test_bad_query_is_400(client, cases, query, field):
    """Unknown facet values and malformed months or pages are reported as a bad request."""
    page = client.get("/cases/", query)
    assert page.status_code == 400
    assert "This search cannot be answered" in page.content.decode()
    data = client.get("/cases.json", query)
    assert data.status_code == 400
    assert list(data.json()["errors"]) == [field]
    assert data.json()["results"] == []


def test_page_past_the_end_is_empty(client, cases):
    """A page beyond the last one is an empty result, not an error."""
    response = client.get("/cases.json", {"page": "9"})
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert response.json()["count"] == 3
    assert response.json()["next"] is None
    assert "No cases on this page" in client.get("/cases/", {"page": "9"}).content.decode()


def test_case_list_paginates(client, cases, settings):
    """Pages hold CASES_PER_PAGE cases and link to each other, keeping the filters."""
    settings.CASES_PER_PAGE = 2
    first = client.get("/cases.json", {"outlet": ["interfax", "express-k"]}).json()
    assert [result["id"] for result in first["results"]] == [cases["june"].pk, cases["may"].pk]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/cases.json?outlet=interfax&outlet=express-k&page=2"
    second = client.get(first["next"]).json()
    assert [result["id"] for result in second["results"]] == [cases["march"].pk]
    assert second["next"] is None
    assert (
        second["previous"] == "http://testserver/cases.json?outlet=interfax&outlet=express-k&page=1"
    )
    html = client.get("/cases/", {"page": 2}).content.decode()
    assert 'href="?page=1" rel="prev"' in html


def test_case_list_json_result_shape(client, cases):
    """Each result has the case's id, URL, cable, paragraph, date, outlet and category."""
    data = client.get("/cases.json", {"month": "2008-06"}).json()
    assert len(data["results"]) == 1
    assert (
        data["results"][0].items()
        >= {
            "id": cases["june"].pk,
            "key": "08ASTANA1246-p4-1",
            "url": "http://testserver/cases/08ASTANA1246-p4-1/",
            "cable": "08ASTANA1246",
            "paragraph": {
                "ordinal": 4,
                "number": "17",
                "anchor": "p4",
                "url": "http://testserver/cables/08ASTANA1246/#p4",
            },
            "reported_on": "2008-06-04",
            "outlet": "Interfax",
            "outlet_slug": "interfax",
            "category": VICTIMS,
            "countries": [],
            "places": [],
            "outcome": "none",
            "convicted": False,
        }.items()
    )


def test_case_without_date_or_outlet(client, cable):
    """A case missing its date, outlet and category is listed and counted in no facet."""
    case = add_case(cable, 1, None, None, "")
    data = client.get("/cases.json").json()
    assert data["results"][0]["reported_on"] is None
    assert data["results"][0]["outlet"] is None
    assert data["facets"]["category"] == data["facets"]["outlet"] == data["facets"]["month"] == []
    assert "Unknown" in client.get(f"/cases/{case.key}/").content.decode()


def test_case_detail(client, cases):
    """The case page shows its fields and its paragraph, linked to the paragraph's anchor."""
    response = client.get(f"/cases/{cases['march'].key}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "14 March 2008" in html
    assert "Interfax" in html
    assert UZBEKS in html
    assert 'href="/cables/08ASTANA1246/"' in html
    assert 'href="/cables/08ASTANA1246/#p2"' in html
    assert "police dismantled a smuggling ring" in html


CASE_FIELD_KEYS = {
    "countries",
    "places",
    "exploitation",
    "sector",
    "means_of_control",
    "minor",
    "victim_count_min",
    "victim_count_max",
    "ages",
    "outcome",
    "convicted",
    "max_sentence_years",
    "amounts_usd",
    "summary",
}


def test_case_detail_json(client, cases):
    """The case JSON names its cable, paragraph, date, outlet and category."""
    case = cases["may"]
    response = client.get(f"/cases/{case.key}.json")
    assert response.status_code == 200
    assert response.json().keys() >= CASE_FIELD_KEYS
    assert (
        response.json().items()
        >= {
            "id": case.pk,
            "key": "08ASTANA1246-p3-1",
            "url": "http://testserver/cases/08ASTANA1246-p3-1/",
            "cable": "08ASTANA1246",
            "paragraph": {
                "ordinal": 3,
                "number": "3",
                "anchor": "p3",
                "url": "http://testserver/cables/08ASTANA1246/#p3",
            },
            "reported_on": "2008-05-23",
            "outlet": "Express-K",
            "outlet_slug": "express-k",
            "category": UZBEKS,
        }.items()
    )


@pytest.mark.parametrize("suffix", ["/", ".json"])
def test_unknown_case_is_404_and_unpublished_case_is_410(client, cases, suffix):
    """An id or key that never named a case is not found; a withdrawn case says it is gone."""
    assert client.get(f"/cases/999999{suffix}").status_code == 404
    assert client.get(f"/cases/08ASTANA1246-p4-9{suffix}").status_code == 404
    assert client.get(f"/cases/{cases['hidden'].pk}{suffix}").status_code == 301
    gone = client.get(f"/cases/{cases['hidden'].key}{suffix}")
    assert gone.status_code == 410
    assert "withdrawn" in gone.content.decode()


@pytest.mark.parametrize("suffix", ["/", ".json"])
def test_unknown_cable_is_404(client, cases, suffix):
    """A reference id that names no cable is not found."""
    assert client.get(f"/cables/99NOWHERE1{suffix}").status_code == 404


def test_cable_list(client, cases):
    """The cable list shows each cable with its number of published cases."""
    response = client.get("/cables/")
    assert response.status_code == 200
    [cable] = response.context["cable_list"]
    assert cable.case_count == 3
    html = response.content.decode()
    assert 'href="/cables/08ASTANA1246/"' in html
    assert "Embassy Astana" in html
    assert "11 Jul 2008" in html


def test_cable_list_is_newest_first(client, cable):
    """Cables are listed by date sent, newest first, undated ones last."""
    Cable.objects.create(reference_id="07ASTANA1", sent_at=datetime(2007, 1, 2, tzinfo=UTC))
    Cable.objects.create(reference_id="09ASTANA1", sent_at=None)
    response = client.get("/cables/")
    assert [cable.reference_id for cable in response.context["cable_list"]] == [
        "08ASTANA1246",
        "07ASTANA1",
        "09ASTANA1",
    ]


def test_cable_detail(client, cases):
    """The cable page shows its metadata and paragraphs in order, each with its anchor."""
    response = client.get("/cables/08ASTANA1246/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "PRIORITY",
        "SECSTATE WASHDC",
        "SCA COLLECTIVE; USOFFICE ALMATY",
    ]:
        assert text in html
    tags = [html.index(f">{code}</abbr>") for code in ("SOCI", "KCRM", "KZ")]
    assert tags == sorted(tags)
    assert "Social conditions" in html and "Kazakhstan" in html
    positions = [html.index(f'id="p{ordinal}"') for ordinal in range(1, 5)]
    assert positions == sorted(positions)
    assert html.count(f"<h3>{UZBEKS}</h3>") == 1
    assert html.index(f"<h3>{UZBEKS}</h3>") < positions[1]
    assert positions[2] < html.index(f"<h3>{VICTIMS}</h3>") < positions[3]
    assert "¶17." in html


def test_cable_detail_links_paragraphs_to_their_cases(client, cases):
    """A paragraph with published cases links to their pages, and to no unpublished one."""
    html = client.get("/cables/08ASTANA1246/").content.decode()
    paragraph_four = html[html.index('id="p4"') :]
    assert f'href="/cases/{cases["june"].key}/"' in paragraph_four
    assert f'href="/cases/{cases["hidden"].key}/"' not in html


def test_cable_text_is_escaped(client, cases):
    """Markup in cable text is shown as text on the cable and case pages."""
    for url in ["/cables/08ASTANA1246/", f"/cases/{cases['may'].key}/"]:
        html = client.get(url).content.decode()
        assert "<script>" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_cable_detail_json(client, cases):
    """The cable JSON carries its metadata, paragraphs and published cases."""
    response = client.get("/cables/08ASTANA1246.json")
    assert response.status_code == 200
    data = response.json()
    assert {key: data[key] for key in ["reference_id", "url", "sent_at", "to", "info", "tags"]} == {
        "reference_id": "08ASTANA1246",
        "url": "http://testserver/cables/08ASTANA1246/",
        "sent_at": "2008-07-11T03:34:00Z",
        "to": ["SECSTATE WASHDC"],
        "info": ["SCA COLLECTIVE", "USOFFICE ALMATY"],
        "tags": ["SOCI", "KCRM", "KZ"],
    }
    assert data["tag_details"][2] == {
        "code": "KZ",
        "kind": "geographic",
        "description": "Kazakhstan",
        "country": "KZ",
    }
    assert data["precedence"] == "PRIORITY"
    assert (data["origin"], data["origin_name"]) == ("AMEMBASSY ASTANA", "Embassy Astana")
    assert (data["classification"], data["caveats"]) == ("UNCLASSIFIED", ["SIPDIS"])
    assert (data["signature"], data["sections"]) == ("ORDWAY", 3)
    assert data["subject"].startswith("KAZAKHSTAN")
    assert data["paragraphs"][0] == {
        "ordinal": 1,
        "number": "1",
        "anchor": "p1",
        "depth": 0,
        "former_anchors": [],
        "heading": None,
        "text": PARAGRAPHS[0][2],
        "url": "http://testserver/cables/08ASTANA1246/#p1",
    }
    assert [paragraph["heading"] for paragraph in data["paragraphs"][1:]] == [
        UZBEKS,
        UZBEKS,
        VICTIMS,
    ]
    assert data["cases"] == [
        {
            "id": case.pk,
            "key": case.key,
            "url": f"http://testserver/cases/{case.key}/",
            "paragraph": ordinal,
            "span": [0, 0],
        }
        for case, ordinal in [(cases["march"], 2), (cases["may"], 3), (cases["june"], 4)]
    ]


def test_cable_without_sent_at_has_null_in_json(client, cable):
    """An undated cable's sent_at is null."""
    Cable.objects.filter(pk=cable.pk).update(sent_at=None)
    assert client.get("/cables/08ASTANA1246.json").json()["sent_at"] is None


PUBLIC_PAGES = [
    "/",
    "/method/",
    "/cases/",
    "/cases.json",
    "/cases/{case}/",
    "/cases/{case}.json",
    "/cables/",
    "/cables/08ASTANA1246/",
    "/cables/08ASTANA1246.json",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_answer_get_and_head(client, cases, url):
    """Every public page answers GET and HEAD."""
    url = url.format(case=cases["march"].key)
    assert client.get(url).status_code == 200
    assert client.head(url).status_code == 200


@pytest.mark.parametrize("url", PUBLIC_PAGES)
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_public_pages_refuse_writes(cases, url, method):
    """Public pages are read-only: other methods are not allowed, CSRF token or not."""
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(url.format(case=cases["march"].key))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def add_many_cases(cable, outlets, count):
    """Staff-entered cases (several may share a paragraph) spread over outlets and months."""
    paragraphs = list(cable.paragraphs.all())
    Case.objects.bulk_create(
        Case(
            cable=cable,
            paragraph=paragraphs[n % len(paragraphs)],
            key=paragraphs[n % len(paragraphs)].take_case_key(),
            source=Case.Source.STAFF,
            reported_on=date(2008, 1 + n % 12, 1),
            outlet=list(outlets.values())[n % len(outlets)],
            category=f"HEADING {n % 5}",
        )
        for n in range(count)
    )


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/cases/", 17),  # count, page, its countries and places, one per facet (13)
        ("/cases.json?outlet=interfax&category=HEADING+1", 19),  # and checking both values
        # version, cable, tags, paragraphs, their cases, former anchors
        ("/cables/08ASTANA1246/", 6),
    ],
)
def test_query_count_does_not_grow_with_cases(
    client, cable, outlets, django_assert_max_num_queries, url, queries
):
    """Lists and the cable page take a fixed number of queries however many cases there are
    (the facet index, kept current apart, is brought up to date before each)."""
    add_many_cases(cable, outlets, 3)
    current_index()
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200
    add_many_cases(cable, outlets, 60)
    current_index()
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200


def test_cable_list_answers_many_cables_in_fixed_queries(
    client, cable, django_assert_max_num_queries
):
    """The cable list counts cases in the same query whatever the number of cables."""
    for n in range(10):
        Cable.objects.create(reference_id=f"08ASTANA{n}")
    # The archive version, the count, the page, and one GROUP BY for each of 5 facets.
    with django_assert_max_num_queries(8):
        assert client.get("/cables/").status_code == 200


def test_seed_cases_link_to_their_paragraphs_and_back(client, seed_cable, expected):
    """Every seed case page links to its paragraph's anchor, whose cable page links back."""
    cable_html = client.get(seed_cable.get_absolute_url()).content.decode()
    cases = Case.objects.filter(cable=seed_cable).select_related("paragraph")
    assert len(cases) == len(expected["cases"]) == 17
    for case in cases:
        response = client.get(case.get_absolute_url())
        assert response.status_code == 200
        anchor_url = f"/cables/08ASTANA1246/#{case.paragraph.anchor}"
        assert f'href="{anchor_url}"' in response.content.decode()
        assert f'id="{case.paragraph.anchor}"' in cable_html
        assert f'href="{case.get_absolute_url()}"' in cable_html


def test_seed_facet_counts(client, seed_cable, expected):
    """The seed's outlet, category and month counts are those of the expectations file."""
    facets = client.get("/cases.json").json()["facets"]
    assert sorted(v["count"] for v in facets["outlet"]) == sorted(
        expected["facet_counts"]["outlet"].values()
    )
    assert {v["label"].upper(): v["count"] for v in facets["category"]} == expected["facet_counts"][
        "category"
    ]
    assert {v["value"]: v["count"] for v in facets["month"]} == expected["facet_counts"][
        "reported_month"
    ]


def test_case_json_gives_where_the_case_is_told(client, cases):
    """The case JSON, and each item of the list JSON, carries the case's key, its sentences
    and their span, the extractor's confidence, when it happened, a life sentence, and the
    other places the cable tells it, each with its paragraph's URL and span."""
    case = cases["may"]
    text = case.paragraph.text
    start = text.index("a brothel")
    Case.objects.filter(pk=case.pk).update(
        span_start=start,
        span_end=len(text),
        excerpt=text[start:],
        confidence=0.82,
        occurred="2008-05",
        life_sentence=True,
        tellings=[{"anchor": "p4", "start": 0, "end": 16}],
    )
    expected = {
        "key": "08ASTANA1246-p3-1",
        "excerpt": "a brothel in Aktau.",
        "span": [start, len(text)],
        "confidence": 0.82,
        "occurred": "2008-05",
        "life_sentence": True,
        "tellings": [
            {
                "anchor": "p4",
                "url": "http://testserver/cables/08ASTANA1246/paragraphs/p4/",
                "span": [0, 16],
            }
        ],
    }
    data = client.get(f"/cases/{case.key}.json").json()
    assert data.items() >= expected.items()
    [item] = client.get("/cases.json", {"month": "2008-05"}).json()["results"]
    assert item == data
    assert client.get(data["tellings"][0]["url"])["Location"] == "/cables/08ASTANA1246/#p4"
