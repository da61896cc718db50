"""End to end, in Chromium: an analyst filters the case list, opens a case, follows it to
its paragraph in the cable and comes back; filters apply as they change; the first result
is in the first screen on a desktop and on a phone; search finds what a facet shows; the
case page has its title and map, the cable page its contents, the front page its counts;
axe-core finds no serious or critical accessibility violation. The pages work on a phone
and by keyboard.

Playwright drives Debian's Chromium (it cannot download browsers here) against the live
server; axe-core comes from the npm registry (`make install` runs `npm ci`). Screenshots of
each step go to test-output/. The suite runs on SQLite and on PostgreSQL alike.
"""

import io
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Count
from PIL import Image

from cases.ingest.bulk_import import import_paths_bulk
from cases.ingest.importer import import_paths
from cases.labels import case_title
from cases.models import Cable, Case

playwright = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (pip install -e .[dev])"
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-output"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
DEMO = ROOT / "fixtures" / "demo" / "cables.csv.gz"
CASE_PAGE = re.compile(r"/cases/([^/?]+-p\d+(?:-\d+)?-\d+)/")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def chromium():
    # While Playwright's sync API is open it runs an event loop in this thread, and Django
    # then refuses database access here (the tests' own queries and the flush between
    # tests) as if it came from async code. Nothing here is async: the server has its own
    # thread.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with playwright.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def seeded(transactional_db, seed_path):
    """The seed cable imported, committed so that the live server's thread sees it."""
    report = import_paths([seed_path])
    assert report.counts["created"] == 1, report.results


# What Chromium writes to the console when the Content-Security-Policy refuses something.
CSP_VIOLATION = re.compile(r"Content Security Policy|Refused to (execute|apply|load)", re.I)


def open_tab(chromium, live_server, **options):
    """A page whose console is watched: ``page.csp_violations`` lists what the
    Content-Security-Policy refused (the pages run with the policy on)."""
    context = chromium.new_context(base_url=live_server.url, **options)
    page = context.new_page()
    page.csp_violations = []

    def watch(message):
        if CSP_VIOLATION.search(message.text):
            page.csp_violations.append(message.text)

    page.on("console", watch)
    return context, page


def close_tab(context, page) -> None:
    """Closes the tab; the test fails if the policy refused anything on its pages."""
    violations = page.csp_violations
    context.close()
    assert violations == [], violations


@pytest.fixture
def tab(chromium, live_server):
    context, page = open_tab(
        chromium, live_server, permissions=["clipboard-read", "clipboard-write"]
    )
    yield page
    close_tab(context, page)


@pytest.fixture
def phone(chromium, live_server):
    context, page = open_tab(chromium, live_server, viewport=PHONE, is_mobile=True)
    yield page
    close_tab(context, page)


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def top_outlets(count: int) -> list[tuple[str, str, int]]:
    """(slug, name, cases) of the outlets with the most published cases."""
    rows = (
        Case.objects.published()
        .exclude(outlet=None)
        .values_list("outlet__slug", "outlet__name")
        .annotate(cases=Count("pk"))
        .order_by("-cases", "outlet__name")
    )
    return list(rows[:count])


def checkbox(page, facet: str, label: str):
    """A facet value's box by its label, as shown with its count: "Interfax (6)"."""
    group = page.get_by_role("group", name=facet)
    return group.get_by_role("checkbox", name=re.compile(rf"^{re.escape(label)} \(\d+\)$"))


def tick(page, facet: str, label: str) -> None:
    """Ticks a value; the list reloads with it at once (the script applies each change)."""
    before = page.url
    checkbox(page, facet, label).check()
    page.wait_for_url(lambda url: url != before)


def search(page, words: str) -> None:
    page.get_by_role("searchbox", name="Search").fill(words)
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/cases/\?.*q="))


def result_count(page) -> int:
    heading = page.locator("#results-heading").inner_text()
    return int(re.fullmatch(r"(\d+) cases?", heading)[1])


def results(page):
    return page.locator(".case-results .result")


def background(page, selector: str) -> str:
    return page.eval_on_selector(selector, "element => getComputedStyle(element).backgroundColor")


