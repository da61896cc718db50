"""All 6,292 pages of the WikiLeaks mirror, imported with ``import_cables --bulk``.

The mirror (../shared/corpus/mirror, see its README) is unpacked into a temporary folder
and imported once per test database, for the whole module: every page imports, a second
run finds every cable unchanged, and the rows are the same on SQLite and PostgreSQL.
``make test`` runs it (so CI does, on both databases); it takes about a minute per
database, and ``-m "not mirror"`` leaves it out. Skipped where the mirror is absent.

SQLite and PostgreSQL run in separate test sessions, so each run writes the digests of its
rows to ``test-output/mirror-digests.json``, keyed by the code that produced them (every
source file of the app and the archive's size); a run on the other database with the same
key compares its digests with them. ``.ci/run`` runs the suite on SQLite, then on
PostgreSQL, from the same checkout: the second run checks the first.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F

from cases.models import Cable, CableTag, Case, Paragraph

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT.parent / "shared" / "corpus" / "mirror" / "wikileaks-mirror-6292.tar.xz"
DIGESTS = ROOT / "test-output" / "mirror-digests.json"
PAGES = 6292

pytestmark = [
    pytest.mark.skipif(not ARCHIVE.is_file(), reason="../shared/corpus/mirror is absent"),
    pytest.mark.mirror,
    pytest.mark.django_db,
]


def _unpack(archive: Path, into: Path) -> Path:
    if shutil.which("tar"):  # several times faster than tarfile's lzma
        subprocess.run(["tar", "xJf", str(archive), "-C", str(into)], check=True)
    else:
        with tarfile.open(archive) as tar:
            tar.extractall(into, filter="data")
    return into / "cable"


def _import(folder: Path) -> tuple[str, float]:
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    try:
        call_command("import_cables", str(folder), "--bulk", stdout=out, stderr=err)
    except Exception as error:  # the command fails when a cable did: show which and why
        raise AssertionError(f"{error}\n{err.getvalue()[:20000]}") from error
    return out.getvalue().strip().splitlines()[-1], time.perf_counter() - started


@pytest.fixture(scope="module")
def mirror(django_db_setup, django_db_blocker):
    """The mirror imported twice into the test database, rolled back at the end: the
    summaries of both runs, their times, and the folder (for the cables' source names)."""
    name = connection.settings_dict["NAME"]
    assert "test" in name or "memory" in name, f"not a test database: {name}"
    with tempfile.TemporaryDirectory(prefix="mirror-") as scratch:
        folder = _unpack(ARCHIVE, Path(scratch))
        with django_db_blocker.unblock(), transaction.atomic():
            first, first_time = _import(folder)
            again, again_time = _import(folder)
            print(
                f"\nmirror on {connection.vendor}: import {first_time:.1f} s ({first}); "
                f"again {again_time:.1f} s ({again})"
            )
            yield {"first": first, "again": again, "folder": folder}
            transaction.set_rollback(True)


def test_every_mirror_page_imports(mirror):
    """Every page imports: no failure, none skipped, and each page gives at least one cable
    (a page carrying a second cable's record gives two)."""
    counts = dict(
        (status, int(count))
        for count, status in (part.split() for part in mirror["first"][8:-1].split(", "))
    )
    assert counts["failed"] == 0 and counts["updated"] == 0 and counts["unchanged"] == 0
    assert counts["created"] + counts["skipped"] >= PAGES
    assert Cable.objects.count() == counts["created"]


def test_importing_the_mirror_again_changes_nothing(mirror):
    """The second run finds every cable unchanged."""
    assert mirror["again"].startswith("Cables: 0 created, 0 updated, ")
    assert ", 0 failed." in mirror["again"]
    assert f", {Cable.objects.count()} unchanged," in mirror["again"]


def _digest(rows) -> str:
    """Rows are sorted here, as the databases' collations order strings differently, and
    written with sorted keys, as PostgreSQL's jsonb reorders the keys of JSON objects."""
    lines = sorted(json.dumps(row, sort_keys=True, default=str) for row in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _row_digests(folder: Path) -> dict[str, str]:
    """A digest of every cable, tag, paragraph and case as written: the values, not the
    ids (the databases number rows in their own order) nor the times of writing."""
    cable_fields = [
        field.attname
        for field in Cable._meta.concrete_fields
        if not (field.primary_key or getattr(field, "auto_now", False))
        and not getattr(field, "auto_now_add", False)
        and field.attname != "source_name"
    ]
    cables = [
        (*row[:-1], str(Path(row[-1]).relative_to(folder.parent)))
        for row in Cable.objects.order_by("reference_id").values_list(*cable_fields, "source_name")
    ]
    tags = CableTag.objects.order_by("cable__reference_id", "position").values_list(
        "cable__reference_id", "position", "tag__code", "tag__kind", "tag__description"
    )
    paragraphs = Paragraph.objects.order_by("cable__reference_id", "anchor").values_list(
        "cable__reference_id",
        "anchor",
        "ordinal",
        "number",
        "depth",
        "heading",
        "portion_marking",
        "text",
        "relevance",
        "is_candidate",
        "is_current",
        "keys_given",
    )
    case_fields = [
        field.attname
        for field in Case._meta.concrete_fields
        if not (field.primary_key or field.is_relation)
        and field.attname not in {"created_at", "updated_at", "search_vector"}
    ]
    cases = (
        Case.objects.annotate(anchor=F("paragraph__anchor"), outlet_slug=F("outlet__slug"))
        .order_by("key")
        .values_list("anchor", "outlet_slug", *case_fields)
    )
    countries = Case.countries.through.objects.order_by("case__key", "country_id").values_list(
        "case__key", "country_id"
    )
    places = Case.places.through.objects.order_by("case__key", "place__key").values_list(
        "case__key", "place__key"
    )
    return {
        "cables": _digest(cables),
        "tags": _digest(tags),
        "paragraphs": _digest(paragraphs),
        "cases": _digest((*row[:-1], str(row[-1])) for row in cases),
        "case countries": _digest(countries),
        "case places": _digest(places),
    }


def _code_key() -> str:
    """What the digests depend on: the app's code and the archive."""
    digest = hashlib.sha256(str(ARCHIVE.stat().st_size).encode())
    for path in sorted((ROOT / "cases").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_sqlite_and_postgresql_store_the_same_rows(mirror):
    """The digests of the rows equal those the other database gave for the same code (when
    a run on it left them), and are kept for the next run on the other database."""
    digests = _row_digests(mirror["folder"])
    key = _code_key()
    kept = json.loads(DIGESTS.read_text()) if DIGESTS.is_file() else {}
    if kept.get("key") != key:
        kept = {"key": key}
    print(f"\nrow digests on {connection.vendor}: {json.dumps(digests, indent=1)}")
    others = {
        vendor: rows for vendor, rows in kept.items() if vendor not in {"key", connection.vendor}
    }
    kept[connection.vendor] = digests
    DIGESTS.parent.mkdir(exist_ok=True)
    DIGESTS.write_text(json.dumps(kept, indent=1))
    for vendor, rows in others.items():
        assert rows == digests, f"the rows differ from those on {vendor}"
