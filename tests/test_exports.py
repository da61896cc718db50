"""CSV and JSON exports of the case list: the list's cases, all of them, streamed."""

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse

from cases import search_index
from cases.models import Cable, Case, Country, Outlet, Place
from cases.web import exports

SUMMARY = 'Ring "Alpha", Aktau\nsecond line'
MARKUP = "<script>alert('x')</script>"


@pytest.fixture
def archive(db):
    """Four published cases over two outlets (one undated, one with markup) and a hidden one."""
    cable = Cable.objects.create(
        reference_id="08ASTANA1246",
        sent_at=datetime(2008, 7, 11, 3, 34, tzinfo=UTC),
        origin_name="Embassy Astana",
        classification="UNCLASSIFIED",
        subject="MEDIA REPORTS ON HUMAN TRAFFICKING",
        source_text="(the cable)",
        content_hash="0" * 64,
    )
    texts = [
        "March 14, Interfax: a ring in Aktau sold two girls.",
        f"May 1, Vremya: {MARKUP} workers unpaid.",
        "Interfax: a shelter opened.",
        "June 2, Interfax: a farm held ten men.",
        "Withdrawn report.",
    ]
    paragraphs = [
        cable.paragraphs.create(ordinal=n, number=str(n), anchor=f"p{n}", text=text)
        for n, text in enumerate(texts, start=1)
    ]
    interfax = Outlet.objects.create(slug="interfax", name="Interfax")
    vremya = Outlet.objects.create(slug="vremya", name="Vremya")
    kz = Country.objects.create(code="KZ", name="Kazakhstan")
    uz = Country.objects.create(code="UZ", name="Uzbekistan")
    aktau = Place.objects.create(key="aktau", slug="aktau", name="Aktau", country="KZ")
    shymkent = Place.objects.create(key="shymkent", slug="shymkent", name="Shymkent")

    def add(paragraph, **fields):
        return Case.objects.create(
            cable=cable, paragraph=paragraph, key=paragraph.take_case_key(), **fields
        )

    cases = {
        "ring": add(
            paragraphs[0],
            reported_on=date(2008, 3, 14),
            outlet=interfax,
            category="SEXUAL TRAFFICKING",
            exploitation="sexual",
            exploitation_type="brothel",
            means_of_control=["debt_bondage", "violence"],
            minor=True,
            ages=[16, 17],
            victim_count_min=2,
            victim_count_max=3,
            victim_sex="female",
            outcome="convicted",
            max_sentence_years=Decimal("7.50"),
            amounts_usd=[300, 1500],
            summary=SUMMARY,
            span_start=20,
            span_end=51,
            excerpt="a ring in Aktau sold two girls.",
            confidence=0.75,
            occurred="2008-03",
            life_sentence=True,
        ),
        "workers": add(
            paragraphs[1],
            reported_on=date(2008, 5, 1),
            outlet=vremya,
            category=f"LABOR {MARKUP}",
            exploitation="labor",
            sector="construction",
            minor=False,
            summary='=HYPERLINK("http://example.com")',
        ),
        "undated": add(paragraphs[2], outlet=interfax, category="SEXUAL TRAFFICKING"),
        "farm": add(
            paragraphs[3],
            reported_on=date(2008, 6, 2),
            outlet=interfax,
            category="LABOR",
            exploitation="labor",
            sector="agriculture",
        ),
        "hidden": add(
            paragraphs[4], reported_on=date(2008, 6, 3), outlet=interfax, is_published=False
        ),
    }
    cases["ring"].countries.set([kz, uz])
    cases["ring"].places.set([aktau, shymkent])
    cases["workers"].countries.set([kz])
    search_index.index_cases([cable.pk])
    return cases


def content(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


def csv_records(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content(response), newline="")))


def listed_ids(client, query) -> list[int]:
    """The ids the list shows for ``query``, in its order, all on one page."""
    data = client.get("/cases.json", query).json()
    assert len(data["results"]) == data["count"]
    return [result["id"] for result in data["results"]]


QUERIES = [
    {},
    {"outlet": ["interfax", "vremya"]},
    {"outlet": "interfax", "sort": "oldest"},
    {"category": "SEXUAL TRAFFICKING"},
    {"exploitation": "labor", "minor": ["false", "unknown"]},
    {"country": "UZ"},
    {"q": "Interfax"},
    {"q": "girls", "outlet": "interfax"},
    {"outlet": "vremya", "month": "2008-05"},
]


