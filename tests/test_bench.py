"""The benchmarks in bench/, run small so that they cannot rot (they time nothing here).

The generator and the page shapes run in subprocesses, each with a SQLite file of the
test's own: never the suite's test database, never db.sqlite3.
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bench import databases
from bench.databases import Refused, Target
from bench.peer import Peer
from bench.shapes import Request

ROOT = Path(__file__).resolve().parent.parent
CASES = 200


def run(script: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SECRET_KEY": "test-only-not-a-secret"}
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module", autouse=True)
def _index_folder(tmp_path_factory):
    """The benchmarks' servers write their facet index files in a folder of this module's
    own, not in the machine's."""
    before = os.environ.get("FACET_INDEX_DIR")
    os.environ["FACET_INDEX_DIR"] = str(tmp_path_factory.mktemp("facet-index"))
    yield
    if before is None:
        os.environ.pop("FACET_INDEX_DIR")
    else:
        os.environ["FACET_INDEX_DIR"] = before


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """A synthetic archive of 200 cases in a SQLite file of this module's own."""
    path = tmp_path_factory.mktemp("bench") / "archive.sqlite3"
    generated = run("generate.py", "--cases", str(CASES), "--sqlite", str(path))
    assert generated.returncode == 0, generated.stderr
    return path


def test_generate_builds_a_synthetic_archive_with_every_facet_filled(archive):
    """Every cable is synthetic, and cases have countries, places, tags and text to search."""
    with sqlite3.connect(archive) as db:
        count = db.execute("SELECT count(*) FROM cases_case").fetchone()[0]
        real = db.execute("SELECT count(*) FROM cases_cable WHERE NOT synthetic").fetchone()[0]
        cables = db.execute("SELECT count(*) FROM cases_cable").fetchone()[0]
        countries = db.execute("SELECT count(*) FROM cases_case_countries").fetchone()[0]
        places = db.execute("SELECT count(*) FROM cases_case_places").fetchone()[0]
        tags = db.execute("SELECT count(*) FROM cases_cabletag").fetchone()[0]
        empty = db.execute(
            "SELECT count(*) FROM cases_case WHERE category = '' AND exploitation = ''"
            " AND outlet_id IS NULL"
        ).fetchone()[0]
        longest = db.execute(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM cases_case GROUP BY cable_id)"
        ).fetchone()[0]
        words = db.execute(
            "SELECT avg(length(text) - length(replace(text, ' ', '')) + 1) FROM cases_paragraph"
            " WHERE id IN (SELECT paragraph_id FROM cases_case)"
        ).fetchone()[0]
    assert (count, real, cables) == (CASES, 0, CASES // 4)
    assert 1.3 < countries / count < 2.2
    assert 1.2 < places / count < 2.4
    assert 3 < tags / cables < 6
    assert empty < count / 10
    assert longest <= 40  # long cables, but none with hundreds of cases
    assert 70 < words < 100


def test_every_page_shape_answers(archive, tmp_path):
    """Each shape's first request answers 200 through the test client, and Datasette's
    translation of every request is built from a flat export of the archive."""
    figures = tmp_path / "figures.json"
    options = ["--client-only", "--peer", "--requests", "3", "--warmups", "0"]
    probed = run("pages.py", "--sqlite", str(archive), *options, "--json", str(figures))
    assert probed.returncode == 0, probed.stdout + probed.stderr
    document = json.loads(figures.read_text())
    results = {result["shape"]: result for result in document["results"]}
    shapes = ["no filter", "5 filters", "search + 3 filters", "deep page", "case page"]
    assert set(results) >= {*shapes, "cable page", "CSV export 100k"}
    assert all(result["status"] == 200 for result in results.values())
    assert all(result["queries"] > 0 for result in results.values())
    published = results["no filter"]["matched"]
    assert 0.9 * CASES < published <= CASES
    assert results["CSV export 100k"]["matched"] == published
    for name in ("1 filter", "3 filters", "5 filters", "search", "search + 3 filters"):
        assert 0 < results[name]["matched"] < published, name


def test_generate_refuses_the_archive_database(tmp_path):
    """db.sqlite3 and whatever DATABASE_URL names are never benchmark databases."""
    with pytest.raises(Refused):
        databases.check_not_archive(Target.sqlite(ROOT / "db.sqlite3"), environ={})
    environ = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cable_archive"}
    with pytest.raises(Refused):
        databases.check_not_archive(Target.postgres("cable_archive"), environ=environ)
    environ = {"DATABASE_URL": f"sqlite:///{tmp_path / 'archive.sqlite3'}"}
    with pytest.raises(Refused):
        databases.check_not_archive(Target.sqlite(tmp_path / "archive.sqlite3"), environ=environ)
    databases.check_not_archive(Target.postgres("cable_bench_10k"), environ=environ)


def _database_with_cable(path: Path, synthetic: bool, marked: bool) -> None:
    with sqlite3.connect(path) as db:
        if marked:
            db.execute(f"PRAGMA application_id = {databases.SQLITE_APPLICATION_ID}")
        db.execute("CREATE TABLE cases_cable (id integer PRIMARY KEY, synthetic bool)")
        db.execute("INSERT INTO cases_cable (synthetic) VALUES (?)", [synthetic])
    db.close()


def test_generate_refuses_a_database_it_did_not_make(tmp_path):
    """An existing database is only replaced if generate.py made it and all its cables
    are synthetic."""
    unmarked, real, previous = (tmp_path / f"{name}.sqlite3" for name in ("u", "r", "p"))
    _database_with_cable(unmarked, synthetic=True, marked=False)
    _database_with_cable(real, synthetic=False, marked=True)
    _database_with_cable(previous, synthetic=True, marked=True)
    with pytest.raises(Refused, match="not made by"):
        databases.prepare(Target.sqlite(unmarked))
    with pytest.raises(Refused, match="1 cables that are not synthetic"):
        databases.prepare(Target.sqlite(real))
    refused = run("generate.py", "--cases", "10", "--sqlite", str(real))
    assert refused.returncode != 0 and "not synthetic" in refused.stderr

    databases.prepare(Target.sqlite(previous))
    with sqlite3.connect(previous) as db:
        assert db.execute("SELECT name FROM sqlite_master").fetchall() == []
    db.close()


def test_datasette_asks_for_the_same_filters_facets_and_order(tmp_path):
    """A list request becomes Datasette's filters, its thirteen facets, page size and order."""
    url = Peer(tmp_path / "peer.db").translate(
        Request("/cases/", (("q", "police"), ("country", "KZ"), ("exploitation", "labor")))
    )
    path, query = url.split("?")
    assert path == "/peer/cases.json"
    assert "_search=police&countries__arraycontains=KZ&exploitation__exact=labor" in query
    assert query.count("_facet=") == 10 and query.count("_facet_array=") == 3
    assert "_size=25" in query and "_sort_desc=reported_on" in query
    assert Peer(tmp_path / "peer.db").translate(Request("/cases/7/")) == "/peer/cases/7.json"


def test_import_benchmark_imports_renamed_copies(tmp_path):
    """import_corpus.py imports each copy of the corpus under new reference ids, so that
    every cable of every copy is really written, and prints cables per second."""
    from .test_formats import DUMP, PAGE

    corpus = tmp_path / "corpus"
    (corpus / "cables").mkdir(parents=True)
    (corpus / "cables" / "09RIGA99.html").write_text(PAGE.replace("09RIGA123", "09RIGA99"))
    (corpus / "cables_sample.csv").write_text(DUMP)
    done = run("import_corpus.py", "--corpus", str(corpus), "--repeat", "2", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert "imported 6 cables in" in done.stdout
    assert "6 created, 0 updated, 0 unchanged, 0 skipped, 0 failed" in done.stdout


def test_edits_benchmark_edits_and_sees_each_edit(archive, tmp_path):
    """edits.py serves the archive under gunicorn, edits cases through the ORM while it
    asks for pages, and finds every edit in the counts."""
    pytest.importorskip("gunicorn")
    figures = tmp_path / "edits.json"
    options = ["--seconds", "3", "--workers", "2", "--json", str(figures)]
    done = run("edits.py", "--sqlite", str(archive), *options)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(figures.read_text())
    assert result["edits"]["n"] >= 2 and result["list"]["n"] > 0 and result["case"]["n"] > 0


def test_workers_benchmark_reads_each_workers_memory(archive, tmp_path):
    """workers.py measures one worker, then two, each having mapped the index file."""
    pytest.importorskip("gunicorn")
    figures = tmp_path / "workers.json"
    done = run(
        "workers.py",
        "--sqlite",
        str(archive),
        "--workers",
        "2",
        "--rounds",
        "3",
        "--json",
        str(figures),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(figures.read_text())
    assert len(result["several"]["workers"]) == 2
    assert all(worker["index_mapped"] > 0 for worker in result["several"]["workers"].values())
    totals = result["one"]["total"], result["several"]["total"]
    assert result["extra_worker_mb"] == round(
        totals[1]["pss_with_master"] - totals[0]["pss_with_master"], 1
    )


def test_named_mutations_runs_and_reports_what_it_caught():
    """One breakage made in a worktree of HEAD: its test fails there, and the script says so
    (the whole list runs in about a minute: `python bench/named_mutations.py`)."""
    result = run("named_mutations.py", "--only", "blank rows")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "caught   blank rows of a csv dump read as records" in result.stdout
    assert "1 of 1 breakages caught" in result.stdout
