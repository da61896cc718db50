"""The demo set that ``make run`` serves: the annotated corpus cables, as a gzipped dump.

Only this module imports it (once, for all its tests); the rest of the suite never does.
"""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from cases.ingest.bulk_import import import_paths_bulk
from cases.ingest.importer import analyse
from cases.ingest.sources import read_cables
from cases.models import Cable, Case
from cases.parsing import parse_cable

from .conftest import CORPUS
from .test_corpus_import import _FIGURE, _TOTALS, FLOORS, GOLD

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "fixtures" / "demo" / "cables.csv.gz"
SEED_FOLDER = ROOT / "fixtures" / "cables"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The seed and the demo set imported as ``make run`` imports them."""
    assert "test" in connection.settings_dict["NAME"] or "memory" in str(
        connection.settings_dict["NAME"]
    )
    with django_db_blocker.unblock(), transaction.atomic():
        report = import_paths_bulk([SEED_FOLDER, DEMO], jobs=0)
        yield report
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_set_imports_whole_and_shows_spread(demo):
    """Every cable of the set imports, and its cases come from many countries and years,
    so that the first page's facets, histogram and map have something to show."""
    assert demo.failures == []
    assert demo.counts["created"] == Cable.objects.count() >= 111
    published = Case.objects.filter(is_published=True)
    countries = set(published.values_list("countries__code", flat=True)) - {None}
    years = {day.year for day in published.values_list("reported_on", flat=True) if day}
    print(f"\ndemo: {published.count()} cases, {len(countries)} countries, years {sorted(years)}")
    assert published.count() >= 50
    assert len(countries) >= 20
    assert len(years) >= 6


@pytest.mark.django_db
def test_readme_says_what_the_demo_archive_holds(demo):
    """The figures under the README's picture are the demo archive's."""
    said = re.search(
        r"What `make run` serves: (\d+) cases in (\d+) countries, reported (\d{4}) to (\d{4}),"
        r"\s+found in (\d+) real\s+cables",
        (ROOT / "README.md").read_text(encoding="utf-8"),
    )
    assert said, "the README no longer says what make run serves"
    published = Case.objects.filter(is_published=True)
    countries = set(published.values_list("countries__code", flat=True)) - {None}
    years = sorted({day.year for day in published.values_list("reported_on", flat=True) if day})
    holds = (published.count(), len(countries), years[0], years[-1], Cable.objects.count())
    assert tuple(int(figure) for figure in said.groups()) == holds


@pytest.mark.django_db
def test_a_second_import_of_the_demo_set_changes_nothing(demo):
    """What ``make run`` does on its second start: every cable is found unchanged."""
    again = import_paths_bulk([SEED_FOLDER, DEMO], jobs=0)
    assert again.counts == {
        "created": 0,
        "updated": 0,
        "unchanged": demo.counts["created"],
        "skipped": 0,
        "failed": 0,
    }


@pytest.mark.corpus
@pytest.mark.django_db
def test_demo_archive_finds_the_gold_cases(demo):
    """The demo archive, scored against the gold: at least the floors of the real-cases
    issue, as the whole corpus imported page by page gives (tests/test_corpus_import.py)."""
    out = io.StringIO()
    call_command("score_cases", str(GOLD), stdout=out)
    report = out.getvalue()
    print(f"\n{report}")
    figures = {match["name"]: float(match["value"]) for match in _FIGURE.finditer(report)}
    figures.update({name: float(v) for name, v in _TOTALS.search(report).groupdict().items()})
    below = {name: figures[name] for name, floor in FLOORS.items() if figures[name] < floor}
    assert not below, report


@pytest.mark.corpus
def test_demo_set_is_the_annotated_cables_as_their_pages_read():
    """The dump holds every cable the gold annotates, and each record parses and extracts
    exactly as its WikiLeaks page does: the demo archive is the corpus's, not a copy that
    drifted (rebuild it with fixtures/demo/build.py)."""
    gold = set(json.loads(GOLD.read_text(encoding="utf-8"))["cables"])
    records = {item.hints.reference_id: item for item in read_cables(DEMO)}
    assert gold <= set(records)
    for refid in sorted(gold):
        page = next(read_cables(CORPUS / "cables" / f"{refid}.html"))
        from_page = parse_cable(page.text, page.hints)
        from_dump = parse_cable(records[refid].text, records[refid].hints)
        assert from_dump == from_page, refid
        assert _analysed(from_dump) == _analysed(from_page), refid


def _analysed(cable):
    return analyse(cable.paragraphs, cable.sent_at, cable.origin_name, cable.tags)
