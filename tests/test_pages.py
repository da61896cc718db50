"""The front door, the method, the cable list and cable page, error pages, and the small
things of the list: case-insensitive codes, an empty date range said, pages past the end,
the histogram's axis, the map. Pages are ready for a Content-Security-Policy without
'unsafe-inline'."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.test import RequestFactory

from archive.errors import server_error
from cases.models import Cable, Case

INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.IGNORECASE),
    re.compile(r"<style", re.IGNORECASE),
    re.compile(r"\sstyle=", re.IGNORECASE),
    re.compile(r"\son[a-z]+=", re.IGNORECASE),
    re.compile(r"javascript:", re.IGNORECASE),
]


@pytest.fixture
def other_cable(db):
    """A cable that tells no case."""
    return Cable.objects.create(
        reference_id="09LONDON12", subject="UK: VISA POLICY", origin_name="Embassy London"
    )


def html(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_home_page_says_what_the_archive_holds(client, seed_cable, other_cable):
    """Counts of cases, cables, cables with cases, posts and the years, the latest cases and
    the ways in."""
    page = html(client, "/")
    published = Case.objects.published().count()
    assert f'<dd id="count-cases">{published}</dd>' in page
    assert '<dd id="count-cables">2</dd>' in page
    assert '<dd id="count-cables-with-cases">1</dd>' in page
    assert '<dd id="count-posts">2</dd>' in page
    assert '<dd id="years">2008</dd>' in page
    assert page.count('class="result"') == 6
    assert 'href="/method/"' in page
    assert 'href="/cases/?exploitation=sexual"' in page


def test_method_page_explains_cases_and_confidence(client, db):
    page = html(client, "/method/")
    assert "What counts as a case" in page
    assert "Cases with a confidence of 0.5 or more are published at once" in page


def test_not_found_has_the_site_look_and_a_way_back(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<a class="site-name" href="/">Cable Case Archive</a>' in page
    assert 'href="/cases/">Search the cases</a>' in page


def test_server_error_page_needs_no_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Back to the archive's front page" in response.content.decode()


@pytest.mark.parametrize("path", ["/cases/", "/cables/"])
def test_country_and_tag_codes_in_small_letters(client, seed_cable, path):
    """?country=kz is the list of ?country=KZ: it redirects there."""
    response = client.get(path, {"tag": "kz"} if path == "/cables/" else {"country": "kz"})
    assert response.status_code == 301
    assert response["Location"] in (f"{path}?tag=KZ", f"{path}?country=KZ")
    assert client.get(response["Location"]).status_code == 200


def test_from_after_to_says_so(client, seed_cable):
    response = client.get("/cases/", {"from": "2009", "to": "2008"})
    assert response.status_code == 400
    assert "is after “to”" in response.content.decode()
    assert client.get("/cases.json", {"from": "2009", "to": "2008"}).status_code == 400


@pytest.mark.parametrize(("path", "text"), [("/cases/", "No cases"), ("/cables/", "No cables")])
def test_a_page_past_the_end_is_empty_on_both_lists(client, seed_cable, path, text):
    page = html(client, path, page=999)
    assert f"{text} on this page" in page


def test_cable_list_searches_filters_and_counts(client, seed_cable, other_cable):
    page = html(client, "/cables/")
    assert ">2 cables</h2>" in page
    assert 'value="yes"' in page and "Tells cases <span" in page
    only = html(client, "/cables/", cases="yes")
    assert ">1 cable</h2>" in only and "08ASTANA1246" in only and "09LONDON12" not in only
    assert "09LONDON12" in html(client, "/cables/", cases="no")
    assert ">1 cable</h2>" in html(client, "/cables/", q="Interfax")  # words of its cases
    assert ">1 cable</h2>" in html(client, "/cables/", q="visa")  # of the subject
    assert ">1 cable</h2>" in html(client, "/cables/", q="ASTANA1246")  # the reference
    assert ">1 cable</h2>" in html(client, "/cables/", origin="Embassy London")
    assert client.get("/cables/", {"origin": "Nowhere"}).status_code == 400


def test_long_cable_has_a_contents_box_and_its_source(client, seed_cable):
    """Sections, paragraphs with cases marked, the WikiLeaks page; numbers say anchors."""
    page = html(client, seed_cable.get_absolute_url())
    box = page[page.index('<details class="contents-box"') : page.index("</details>")]
    assert '<a href="#metadata-heading">Header</a>' in box
    assert box.count('class="case-marker"') >= 17
    assert 'href="#p7">¶17</a>' in box  # printed 17, anchored p7
    assert 'href="https://wikileaks.org/cable/2008/07/08ASTANA1246.html"' in page
    assert '<span class="anchor-note">#p7</span>' in page
    assert '<meta property="og:title" content="Cable 08ASTANA1246: KAZAKHSTAN' in page
    assert '"@type": "DigitalDocument"' in page


def test_histogram_has_an_axis_with_years(client, seed_cable):
    page = html(client, "/cases/")
    figure = page[page.index('<figure class="histogram">') : page.index("</figure>")]
    assert '<text class="year"' in figure and ">2008</text>" in figure
    assert 'class="axis"' in figure and "a month</text>" in figure


def test_list_map_follows_the_filters(client, seed_cable):
    """Markers for the located places of the listed cases; each adds its place."""
    page = html(client, "/cases/", exploitation="labor")
    figure = page[page.index('<figure class="place-map">') :]
    figure = figure[: figure.index("</figure>")]
    svg = ET.fromstring(figure[figure.index("<svg") : figure.index("</svg>") + 6])
    markers = svg.findall(".//{http://www.w3.org/2000/svg}circle") or svg.findall(".//circle")
    assert markers
    assert 'href="?exploitation=labor&amp;place=' in figure
    sexual = html(client, "/cases/", exploitation="sexual")
    assert (
        "Ushtobe" in figure
        and "Ushtobe" not in sexual[sexual.index('<figure class="place-map">') :]
    )


@pytest.mark.parametrize(
    "path", ["/", "/method/", "/cases/", "/cables/", "/cables/08ASTANA1246/", "/no-such-page/"]
)
def test_no_inline_script_or_style(client, seed_cable, path):
    """Nothing a Content-Security-Policy without 'unsafe-inline' would block."""
    page = client.get(path).content.decode()
    for pattern in INLINE:
        assert not pattern.search(page), (path, pattern.pattern)


def test_no_inline_script_or_style_on_a_case_page(client, seed_cable):
    case = Case.objects.published().first()
    page = html(client, case.get_absolute_url())
    for pattern in INLINE:
        assert not pattern.search(page), pattern.pattern


def test_admin_has_a_favicon_and_names_cases(admin_client, seed_cable):
    login = admin_client.get("/admin/").content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in login
    listing = admin_client.get("/admin/cases/case/").content.decode()
    assert "08ASTANA1246-p18-1: Girl, 14, from Kyrgyzstan" in listing


@pytest.mark.parametrize(
    ("path", "bound"),
    [
        # The version (the page cache's, then the facet index's); the cable count and
        # posts; the latest cases, their countries and places.
        ("/", 6),
        # The version, the count, the page; one GROUP BY for each of the five facets.
        ("/cables/", 8),
        # The version, the cable and its tags, its paragraphs, their cases, and the anchors
        # of the paragraphs they replaced.
        ("/cables/08ASTANA1246/", 6),
    ],
)
def test_page_queries_are_few(client, seed_cable, django_assert_max_num_queries, path, bound):
    """Queries per page, with the facet index built and the page cache empty."""
    from django.core.cache import cache

    client.get(path)
    cache.clear()
    with django_assert_max_num_queries(bound):
        assert client.get(path).status_code == 200
