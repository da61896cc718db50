"""The case page (fields, previous and next, citation, sharing), the cable page's marks,
and the feed, sitemap and robots.txt."""

import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.staticfiles import finders

from cases import history, search_index
from cases.catalog.live_index import current_index
from cases.ingest.importer import tag_meaning
from cases.models import Cable, CableTag, Case, Country, Outlet, Place, Tag

MARKUP = "<script>alert('x')</script>"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def cable(db):
    cable = Cable.objects.create(
        reference_id="08ASTANA1246",
        sent_at=datetime(2008, 7, 11, 3, 34, tzinfo=UTC),
        origin="AMEMBASSY ASTANA",
        origin_name="Embassy Astana",
        classification="UNCLASSIFIED",
        subject="KAZAKHSTAN: MEDIA REPORTS ON HUMAN TRAFFICKING CASES",
        source_text="(the cable)",
        content_hash="0" * 64,
    )
    for position, code in enumerate(["KCRM", "KZ"], start=1):
        tag = Tag.objects.create(code=code, **tag_meaning(code))
        CableTag.objects.create(cable=cable, tag=tag, position=position)
    return cable


@pytest.fixture
def outlets(db):
    return {
        slug: Outlet.objects.create(slug=slug, name=name)
        for slug, name in [("interfax", "Interfax"), ("vremya", "Vremya")]
    }


def add_case(cable, text, **fields):
    """A case told in the whole of a new paragraph of ``text``."""
    ordinal = cable.paragraphs.count() + 1
    paragraph = cable.paragraphs.create(
        ordinal=ordinal, number=str(ordinal), anchor=f"p{ordinal}", text=text
    )
    return Case.objects.create(
        cable=cable,
        paragraph=paragraph,
        key=paragraph.take_case_key(),
        **{"span_start": 0, "span_end": len(text), "excerpt": text, **fields},
    )


@pytest.fixture
def full_case(cable, outlets):
    """A case with every field filled in."""
    kz = Country.objects.create(code="KZ", name="Kazakhstan")
    uz = Country.objects.create(code="UZ", name="Uzbekistan")
    aktau = Place.objects.create(
        key="geonames:610612",
        slug="aktau",
        name="Aktau",
        country="KZ",
        latitude=43.65,
        longitude=51.1667,
    )
    village = Place.objects.create(key="koktal:KZ", slug="koktal", name="Koktal")
    case = add_case(
        cable,
        "March 14, Interfax: twelve men from Uzbekistan were held on a building site in Aktau.",
        reported_on=date(2008, 3, 14),
        outlet=outlets["interfax"],
        category="UZBEKISTANIS IN KAZAKHSTAN",
        exploitation="labor",
        sector="construction",
        exploitation_type="",
        means_of_control=["debt_bondage", "document_confiscation"],
        minor=False,
        ages=[19, 24],
        victim_count_min=12,
        victim_count_max=15,
        victim_sex="male",
        outcome="convicted",
        max_sentence_years=Decimal("7.50"),
        amounts_usd=[300, 1500],
        summary="Twelve Uzbek builders held in debt bondage in Aktau & paid 50% less",
    )
    case.countries.set([kz, uz])
    case.places.set([aktau, village])
    return case