@pytest.mark.parametrize("query", QUERIES)
def test_csv_export_holds_the_list_in_its_order(client, archive, query):
    """The CSV has one row per case the list counts, in the list's order, across all pages."""
    expected = listed_ids(client, query)
    assert expected
    records = csv_records(client.get("/cases.csv", query))
    assert [int(record["id"]) for record in records] == expected


@pytest.mark.parametrize("query", QUERIES)
def test_json_export_holds_the_list_in_its_order(client, archive, query):
    """The JSON export is an array of every case the list counts, in the list's order."""
    expected = listed_ids(client, query)
    assert expected
    data = json.loads(content(client.get("/cases/export.json", query)))
    assert [item["id"] for item in data] == expected


def test_exports_are_not_paginated(client, archive, settings):
    """Exports hold every matching case even when the list needs several pages."""
    settings.CASES_PER_PAGE = 1
    assert len(csv_records(client.get("/cases.csv"))) == 4
    assert len(json.loads(content(client.get("/cases/export.json")))) == 4


@pytest.mark.parametrize(
    ("url", "content_type", "filename"),
    [
        ("/cases.csv", "text/csv; charset=utf-8", "cases.csv"),
        ("/cases/export.json", "application/json", "cases.json"),
    ],
)
def test_exports_stream_as_attachments(client, archive, url, content_type, filename):
    """Exports are streamed downloads with a filename, never rendered as a page."""
    response = client.get(url)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/cases.csv", "/cases/export.json"])
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"outlet": "nowhere"}, "outlet"),
        ({"month": "2008-13"}, "month"),
        ({"minor": "maybe"}, "minor"),
        ({"sort": "sideways"}, "sort"),
        ({"from": "June"}, "from"),
    ],
)
def test_bad_query_is_400_with_its_errors(client, archive, url, query, field):
    """An invalid query is answered 400 with its errors as text, naming the field."""
    response = client.get(url, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f"* {field}\n" in response.content.decode()


@pytest.mark.parametrize("url", ["/cases.csv", "/cases/export.json"])
def test_exports_leave_out_unpublished_cases(client, archive, url):
    """A case that is not published is in no export."""
    body = content(client.get(url))
    assert "Withdrawn" not in body
    assert f"/cases/{archive['hidden'].key}/" not in body


def test_csv_row_has_every_field(client, archive):
    """A CSV row carries the case's fields, lists joined by semicolons, URLs absolute."""
    case = archive["ring"]
    [record] = csv_records(client.get("/cases.csv", {"country": "UZ"}))
    assert record == {
        "id": str(case.pk),
        "key": "08ASTANA1246-p1-1",
        "url": "http://testserver/cases/08ASTANA1246-p1-1/",
        "cable": "08ASTANA1246",
        "paragraph_number": "1",
        "paragraph_url": "http://testserver/cables/08ASTANA1246/#p1",
        "span_start": "20",
        "span_end": "51",
        "excerpt": "a ring in Aktau sold two girls.",
        "confidence": "0.75",
        "reported_on": "2008-03-14",
        "outlet": "Interfax",
        "category": "SEXUAL TRAFFICKING",
        "countries": "KZ;UZ",
        "places": "Aktau;Shymkent",
        "exploitation": "sexual",
        "sector": "",
        "exploitation_type": "brothel",
        "means_of_control": "debt_bondage;violence",
        "minor": "true",
        "victim_count_min": "2",
        "victim_count_max": "3",
        "victim_sex": "female",
        "ages": "16;17",
        "outcome": "convicted",
        "convicted": "true",
        "max_sentence_years": "7.5",
        "life_sentence": "true",
        "amounts_usd": "300;1500",
        "summary": SUMMARY,
        "occurred": "2008-03",
    }


def test_csv_quotes_commas_quotes_and_newlines(client, archive):
    """Text with commas, quotes and line breaks is quoted so that it reads back whole."""
    body = content(client.get("/cases.csv", {"country": "UZ"}))
    assert '"Ring ""Alpha"", Aktau\nsecond line"' in body
    assert body.endswith("\r\n")


def test_csv_cells_cannot_start_a_formula(client, archive):
    """Cable text that a spreadsheet would run as a formula is written as text."""
    [record] = csv_records(client.get("/cases.csv", {"outlet": "vremya"}))
    assert record["summary"] == '\'=HYPERLINK("http://example.com")'
    assert record["minor"] == "false"
    assert record["convicted"] == "false"


def test_csv_of_empty_fields(client, archive):
    """Missing values are empty cells, and the undecided minor flag too."""
    [record] = [row for row in csv_records(client.get("/cases.csv")) if row["reported_on"] == ""]
    assert int(record["id"]) == archive["undated"].pk
    for name in ["countries", "places", "minor", "victim_count_min", "max_sentence_years"]:
        assert record[name] == ""
    assert record["outcome"] == "none"


def test_json_export_items_are_the_case_json(client, archive):
    """Each item of the JSON export is the case as /cases/<key>.json gives it, and holds
    the case's values as stored."""
    data = json.loads(content(client.get("/cases/export.json")))
    for item in data:
        assert item == client.get(f"/cases/{item['key']}.json").json()
    ring = next(item for item in data if item["key"] == "08ASTANA1246-p1-1")
    assert ring["reported_on"] == "2008-03-14"
    assert ring["exploitation"] == "sexual" and ring["outcome"] == "convicted"
    assert ring["minor"] is True and ring["ages"] == [16, 17]
    assert (ring["victim_count_min"], ring["victim_count_max"]) == (2, 3)
    assert ring["max_sentence_years"] == 7.5 and ring["life_sentence"] is True
    assert ring["excerpt"] == "a ring in Aktau sold two girls." and ring["span"] == [20, 51]
    assert ring["occurred"] == "2008-03" and ring["summary"] == SUMMARY
    assert ring["confidence"] == 0.75


def test_json_export_of_nothing_is_an_empty_array(client, archive):
    """A query that matches nothing exports an empty array."""
    assert json.loads(content(client.get("/cases/export.json", {"q": "zeppelin"}))) == []


def test_markup_in_exports_is_data_not_html(client, archive):
    """Markup in cable text reaches exports intact as data, and JSON carries no raw tag."""
    json_body = content(client.get("/cases/export.json", {"outlet": "vremya"}))
    assert "<script>" not in json_body
    assert json.loads(json_body)[0]["category"] == f"LABOR {MARKUP}"
    [record] = csv_records(client.get("/cases.csv", {"outlet": "vremya"}))
    assert record["category"] == f"LABOR {MARKUP}"


def exported_ids(client, url, query) -> list[int]:
    response = client.get(url, query)
    if url.endswith(".csv"):
        return [int(record["id"]) for record in csv_records(response)]
    return [item["id"] for item in json.loads(content(response))]


@pytest.mark.parametrize("url", ["/cases.csv", "/cases/export.json"])
def test_export_queries_do_not_grow_with_cases(client, archive, url, django_assert_num_queries):
    """An export takes the same few queries for one case as for sixty-one."""
    query = {"outlet": "interfax", "country": "KZ"}
    # Two validate the query's values, then the names of all countries and places, the
    # cases, their countries and their places; the JSON also reads the places' details and
    # the countries' names for the titles.
    expected = 7 if url.endswith(".csv") else 9
    with django_assert_num_queries(expected):
        assert len(exported_ids(client, url, query)) == 1
    ring = archive["ring"]
    for _ in range(60):
        copy = Case.objects.create(
            cable=ring.cable,
            paragraph=ring.paragraph,
            key=ring.paragraph.take_case_key(),
            outlet=ring.outlet,
            source="staff",
        )
        copy.countries.set(ring.countries.all())
        copy.places.set(ring.places.all())
    with django_assert_num_queries(expected):
        assert len(exported_ids(client, url, query)) == 61


def test_csv_is_the_same_whatever_the_chunk_size(client, archive, monkeypatch):
    """Countries and places stay with their cases across chunk boundaries."""
    whole = csv_records(client.get("/cases.csv"))
    monkeypatch.setattr(exports, "CHUNK_SIZE", 1)
    assert csv_records(client.get("/cases.csv")) == whole
    assert [record["countries"] for record in whole] == ["", "KZ", "KZ;UZ", ""]


@pytest.mark.parametrize("url", ["/cases.csv", "/cases/export.json"])
def test_exports_are_read_only(client, archive, url):
    """Exports answer GET and HEAD, and 405 to writes."""
    assert client.head(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_csv_links_are_where_the_case_and_its_text_are(client, archive):
    """Every row links its case and the paragraph as the pages do, a retired paragraph
    (with a successor, and without one) included."""
    ring, workers = archive["ring"], archive["workers"]
    workers.paragraph.is_current, workers.paragraph.ordinal = False, None
    workers.paragraph.save()
    ring.paragraph.is_current, ring.paragraph.ordinal = False, None
    ring.paragraph.replaced_by = workers.paragraph
    ring.paragraph.save()
    records = csv_records(client.get("/cases.csv"))
    assert len(records) == 4
    for record in records:
        case = Case.objects.get(pk=record["id"])
        assert record["url"] == f"http://testserver{case.get_absolute_url()}"
        assert record["paragraph_url"] == f"http://testserver{case.paragraph.get_absolute_url()}"
    retired = next(r for r in records if int(r["id"]) == workers.pk)["paragraph_url"]
    assert "/paragraphs/" in retired


# Exports cannot take the site down


@pytest.mark.parametrize("url", ["/cases.csv", "/cases/export.json"])
def test_exports_beyond_the_slots_are_answered_429(client, archive, settings, url):
    """While a client's export streams, its next one is refused with 429 and Retry-After;
    another client gets the last slot in all, a third none; closed, the slots are free."""
    settings.EXPORTS_MAX_PER_CLIENT, settings.EXPORTS_MAX_CONCURRENT = 1, 2
    first = client.get(url, REMOTE_ADDR="198.51.100.1")
    assert first.status_code == 200
    refused = client.get(url, REMOTE_ADDR="198.51.100.1")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    second = client.get(url, REMOTE_ADDR="198.51.100.2")
    assert second.status_code == 200
    assert client.get(url, REMOTE_ADDR="198.51.100.3").status_code == 429
    content(first)  # read to its end: the server closes it
    assert client.get(url, REMOTE_ADDR="198.51.100.3").status_code == 200
    next(second.streaming_content)  # a client that goes away after the first piece:
    closed_unfinished(second)
    assert client.get(url, REMOTE_ADDR="198.51.100.4").status_code == 200


def closed_unfinished(response) -> None:
    """What a server does when its client leaves: close the response (without closing the
    test's database connection, as the test client does when it closes one)."""
    from unittest import mock

    from django.db import connection

    with mock.patch.object(connection, "close_if_unusable_or_obsolete"):
        response.close()


def test_export_slots_are_shared_by_processes(archive, settings):
    """The slots are held where other worker processes see them: a lock taken in another
    process counts against this one's exports."""
    import subprocess
    import sys
    import textwrap

    settings.EXPORTS_MAX_PER_CLIENT, settings.EXPORTS_MAX_CONCURRENT = 1, 1
    holder = textwrap.dedent(
        f"""
        import sys, time
        from cases.web.throttling import Slots
        slot = Slots({str(settings.EXPORT_SLOTS_DIR)!r}, 1, 1).take("elsewhere")
        print("held" if slot else "none", flush=True)
        sys.stdin.read()
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline().strip() == "held"
        assert exports.export_slots().take("here") is None
    finally:
        process.communicate("", timeout=10)
    slot = exports.export_slots().take("here")
    assert slot is not None
    slot.release()


@pytest.mark.parametrize("url", ["/cases.csv", "/cases/export.json"])
def test_a_database_failing_before_the_first_rows_is_a_503(archive, monkeypatch, url):
    """The first rows are fetched before the response starts: a database that fails then
    gets the 503 page, never a 200 with a header row and a truncated body; the export's
    slot is given back."""
    from django.db import OperationalError
    from django.test import Client

    def failing(queryset):
        raise OperationalError("the database went away")
        yield

    monkeypatch.setattr(exports, "case_rows", failing)
    client = Client(raise_request_exception=False)
    response = client.get(url)
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert not response.streaming and b"temporarily unavailable" in response.content
    monkeypatch.undo()
    assert client.get(url).status_code == 200


def test_json_export_writes_every_kind_of_value_as_the_case_json(client, archive):
    """Tellings, places with and without coordinates, quotes, backslashes, non-ASCII and
    markup, empty and null fields: each exported item reads back as the case's own JSON."""
    ring = archive["ring"]
    Place.objects.filter(slug="aktau").update(latitude=43.65, longitude=51.2)
    ring.tellings = [{"anchor": "p4", "start": 0, "end": 5}]
    ring.summary = 'Tab\there, "quoted" \\ back, Ölgii → Ürümqi, </script>&'
    ring.victim_count_max = None
    ring.save()
    data = json.loads(content(client.get("/cases/export.json")))
    assert len(data) == 4
    for item in data:
        assert item == client.get(f"/cases/{item['key']}.json").json()
    [exported] = [item for item in data if item["key"] == ring.key]
    assert exported["tellings"][0]["url"] == "http://testserver/cables/08ASTANA1246/paragraphs/p4/"
    assert exported["places"][0] == {
        "name": "Aktau",
        "country": "KZ",
        "latitude": 43.65,
        "longitude": 51.2,
    }
    assert exported["summary"] == ring.summary