def test_filter_open_a_case_follow_it_to_its_paragraph_and_come_back(tab, seeded):
    """Two outlets ticked give their cases; a case leads to its highlighted paragraph; history
    back returns to the filtered list."""
    tab.goto("/cases/")
    screenshot(tab, "1-list")
    outlets = top_outlets(2)
    tab.get_by_text("More filters").click()
    for _, name, _ in outlets:
        tick(tab, "Outlet", name)
    screenshot(tab, "2-filtered")

    list_url = tab.url
    assert sorted(parse_qs(urlsplit(list_url).query)["outlet"]) == sorted(
        slug for slug, _, _ in outlets
    )
    expected = sum(cases for _, _, cases in outlets)
    assert result_count(tab) == expected
    assert results(tab).count() == expected

    results(tab).first.locator("a[href*='back=']").first.click()
    tab.wait_for_url(CASE_PAGE)
    screenshot(tab, "3-case")
    case = Case.objects.select_related("paragraph").get(key=CASE_PAGE.search(tab.url)[1])
    assert tab.get_by_role("heading", level=1).inner_text() == case_title(case)
    assert tab.get_by_role("link", name="Next case").is_visible()
    tab.get_by_role("button", name="Copy link").click()
    playwright.expect(tab.locator(".copy-field [role=status]")).to_have_text("Copied.")

    tab.get_by_role("link", name=re.compile(r"^Read ¶")).click()
    tab.wait_for_url(re.compile(r"/cables/"))
    anchor = case.paragraph.anchor
    assert tab.url.endswith(f"/cables/08ASTANA1246/#{anchor}")
    screenshot(tab, "4-paragraph")
    assert tab.evaluate("document.querySelector(':target').id") == anchor
    other = tab.eval_on_selector(f".paragraph:not(#{anchor})", "element => '#' + element.id")
    assert background(tab, f"#{anchor}") != background(tab, other)
    box = tab.locator(f"#{anchor}").bounding_box()
    assert 16 <= box["y"] < tab.viewport_size["height"], "the paragraph is scrolled into view"

    tab.go_back()
    tab.go_back()
    screenshot(tab, "5-back-to-list")
    assert tab.url == list_url
    assert result_count(tab) == expected
    for _, name, _ in outlets:
        assert checkbox(tab, "Outlet", name).is_checked()


def test_search_then_step_through_the_results(tab, seeded):
    """A search lists the cases the JSON list gives for its query; next and back keep it."""
    tab.goto("/cases/")
    search(tab, "police")
    screenshot(tab, "search")
    query = urlsplit(tab.url).query
    expected = tab.request.get(f"/cases.json?{query}").json()["results"]
    assert result_count(tab) == len(expected) > 1
    results(tab).first.locator("a[href*='back=']").first.click()
    tab.wait_for_url(f"**/cases/{expected[0]['key']}/?back=*")
    tab.get_by_role("link", name="Next case").click()
    tab.wait_for_url(f"**/cases/{expected[1]['key']}/?back=*")
    tab.get_by_role("link", name="Back to the list").click()
    tab.wait_for_url(re.compile(r"/cases/\?"))
    assert parse_qs(urlsplit(tab.url).query)["q"] == ["police"]


def test_keyboard_reaches_the_content_with_a_visible_focus(tab, seeded):
    """The first Tab shows the skip link, which moves focus to the content; focus is drawn."""
    tab.goto("/cases/")
    tab.keyboard.press("Tab")
    skip = tab.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.bounding_box()["y"] >= 0
    assert skip.evaluate("element => getComputedStyle(element).outlineStyle") != "none"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "content"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.closest('main') !== null")