def html_of(client, url, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_case_page_shows_every_field(client, full_case):
    """The case page shows each field of the case, readably."""
    html = html_of(client, full_case.get_absolute_url())
    text = text_of(html)
    for shown in [
        "Twelve Uzbek builders held in debt bondage in Aktau &amp; paid 50% less",
        "14 March 2008",
        "Interfax",
        "UZBEKISTANIS IN KAZAKHSTAN",
        "Kazakhstan",
        "Uzbekistan",
        "Aktau (KZ, 43.6500, 51.1667)",
        "Koktal",
        "Exploitation Forced labour",
        "Labour sector Construction",
        "Debt bondage; Document confiscation",
        "Victims’ ages 19, 24",
        "Number of victims 12 to 15",
        "Victims’ sex Male",
        "Outcome Convicted",
        "Convicted Yes",
        "Longest sentence 7.50 years",
        "Amounts US$300; US$1,500",
        "Embassy Astana",
        "UNCLASSIFIED",
        "KCRM",
        "11 July 2008",
        "twelve men from Uzbekistan were held on a building site",
    ]:
        assert shown in text, shown
    minor = html[html.index("<dt>Minor involved</dt>") :]
    assert re.match(r"<dt>Minor involved</dt>\s*<dd>\s*<a [^>]+>No</a>", minor)


def test_unknown_values_are_said_so(client, cable):
    """Fields the text does not give read "Not stated", and minor links to those cases."""
    case = add_case(cable, "A short note.")
    html = html_of(client, case.get_absolute_url())
    assert html.count("Not stated") >= 8
    assert 'href="/cases/?minor=unknown">Not stated</a>' in html
    assert "None reported" in html


def list_links(html: str) -> dict[str, list[str]]:
    """The case-list links of a page, by the filter they set."""
    links: dict[str, list[str]] = {}
    for href in re.findall(r'href="(/cases/\?[^"]*)"', html):
        query = parse_qs(urlsplit(unescape(href)).query)
        assert len(query) == 1, href
        [(name, [value])] = query.items()
        links.setdefault(name, []).append(value)
    return links


def test_every_field_links_to_the_cases_sharing_it(client, full_case):
    """Each value links to the list filtered by it, and that list holds this case."""
    links = list_links(html_of(client, full_case.get_absolute_url()))
    assert links == {
        "month": ["2008-03"],
        "year": ["2008"],
        "outlet": ["interfax"],
        "category": ["UZBEKISTANIS IN KAZAKHSTAN"],
        "country": ["KZ", "UZ"],
        "place": ["aktau", "aktau", "koktal"],  # Aktau on the map too
        "exploitation": ["labor"],
        "sector": ["construction"],
        "minor": ["false"],
        "outcome": ["convicted", "convicted"],
        "origin": ["Embassy Astana"],
        "classification": ["UNCLASSIFIED"],
        "tag": ["KCRM", "KZ"],
    }
    for name, values in links.items():
        for value in values:
            response = client.get("/cases.json", {name: value})
            assert response.status_code == 200, (name, value)
            assert full_case.pk in [result["id"] for result in response.json()["results"]]


def test_case_page_quotes_and_links_its_paragraph(client, full_case):
    """The source paragraph is quoted and linked to its anchor in the cable page."""
    html = html_of(client, full_case.get_absolute_url())
    assert 'href="/cables/08ASTANA1246/#p1"' in html
    assert 'href="http://testserver/cables/08ASTANA1246/#p1"' in html
    assert (
        '<blockquote class="cable-text" cite="http://testserver/cables/08ASTANA1246/#p1">' in html
    )


# Navigation: a list with equal dates and undated cases, so that ties and NULLs are crossed.
NAVIGATION_CASES = [
    ("interfax", date(2008, 3, 14), "Girls sold in Aktau."),
    ("interfax", date(2008, 3, 14), "Girls and boys rescued."),
    ("vremya", date(2008, 3, 14), "Workers unpaid."),
    ("interfax", date(2008, 5, 1), "A farm held girls."),
    ("vremya", date(2008, 4, 1), "A brothel closed."),
    ("interfax", None, "An undated note on girls."),
    ("interfax", None, "Another undated note."),
    ("interfax", date(2008, 6, 1), "A later report."),
]


@pytest.fixture
def navigation_cases(cable, outlets):
    cases = [
        add_case(cable, text, reported_on=day, outlet=outlets[outlet], summary=text)
        for outlet, day, text in NAVIGATION_CASES
    ]
    add_case(
        cable,
        "Hidden girls.",
        reported_on=date(2008, 4, 10),
        outlet=outlets["interfax"],
        is_published=False,
    )
    search_index.index_cases([cable.pk])
    return cases


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return unescape(found[1]) if found else None


def case_key(url: str) -> str:
    return re.match(r"/cases/([^/?]+)/", url)[1]


NAVIGATION_QUERIES = [
    {},
    {"outlet": "interfax"},
    {"outlet": "interfax", "sort": "oldest"},
    {"q": "girls"},
    {"q": "girls", "sort": "newest", "year": "2008"},
    {"outlet": "vremya", "page": "1"},
]


@pytest.mark.parametrize("query", NAVIGATION_QUERIES)
def test_previous_and_next_walk_the_list(client, navigation_cases, query):
    """Next from the first case and previous from the last visit the list in its order."""
    expected = [result["key"] for result in client.get("/cases.json", query).json()["results"]]
    assert len(expected) >= 2
    back = urlencode(query)

    def walk(start: str, rel: str) -> list[str]:
        visited, url = [], f"/cases/{start}/?{urlencode({'back': back})}"
        while url:
            html = html_of(client, url)
            visited.append(case_key(url))
            assert link(html, "next" if rel == "prev" else "prev") or not visited[1:]
            url = link(html, rel)
            if url and back:
                assert parse_qs(urlsplit(url).query) == {"back": [back]}
        return visited

    assert walk(expected[0], "next") == expected
    assert walk(expected[-1], "prev") == expected[::-1]


def test_back_to_the_list_keeps_its_query_and_page(client, navigation_cases):
    """ "Back to the list" returns to the list as it was, page included."""
    back = "outlet=interfax&page=2"
    html = html_of(client, navigation_cases[0].get_absolute_url(), back=back)
    assert '<a href="/cases/?outlet=interfax&amp;page=2">Back to the list</a>' in html


def test_without_back_the_whole_list_is_walked(client, navigation_cases):
    """A case reached by its permalink steps through all cases, and links carry no back."""
    first = client.get("/cases.json").json()["results"]
    html = html_of(client, f"/cases/{first[0]['key']}/")
    assert link(html, "prev") is None
    assert link(html, "next") == f"/cases/{first[1]['key']}/"
    assert '<a href="/cases/">Back to the list</a>' in html


def test_case_outside_the_list_has_no_neighbours(client, navigation_cases):
    """A case the list does not hold has no previous or next, only the way back."""
    vremya_case = navigation_cases[2]
    html = html_of(client, vremya_case.get_absolute_url(), back="outlet=interfax")
    assert link(html, "prev") is None
    assert link(html, "next") is None
    assert '<a href="/cases/?outlet=interfax">Back to the list</a>' in html


@pytest.mark.parametrize("back", ["outlet=nowhere", "month=2008-13", "page=0", "sort=sideways"])
def test_invalid_back_is_ignored(client, navigation_cases, back):
    """An invalid list query is ignored: the page answers, stepping through all cases."""
    whole = html_of(client, navigation_cases[0].get_absolute_url())
    html = html_of(client, navigation_cases[0].get_absolute_url(), back=back)
    assert '<a href="/cases/">Back to the list</a>' in html
    assert (link(html, "prev"), link(html, "next")) == (link(whole, "prev"), link(whole, "next"))


def test_case_page_queries_are_few(client, navigation_cases, django_assert_max_num_queries):
    """The case page, previous and next included, takes a fixed handful of queries."""
    current_index()  # built once per version of the archive, not per page
    # The archive version (for the page cache, and for the facet index that gives the
    # neighbours); case, countries, places, tags; the outlet checked; the neighbours' keys.
    with django_assert_max_num_queries(8):
        html_of(client, navigation_cases[3].get_absolute_url(), back="outlet=interfax")


def test_canonical_url_and_sharing_tags(client, full_case):
    """The permalink is canonical whatever the query, and Open Graph tags describe the case."""
    html = html_of(client, full_case.get_absolute_url(), back="outlet=interfax")
    url = f"http://testserver/cases/{full_case.key}/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    title = "12 to 15 men from Uzbekistan forced to work in construction in Aktau, March 2008"
    assert f"<title>{title}; convicted · Cable Case Archive</title>" in html
    assert f"<h1>{title}; convicted</h1>" in html
    assert f'<meta property="og:title" content="{title}; convicted">' in html
    description = "Twelve Uzbek builders held in debt bondage in Aktau &amp; paid 50% less"
    assert f'<meta property="og:description" content="{description}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    card = f"http://testserver/cases/{full_case.key}/card.png"
    assert f'<meta property="og:image" content="{card}">' in html
    # Google Scholar and Zotero read these.
    assert f'<meta name="citation_title" content="{title}; convicted">' in html
    assert '<meta name="citation_author" content="US Embassy Astana">' in html
    assert '<meta name="citation_publication_date" content="2008/07/11">' in html
    assert '<meta name="citation_technical_report_number" content="08ASTANA1246">' in html


def test_json_ld_describes_the_case_and_cannot_end_its_script(client, full_case):
    """schema.org JSON-LD: an Article based on its cable, placed; markup in the text stays
    inside the JSON as escapes."""
    Case.objects.filter(pk=full_case.pk).update(summary=f"Held </script>{MARKUP}")
    html = html_of(client, full_case.get_absolute_url())
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    body = html[start : html.index("</script>", start)]
    assert "<" not in body
    data = json.loads(body)
    assert data["@type"] == "Article"
    assert data["identifier"] == full_case.key
    assert data["description"].startswith("Held </script><script>")
    assert data["isBasedOn"]["identifier"] == "08ASTANA1246"
    assert data["contentLocation"][0]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 43.65,
        "longitude": 51.1667,
    }


