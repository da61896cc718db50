"""Hostile input on every public URL: Hypothesis makes thousands of requests and none of
them may be answered with a 5xx.

Paths, query parameters, methods and conditional headers are drawn from the archive's
real values (keys, reference ids, anchors, facet values) mutated and mixed with what
attackers send: NUL and other control bytes, years past 9999, huge numbers, long strings,
percent signs, markup. Each request runs in a savepoint, so that a database error in one
cannot hide behind another. ``FUZZ_REQUESTS`` sets how many requests a run makes (5,000
by default, as CI runs it).
"""

import os
from urllib.parse import quote, urlencode

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.ingest.importer import import_paths
from cases.models import Cable, Case, Country, Outlet, Paragraph, Place, Tag

REQUESTS = int(os.environ.get("FUZZ_REQUESTS", "5000"))

FACETS = (
    "category",
    "exploitation",
    "sector",
    "country",
    "place",
    "outlet",
    "year",
    "month",
    "outcome",
    "minor",
    "origin",
    "tag",
    "classification",
)
PARAMETERS = (*FACETS, "q", "from", "to", "sort", "page", "order", "back", "p", "next")

HOSTILE = (
    "\x00",
    "%00",
    "a\x00b",
    "\x01\x1f\x7f",
    "9999",
    "10000",
    "9999-12",
    "9999-12-31",
    "10000-01",
    "0000",
    "0001-01-01",
    "1999-13",
    "2008-02-30",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "' OR 1=1 --",
    '"',
    "\\",
    "%",
    "%%",
    "&",
    "=",
    "<script>alert(1)</script>",
    "\u202e\ufeff\ud7ff",
    "é" * 40,
    "x" * 5000,
    " ",
    "\r\n",
    "AND OR NOT -",
    '"unterminated',
    "-p1-1",
    "..",
    "/",
)


def texts() -> st.SearchStrategy[str]:
    # Any code point but lone surrogates, which no URL can carry (they cannot be encoded).
    return st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@pytest.fixture
def archive(db, seed_path, prose_files):
    """The seed cable and the prose cables, and every value a request could name."""
    report = import_paths([seed_path, *prose_files.values()])
    assert not report.failures, report.failures
    cases = list(Case.objects.select_related("paragraph", "cable"))
    return {
        "keys": [case.key for case in cases],
        "ids": [str(case.pk) for case in cases],
        "cables": list(Cable.objects.values_list("reference_id", flat=True)),
        "anchors": list(Paragraph.objects.values_list("anchor", flat=True).distinct()),
        "values": sorted(
            {
                *Country.objects.values_list("code", flat=True),
                *Place.objects.values_list("slug", flat=True),
                *Outlet.objects.values_list("slug", flat=True),
                *Tag.objects.values_list("code", flat=True),
                *(value for case in cases for value in (case.category, case.sector)),
                *(case.cable.origin_name for case in cases),
                *(case.cable.classification for case in cases),
                "sexual",
                "labor",
                "convicted",
                "true",
                "unknown",
                "2008",
                "2008-06",
                "2008-06-04",
                "newest",
                "relevance",
                "name",
                "police",
                "trafficking",
            }
            - {""}
        ),
    }


def mutated(values: list[str]) -> st.SearchStrategy[str]:
    """A real value, a hostile one, arbitrary text, or a real value with text spliced in."""
    real = st.sampled_from(values)
    return st.one_of(
        real,
        st.sampled_from(HOSTILE),
        texts(),
        st.builds(lambda value, extra: value + extra, real, st.sampled_from(HOSTILE) | texts()),
        st.builds(lambda extra, value: extra + value, st.sampled_from(HOSTILE), real),
    )


def segment(values: list[str]) -> st.SearchStrategy[str]:
    """A path segment, percent-encoded as a browser would send it."""
    return mutated(values).map(lambda text: quote(text, safe="") or "x")


def query(values: list[str]) -> st.SearchStrategy[str]:
    pairs = st.lists(st.tuples(st.sampled_from(PARAMETERS) | texts(), mutated(values)), max_size=6)
    return pairs.map(lambda items: urlencode(items))


def back_query(values: list[str]) -> st.SearchStrategy[str]:
    """A case page's ``back=``: a list query string, itself hostile."""
    return query(values).map(lambda inner: urlencode({"back": inner}))


def paths(data: dict) -> st.SearchStrategy[str]:
    keys, cables = data["keys"], data["cables"]
    return st.one_of(
        st.sampled_from(
            [
                "/",
                "/cases/",
                "/cases.json",
                "/cases.csv",
                "/cases/export.json",
                "/cases/feed/",
                "/cables/",
                "/sitemap.xml",
                "/sitemap-cases.xml",
                "/sitemap-cables.xml",
                "/robots.txt",
                "/healthz",
                "/admin/login/",
            ]
        ),
        st.builds("/cases/facets/{}/".format, segment(list(FACETS))),
        st.builds("/cases/{}/".format, segment(keys)),
        st.builds("/cases/{}.json".format, segment(keys)),
        st.builds("/cases/{}/".format, segment(data["ids"])),
        st.builds("/cases/{}.json".format, segment(data["ids"])),
        st.builds("/cables/{}/".format, segment(cables)),
        st.builds("/cables/{}.json".format, segment(cables)),
        st.builds("/cables/{}/paragraphs/{}/".format, segment(cables), segment(data["anchors"])),
        st.builds("/sitemap-{}.xml".format, segment(["cases", "cables"])),
        st.builds("/{}".format, segment(["cases", "cables", "static", "admin"])),
    )


def requests(data: dict):
    values = data["values"] + data["keys"] + data["cables"]
    return st.tuples(
        st.sampled_from(["GET"] * 12 + ["HEAD"] * 2 + ["POST", "PUT", "DELETE", "OPTIONS"]),
        paths(data),
        st.one_of(query(values), back_query(values)),
        st.none() | st.sampled_from(['"x"', "*", 'W/"x", "y"', "\x00", "garbage"]) | texts(),
    )


@pytest.mark.django_db
def test_no_request_is_answered_with_a_server_error(archive):
    """Thousands of generated requests over every public URL and parameter: none gets 5xx."""
    client = Client()
    sent = []
    statuses = set()

    @settings(
        max_examples=REQUESTS,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(requests(archive))
    def probe(request):
        method, path, query_string, if_none_match = request
        url = f"{path}?{query_string}" if query_string else path
        headers = {"If-None-Match": if_none_match} if if_none_match is not None else {}
        # A savepoint per request: a database error must not leave the transaction
        # aborted for the requests after it (PostgreSQL refuses every later query).
        with transaction.atomic():
            response = client.generic(method, url, headers=headers)
            if response.streaming:
                b"".join(response.streaming_content)
        sent.append(url)
        statuses.add(response.status_code)
        assert response.status_code < 500, (method, url, headers, response.status_code)

    probe()
    assert len(sent) >= REQUESTS
    # The draws reach the pages themselves, not only their refusals.
    assert {200, 400, 404, 405} <= statuses
