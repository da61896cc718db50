"""The shared corpus of real cables, imported through the importer and checked against
WikiLeaks' own metadata (skipped when ../shared/corpus is absent)."""

import csv
import io
import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from cases.ingest.importer import import_paths
from cases.models import Cable

from .conftest import CORPUS
from .test_corpus import tags_agree

pytestmark = [
    pytest.mark.corpus,
    # Marked so that pytest-django sets up the test database before the module fixture
    # uses it; without a mark it would leave the connection on the real database.
    pytest.mark.django_db,
]


def _agreement(rows, cables, compare) -> tuple[float, list[str]]:
    misses = [
        row["refid"]
        for row in rows
        if row["refid"] not in cables or not compare(row, cables[row["refid"]])
    ]
    return 1 - len(misses) / len(rows), misses


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    """Every corpus page and dump record, imported once for the module."""
    name = connection.settings_dict["NAME"]
    assert "test" in name or "memory" in name, f"not a test database: {name}"
    with django_db_blocker.unblock(), transaction.atomic():
        report = import_paths([CORPUS / "cables", CORPUS / "cables_sample.csv"])
        cables = {cable.reference_id: cable for cable in Cable.objects.with_tags()}
        yield report, cables
        transaction.set_rollback(True)


def test_corpus_imports_without_failure(imported):
    """All 536 pages and 21 dump records import; the 3 cables in both are imported once,
    and the 3 pages carrying a second cable's record give it as a cable of its own
    (09BERLIN992, 73TEHRAN2077, 90KHARTOUM10657)."""
    report, cables = imported
    assert report.failures == []
    assert report.counts["created"] == 536 + 21 - 3 + 3
    assert report.counts["skipped"] == 3
    assert {"09STATE96945", "06THEHAGUE131", "08MONTEVIDEO404"} <= set(cables)
    assert len(cables) == 557


def test_corpus_metadata_agrees_with_wikileaks(imported):
    """Per field, at least 99% of imported cables agree with WikiLeaks' metadata."""
    _, cables = imported
    with (CORPUS / "metadata.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    checks = {
        # Keyed by the id it was imported under, each cable must hold its own page's text.
        "reference id": lambda row, cable: (
            cable.reference_id == row["refid"] and cable.source_name.endswith(row["filename"])
        ),
        "date and hour": lambda row, cable: (
            cable.sent_at is not None and cable.sent_at.strftime("%Y-%m-%d %H") == row["date"][:13]
        ),
        "origin": lambda row, cable: cable.origin_name == row["origin"],
        "classification": lambda row, cable: cable.classification == row["classification"],
        # WikiLeaks linked only the first line of a wrapped TAGS list (see tags_agree).
        "tags": lambda row, cable: tags_agree(SimpleNamespace(tags=cable.tag_codes), row),
    }
    figures = {name: _agreement(rows, cables, check) for name, check in checks.items()}
    report = "; ".join(
        f"{name} {share:.1%} (misses: {' '.join(misses[:5])})"
        for name, (share, misses) in figures.items()
    )
    print(f"\ncorpus import agreement: {report}")
    assert all(share >= 0.99 for share, _ in figures.values()), report


GOLD = CORPUS / "cases_gold" / "cases.json"
# The floors of the real-cases issue: on the strict gold, and on its true positives.
FLOORS = {
    "precision": 0.90,
    "recall": 0.85,
    "countries": 0.85,
    "exploitation": 0.85,
    "minor": 0.85,
    "outcome": 0.85,
    "max_sentence_years": 0.85,
    "victim_count": 0.85,
    "places precision": 0.85,
    "places recall": 0.85,
}
_FIGURE = re.compile(r"^\s*(?P<name>[a-z_ ]+?)\s+(?P<value>\d\.\d{3})\s+\(\d+/\d+\)$", re.M)
_TOTALS = re.compile(r"precision (?P<precision>\d\.\d{3})\s+recall (?P<recall>\d\.\d{3})")


def test_found_cases_meet_the_gold(imported):
    """score_cases on the imported corpus: precision, recall and every field above the
    issue's floors (the report, with every miss, is printed)."""
    out = io.StringIO()
    call_command("score_cases", str(GOLD), stdout=out)
    report = out.getvalue()
    print(f"\n{report}")
    figures = {match["name"]: float(match["value"]) for match in _FIGURE.finditer(report)}
    figures.update(
        {name: float(value) for name, value in _TOTALS.search(report).groupdict().items()}
    )
    assert set(FLOORS) <= set(figures), report
    below = {name: figures[name] for name, floor in FLOORS.items() if figures[name] < floor}
    assert not below, report