def test_the_card_is_a_picture(client, full_case):
    """The og:image card is a PNG of the size the tags give; a withdrawn case has none."""
    response = client.get(f"/cases/{full_case.key}/card.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    from PIL import Image

    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1200, 630)
    Case.objects.filter(pk=full_case.pk).update(is_published=False)
    assert client.get(f"/cases/{full_case.key}/card.png").status_code == 404


def test_the_case_map_places_its_places(client, full_case):
    """The case page draws a map around its located places, over the world outline."""
    html = html_of(client, full_case.get_absolute_url())
    assert '<image href="/maps/world.svg"' in html
    assert 'aria-label="Aktau (KZ): 1 case"' in html
    assert "Koktal" not in html[html.index('<figure class="place-map">') : html.index("</figure>")]
    outline = client.get("/maps/world.svg")
    assert outline["Content-Type"] == "image/svg+xml"
    assert outline.content.count(b"<path") > 150  # the countries of Natural Earth


def test_sharing_description_falls_back_to_the_paragraph(client, cable):
    """Without a summary the description is the start of the paragraph."""
    case = add_case(cable, " ".join(f"word{n}" for n in range(60)))
    html = html_of(client, case.get_absolute_url())
    excerpt = " ".join(f"word{n}" for n in range(40)) + " …"
    assert f'<meta property="og:description" content="{excerpt}">' in html