@pytest.mark.parametrize("path", ["/cases/", "/cases/{case}/", "/cables/08ASTANA1246/"])
def test_pages_fit_a_phone(phone, seeded, path):
    """At 390 pixels wide nothing scrolls sideways."""
    case = Case.objects.published().first()
    phone.goto(path.format(case=case.key))
    screenshot(phone, "phone" + re.sub(r"\W+", "-", path.format(case="case")).rstrip("-"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.fixture
def desktop(chromium, live_server):
    context, page = open_tab(chromium, live_server, viewport=DESKTOP)
    yield page
    context.close()


def test_changing_a_facet_or_the_sort_updates_the_list_at_once(desktop, seeded):
    """No button pressed: a ticked value and a new sort reload the list."""
    desktop.goto("/cases/")
    total = result_count(desktop)
    labour = Case.objects.published().filter(exploitation="labor").count()
    tick(desktop, "Form of exploitation", "Forced labour")
    assert parse_qs(urlsplit(desktop.url).query) == {"exploitation": ["labor"]}
    assert result_count(desktop) == labour < total
    screenshot(desktop, "facet-applied")
    first = results(desktop).first.locator("time").get_attribute("datetime")
    desktop.get_by_label("Sort").select_option("oldest")
    desktop.wait_for_url(re.compile(r"sort=oldest"))
    assert parse_qs(urlsplit(desktop.url).query)["exploitation"] == ["labor"]
    assert result_count(desktop) == labour
    assert results(desktop).first.locator("time").get_attribute("datetime") <= first
    screenshot(desktop, "sort-applied")


def test_a_search_finds_what_a_facet_shows(desktop, seeded):
    """The cases under "Forced labour" are found by searching "forced labour" and "labor"
    (the field's label, both spellings), on whichever database the suite runs."""
    desktop.goto("/cases/?exploitation=labor")
    faceted = {
        link.get_attribute("href").split("?")[0] for link in results(desktop).locator("h3 a").all()
    }
    assert faceted
    for words in ['"forced labour"', "labor"]:
        desktop.goto("/cases/")
        search(desktop, words)
        found = {
            link.get_attribute("href").split("?")[0]
            for link in results(desktop).locator("h3 a").all()
        }
        assert faceted <= found, words
    screenshot(desktop, "search-labor")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_first_result_is_in_the_first_screen(chromium, live_server, seeded, size):
    """At 1366x900 beside the filters, at 390 px below them, collapsed behind their
    disclosure."""
    viewport = DESKTOP if size == "desktop" else PHONE
    context, page = open_tab(chromium, live_server, viewport=viewport, is_mobile=size == "phone")
    try:
        page.goto("/cases/")
        box = results(page).first.bounding_box()
        assert box["y"] + 40 <= viewport["height"], box
        filters = page.locator("details.filters")
        if size == "phone":
            assert not filters.evaluate("element => element.open")
            assert not page.get_by_role("group", name="Outcome").is_visible()
            page.get_by_text("Filters", exact=True).click()
            assert page.get_by_role("group", name="Outcome").is_visible()
        else:
            assert page.get_by_role("group", name="Outcome").is_visible()
            assert box["x"] > 200  # beside the filters
        page.screenshot(path=SCREENSHOTS / f"first-screen-{size}.png")
    finally:
        context.close()


def test_a_case_page_has_its_title_and_its_map(desktop, seeded):
    case = (
        Case.objects.published()
        .filter(places__latitude__isnull=False)
        .prefetch_related("countries", "places")
        .first()
    )
    desktop.goto(case.get_absolute_url())
    title = case_title(case)
    assert desktop.get_by_role("heading", level=1).inner_text() == title
    assert desktop.title().startswith(title)
    assert desktop.locator('meta[property="og:title"]').get_attribute("content") == title
    figure = desktop.locator(".case-map figure")
    assert figure.is_visible()
    assert figure.locator("circle.marker").count() >= 1
    # The outline under the markers loaded (an image inside the SVG).
    assert desktop.request.get("/maps/world.svg").ok
    screenshot(desktop, "case-with-map")


def test_the_cable_page_has_a_contents_box(desktop, phone, seeded):
    desktop.goto("/cables/08ASTANA1246/")
    contents = desktop.get_by_role("navigation", name="Contents of the cable")
    assert contents.is_visible()
    assert contents.locator(".case-marker").count() >= 17
    contents.locator('a[href="#p7"]', has_text="¶17").click()  # the cable misnumbers p7
    assert desktop.url.endswith("#p7")
    assert desktop.locator("#p7").bounding_box()["y"] < DESKTOP["height"]
    screenshot(desktop, "cable-contents")
    phone.goto("/cables/08ASTANA1246/")
    assert not phone.get_by_role("navigation", name="Contents of the cable").is_visible()
    phone.get_by_text("Contents", exact=True).click()
    assert phone.get_by_role("navigation", name="Contents of the cable").is_visible()


def test_the_home_page_counts(desktop, seeded):
    desktop.goto("/")
    assert desktop.locator("#count-cases").inner_text() == str(Case.objects.published().count())
    assert desktop.locator("#count-cables").inner_text() == str(Cable.objects.count())
    assert desktop.locator(".case-results .result").count() == 6
    screenshot(desktop, "home")
    desktop.get_by_role("link", name=re.compile("^The method")).click()
    desktop.wait_for_url("**/method/")


A11Y_PAGES = {
    "home": "/",
    "list": "/cases/",
    "search": "/cases/?q=police",
    "case": "{case}",
    "cable": "/cables/08ASTANA1246/",
    "cables": "/cables/",
    "method": "/method/",
    "admin-login": "/admin/login/",
}


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (make install)")
@pytest.mark.parametrize("name", list(A11Y_PAGES))
def test_no_serious_accessibility_violation(chromium, live_server, seeded, name):
    """axe-core (WCAG 2 A and AA rules, best practices) on each page, at desktop and phone
    sizes: no violation of serious or critical impact."""
    case = Case.objects.published().order_by("key").first()
    path = A11Y_PAGES[name].format(case=case.get_absolute_url())
    for viewport in (DESKTOP, PHONE):
        # The audit injects its script: allowed whatever Content-Security-Policy the page has.
        context, page = open_tab(chromium, live_server, viewport=viewport, bypass_csp=True)
        try:
            page.goto(path)
            page.add_script_tag(path=str(AXE))
            report = page.evaluate(
                """() => axe.run(document, {runOnly: {type: "tag", values: [
                    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"
                ]}})"""
            )
        finally:
            context.close()
        grave = [
            (
                violation["id"],
                violation["impact"],
                [node["target"] for node in violation["nodes"]][:3],
            )
            for violation in report["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        assert not grave, (name, viewport, grave)


# The README's picture of what a newcomer sees: refreshed by running this test with
# README_SCREENSHOT=1 (otherwise it goes to test-output/ with the others).
README_SCREENSHOT = ROOT / "docs" / "first-screen.png"


@pytest.fixture
def demo_archive(transactional_db):
    """The archive ``make run`` serves: the seed and the demo set, committed."""
    report = import_paths_bulk([ROOT / "fixtures" / "cables", DEMO], jobs=0)
    assert report.failures == [], report.failures


def test_the_demo_archive_shows_its_spread_in_the_first_screen(desktop, demo_archive):
    """The case list of the demo archive: countries and years in the facets, a histogram
    over several years, a map of many places, all in the first screen of a desktop."""
    desktop.goto("/cases/")
    countries = desktop.get_by_role("group", name="Country").get_by_role("checkbox")
    years = desktop.get_by_role("group", name="Year").get_by_role("checkbox")
    assert countries.count() >= 5 and years.count() >= 5  # shown before "Show more"
    assert desktop.locator("figure.histogram text.year").count() >= 5
    assert desktop.locator("figure.place-map circle.marker").count() >= 20
    for part in ("figure.histogram", "figure.place-map", ".case-results"):
        assert desktop.locator(part).first.bounding_box()["y"] < DESKTOP["height"], part
    desktop.screenshot(path=SCREENSHOTS / "demo-first-screen.png")
    if os.environ.get("README_SCREENSHOT") == "1":
        # 64 colours are plenty for a page of text and flat figures: a quarter of the bytes.
        shot = Image.open(io.BytesIO(desktop.screenshot())).quantize(colors=64)
        README_SCREENSHOT.parent.mkdir(exist_ok=True)
        shot.save(README_SCREENSHOT, optimize=True)


def test_the_policy_refuses_inline_script_but_not_structured_data(tab, seeded):
    """Under the archive's own Content-Security-Policy, a JSON-LD block (structured data,
    as issue 15 adds) raises no violation, and an inline script is refused and reported,
    so that the console watch of every test here would catch one."""
    real = {}

    def with_blocks(route):
        response = route.fetch()
        real["policy"] = response.headers["content-security-policy"]
        body = response.text().replace(
            "</body>",
            '<script type="application/ld+json">{"@context": "https://schema.org",'
            ' "@type": "Dataset", "name": "Cases"}</script>'
            "<script>document.title = 'ran'</script></body>",
        )
        route.fulfill(response=response, body=body)

    tab.route("**/cases/", with_blocks)
    tab.goto("/cases/")
    assert "unsafe-inline" not in real["policy"]
    tab.wait_for_timeout(200)
    assert tab.title() != "ran"
    refused, tab.csp_violations = tab.csp_violations, []
    assert len(refused) == 1 and "inline script" in refused[0], refused
    data = tab.locator('script[type="application/ld+json"]').text_content()
    assert '"@type": "Dataset"' in data


def test_admin_pages_run_under_the_policy(tab, seeded, django_user_model):
    """Staff pages (login, lists, a case's change form with its widgets, the import form)
    work with the policy on and raise no violation."""
    django_user_model.objects.create_superuser("root", password="correct-horse-battery")
    tab.goto("/admin/login/")
    tab.get_by_label("Username").fill("root")
    tab.get_by_label("Password").fill("correct-horse-battery")
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_url("**/admin/")
    case = Case.objects.first()
    for path in [
        "/admin/cases/case/",
        f"/admin/cases/case/{case.pk}/change/",
        "/admin/cases/cable/import/",
        "/admin/cases/suggestedcase/",
    ]:
        tab.goto(path)
        tab.wait_for_load_state("networkidle")