def test_cite_block(client, full_case):
    """The case can be cited as text and as BibTeX, with TeX's special characters escaped."""
    html = html_of(client, full_case.get_absolute_url())
    url = f"http://testserver/cases/{full_case.key}/"
    title = "12 to 15 men from Uzbekistan forced to work in construction in Aktau, March 2008"
    assert (
        f"US Embassy Astana, “{title}; convicted”, cable 08ASTANA1246, 11 July 2008. "
        f"Cable Case Archive, {url}"
    ) in html
    bibtex = (
        f"@misc{{cablecase-{full_case.key},\n"
        "  author = {{US Embassy Astana}},\n"
        f"  title = {{{title}; convicted}},\n"
        "  howpublished = {Diplomatic cable 08ASTANA1246},\n"
        "  year = {2008},\n"
        "  month = jul,\n"
        "  note = {Cable Case Archive},\n"
        f"  url = {{{url}}}\n"
        "}"
    )
    assert f'<pre class="citation" id="citation-bibtex"><code>{bibtex}</code></pre>' in html


def test_cite_block_of_an_undated_cable_without_origin_name(client, cable):
    """Without a date the citation has none, and the author falls back to the routing name."""
    Cable.objects.filter(pk=cable.pk).update(sent_at=None, origin_name="")
    case = add_case(cable, "A note.")
    html = html_of(client, case.get_absolute_url())
    assert f"AMEMBASSY ASTANA, “Case {case.key}”, cable 08ASTANA1246. Cable Case Archive" in html
    assert "year = " not in html


def test_copy_link_is_progressive_enhancement(client, full_case):
    """The permalink is in a read-only field; the copy buttons start hidden for the script."""
    html = html_of(client, full_case.get_absolute_url())
    url = f"http://testserver/cases/{full_case.key}/"
    assert '<label for="permalink">Permalink</label>' in html
    assert f'<input id="permalink" type="url" value="{url}" readonly>' in html
    assert '<button type="button" data-copy="permalink" hidden>Copy link</button>' in html
    assert '<script src="/static/js/copy-link.js" defer></script>' in html
    assert finders.find("js/copy-link.js")


def test_markup_in_cable_text_is_escaped(client, cable):
    """Markup in a paragraph and summary is shown as text on the case and cable pages."""
    case = add_case(cable, f"May 23: {MARKUP} a brothel.", summary=f"Summary {MARKUP}")
    for url in [case.get_absolute_url(), cable.get_absolute_url()]:
        html = html_of(client, url)
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


# The cable page's marks


@pytest.fixture
def candidate(cable):
    return cable.paragraphs.create(
        ordinal=99,
        number="9",
        anchor="p99",
        text="Trafficking was discussed at a round table.",
        relevance=0.625,
        is_candidate=True,
    )


def paragraph_html(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    end = html.find('<div class="paragraph', start)
    return html[start : end if end != -1 else None]


def test_cable_page_labels_case_paragraphs(client, full_case, candidate):
    """A paragraph that is a case carries a visible "Case N" link to it."""
    html = html_of(client, full_case.paragraph.cable.get_absolute_url())
    assert '<div class="paragraph is-case" id="p1">' in html
    marked = paragraph_html(html, "p1")
    assert (
        f'<a class="badge badge-case" href="/cases/{full_case.key}/">Case {full_case.key}</a>'
        in marked
    )


def test_staff_see_candidate_paragraphs(admin_client, full_case, candidate):
    """Staff see candidate paragraphs marked, with their relevance and a link to add a case."""
    html = html_of(admin_client, candidate.cable.get_absolute_url())
    marked = paragraph_html(html, "p99")
    assert '<span class="badge badge-candidate">Candidate</span>' in marked
    assert "relevance 0.63" in marked
    add_url = f"/admin/cases/case/add/?paragraph={candidate.pk}"
    assert f'href="{add_url}"' in marked
    assert "Candidate" not in paragraph_html(html, "p1")
    form = admin_client.get(add_url).content.decode()
    assert re.search(rf'<option value="{candidate.pk}" selected>', form)


def test_public_does_not_see_candidates(client, django_user_model, full_case, candidate):
    """Anonymous visitors and logged-in non-staff users see no candidate marks."""
    assert "Candidate" not in html_of(client, candidate.cable.get_absolute_url())
    user = django_user_model.objects.create_user("reader", password="not-staff-123")
    client.force_login(user)
    assert "Candidate" not in html_of(client, candidate.cable.get_absolute_url())


def test_cable_page_is_canonical(client, cable):
    """The cable page names its permalink as canonical."""
    html = html_of(client, cable.get_absolute_url())
    assert '<link rel="canonical" href="http://testserver/cables/08ASTANA1246/">' in html


# Feed, sitemap and robots.txt


def test_feed_lists_the_latest_published_cases(client, cable, outlets):
    """The Atom feed holds the 50 latest published cases, newest first, linked to their pages."""
    start = date(2008, 1, 1)
    cases = [
        add_case(cable, f"Report {n}.", reported_on=start + timedelta(days=n), summary=f"S{n}")
        for n in range(55)
    ]
    undated = add_case(cable, "Undated report.")
    hidden = add_case(cable, "Hidden.", reported_on=date(2009, 1, 1), is_published=False)
    response = client.get("/cases/feed/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    expected = [f"http://testserver/cases/{case.key}/" for case in reversed(cases)][:50]
    assert links == expected
    assert f"/cases/{undated.key}/" not in response.content.decode()
    assert f"/cases/{hidden.key}/" not in response.content.decode()
    first = entries[0]
    assert first.find(f"{ATOM}title").text == "S54"
    assert first.find(f"{ATOM}id").text == expected[0]
    assert first.find(f"{ATOM}author/{ATOM}name").text == "US Embassy Astana"
    assert first.find(f"{ATOM}updated").text
    assert first.find(f"{ATOM}summary").text == "Report 54."
    # Published the day of the report, whenever it was imported.
    assert first.find(f"{ATOM}published").text == "2008-02-24T00:00:00+00:00"


def test_feed_escapes_cable_text(client, cable):
    """Feed summaries are HTML with the cable text escaped; titles are plain text."""
    case = add_case(cable, f"May 23: {MARKUP} & more", reported_on=date(2008, 5, 23))
    response = client.get("/cases/feed/")
    assert b"<script>" not in response.content
    [entry] = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == f"Case {case.key}"
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "May 23: &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more"


def test_sitemap_lists_published_cases_and_cables(client, navigation_cases):
    """The sitemap index points to sections listing every published case and every cable."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    sections = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert sections == [
        "http://testserver/sitemap-cases.xml",
        "http://testserver/sitemap-cables.xml",
    ]
    urls = {
        loc.text
        for section in sections
        for loc in ET.fromstring(client.get(section).content).iter(f"{SITEMAP}loc")
    }
    published = Case.objects.published()
    assert urls == {f"http://testserver/cases/{case.key}/" for case in published} | {
        "http://testserver/cables/08ASTANA1246/"
    }
    assert Case.objects.count() > published.count()


def test_robots_txt(client, db):
    """robots.txt lets crawlers in, keeps them out of the admin and exports, and names the
    sitemap."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for path in ["/admin/", "/cases.csv", "/cases/export.json"]:
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize(
    "url", ["/cases/feed/", "/sitemap.xml", "/sitemap-cases.xml", "/robots.txt"]
)
def test_feed_sitemap_and_robots_are_read_only(client, db, url):
    """They answer GET and HEAD, and 405 to writes."""
    assert client.head(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


# A case's own sentences, marked in its paragraph; its other tellings


def add_cases(cable, text, *told, **fields) -> list[Case]:
    """Cases told in one new paragraph of ``text``, each by the sentences given."""
    [first, *others] = told
    case = add_case(cable, text, **fields)
    cases = [case]
    for sentences in [first, *others]:
        if sentences is not first:
            case = Case.objects.create(
                cable=cable, paragraph=case.paragraph, key=case.paragraph.take_case_key()
            )
            cases.append(case)
        start = text.index(sentences)
        case.span_start, case.span_end, case.excerpt = start, start + len(sentences), sentences
        case.save()
    return cases


TOLD = (
    "Police raided a bar in Arica. Two men were arrested for forcing three women into "
    "prostitution. A recruiter held twelve farm workers without pay. The government has no "
    "shelter."
)
ARRESTED = "Two men were arrested for forcing three women into prostitution."
HELD = "A recruiter held twelve farm workers without pay."


def test_case_page_marks_the_cases_own_sentences(client, cable):
    """The source paragraph is quoted whole, the case's sentences in a <mark>."""
    [case] = add_cases(cable, TOLD, ARRESTED)
    html = html_of(client, case.get_absolute_url())
    assert (
        '<blockquote class="cable-text" cite="http://testserver/cables/08ASTANA1246/#p1">'
        "Police raided a bar in Arica. "
        f'<mark class="span-case">{ARRESTED}</mark>'
        " A recruiter held twelve farm workers without pay. The government has no shelter."
        "</blockquote>"
    ) in html


HOSTILE = (
    "Intro <b>\"bold\"</b> & 'quoted'. Police <script>alert('x')</script> freed \"3\" & more. "
    "<img src=x onerror=alert(1)> End."
)
HOSTILE_CASE = "Police <script>alert('x')</script> freed \"3\" & more."
HOSTILE_MARKED = (
    "Police &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; freed &quot;3&quot; &amp; more."
)


def test_hostile_text_in_and_around_a_span_is_escaped(client, cable):
    """Markup, quotes and ampersands of the cable text, inside the case's sentences and
    around them, are shown as text on the case page and the cable page; only the marks
    (and the cable page's links) are markup."""
    [case] = add_cases(cable, HOSTILE, HOSTILE_CASE)
    before = "Intro &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; &#x27;quoted&#x27;. "
    after = " &lt;img src=x onerror=alert(1)&gt; End."
    case_page = html_of(client, case.get_absolute_url())
    cable_page = html_of(client, cable.get_absolute_url())
    for html in (case_page, cable_page):
        assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert f'{before}<mark class="span-case">{HOSTILE_MARKED}</mark>{after}' in case_page
    link = f'<a href="{case.get_absolute_url()}" title="Case {case.key}">'
    assert f'{before}<mark class="span-case">{link}{HOSTILE_MARKED}</a></mark>{after}' in (
        cable_page
    )


def test_cable_page_marks_each_case_of_a_paragraph(client, cable):
    """Two cases told in one paragraph get a mark each, linked to each case; a case that is
    not published is neither marked nor linked."""
    arrested, held = add_cases(cable, TOLD, ARRESTED, HELD)
    hidden = Case.objects.create(
        cable=cable,
        paragraph=arrested.paragraph,
        key=arrested.paragraph.take_case_key(),
        span_start=0,
        span_end=29,
        excerpt="Police raided a bar in Arica.",
        is_published=False,
        review=Case.Review.PENDING,
    )
    assert (arrested.key, held.key, hidden.key) == (
        "08ASTANA1246-p1-1",
        "08ASTANA1246-p1-2",
        "08ASTANA1246-p1-3",
    )
    html = paragraph_html(html_of(client, cable.get_absolute_url()), "p1")
    assert html.count("<mark") == 2
    for case in (arrested, held):
        url = case.get_absolute_url()
        mark = f'<mark class="span-case"><a href="{url}" title="Case {case.key}">{case.excerpt}'
        assert mark in html
        assert f'<a class="badge badge-case" href="{url}">Case {case.key}</a>' in html
    assert hidden.key not in html
    assert "Police raided a bar in Arica. <mark" in html


def test_tellings_are_linked_and_marked(client, cable):
    """A case told again later in the cable links to that place from its page, and the cable
    page marks the retelling, linked to the case."""
    [case] = add_cases(cable, TOLD, ARRESTED)
    again = "The two men were charged in March."
    later = cable.paragraphs.create(ordinal=2, number="2", anchor="p2", text=f"Also: {again}")
    case.tellings = [{"anchor": "p2", "start": 6, "end": 6 + len(again)}]
    case.save()
    page = html_of(client, case.get_absolute_url())
    assert '<a href="/cables/08ASTANA1246/paragraphs/p2/">¶2</a>' in page
    assert f"<q>{again}</q>" in page
    marked = paragraph_html(html_of(client, cable.get_absolute_url()), later.anchor)
    title = f"Case {case.key}, told again"
    assert (
        f'Also: <mark class="span-telling"><a href="{case.get_absolute_url()}" '
        f'title="{title}">{again}</a></mark>'
    ) in marked


# Suggestions, withdrawn cases and the numeric URLs of the past


def test_suggestions_are_not_public(client, cable):
    """A case waiting for staff, or rejected by them, was never published: 404 at its key
    and its number, and in no list, feed, sitemap or cable page."""
    shown = add_case(cable, "A report.", reported_on=date(2008, 5, 1))
    pending = add_case(cable, "A suggestion.", is_published=False, review="pending")
    rejected = add_case(cable, "A rejected one.", is_published=False, review="rejected")
    for case in (pending, rejected):
        for url in (case.get_absolute_url(), f"/cases/{case.key}.json", f"/cases/{case.pk}/"):
            assert client.get(url).status_code == 404, url
    listed = [row["key"] for row in client.get("/cases.json").json()["results"]]
    assert listed == [shown.key]
    for url in ("/cases/feed/", "/sitemap-cases.xml", cable.get_absolute_url()):
        body = client.get(url).content.decode()
        assert pending.key not in body and rejected.key not in body


def test_a_case_public_once_answers_gone(client, cable):
    """A case staff withdrew, and one the extractor published and later sent back to wait
    for staff, were public: their pages answer 410 Gone."""
    withdrawn = add_case(cable, "Withdrawn.", is_published=False)
    demoted = add_case(cable, "Published once.")
    history.record(demoted, created=True)
    demoted.is_published, demoted.review = False, Case.Review.PENDING
    history.save(demoted)
    for case in (withdrawn, demoted):
        response = client.get(case.get_absolute_url())
        assert response.status_code == 410
        assert f"Case {case.key} has been withdrawn" in response.content.decode()
        gone = client.get(f"/cases/{case.key}.json")
        assert (gone.status_code, gone.json()["id"], gone.json()["key"]) == (410, case.pk, case.key)


@pytest.mark.parametrize("suffix", ["/", ".json"])
def test_numeric_urls_lead_to_the_key(client, cable, suffix):
    """The URLs published before cases had keys answer 301 with the key's URL, the query
    string kept; a withdrawn case's leads to its 410."""
    case = add_case(cable, "A report.")
    response = client.get(f"/cases/{case.pk}{suffix}", {"back": "outlet=interfax"})
    assert response.status_code == 301
    assert response["Location"] == f"/cases/{case.key}{suffix}?back=outlet%3Dinterfax"
    assert client.get(response["Location"]).status_code == 200
    Case.objects.filter(pk=case.pk).update(is_published=False)
    response = client.get(f"/cases/{case.pk}{suffix}")
    assert response.status_code == 301
    assert client.get(response["Location"]).status_code == 410


def test_life_sentence_and_date_of_events_are_shown(client, cable):
    """A life sentence is said so, beside the longest sentence in years; the date of the
    events is shown as the text gives it."""
    case = add_case(
        cable, "A report.", life_sentence=True, max_sentence_years=Decimal("12"), occurred="2006-02"
    )
    text = text_of(html_of(client, case.get_absolute_url()))
    assert "Longest sentence Life; the longest in years: 12" in text
    assert "When it happened 2006-02" in text
    other = add_case(cable, "Another report.")
    assert "When it happened Not stated" in text_of(html_of(client, other.get_absolute_url()))
