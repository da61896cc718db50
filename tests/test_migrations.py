"""Migration 0009 gives the cases stored before it keys, spans and a review; the migration
files agree with the models, checked as a fresh checkout would check them.

The migrations run in a subprocess on a SQLite file of the test's own: going back and forth
in the suite's test database would empty it for the tests that follow.
"""

import os
import subprocess
import sys
from pathlib import Path

from .test_security import manage

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps

call_command("migrate", verbosity=0)
old = migrate(("cases", "0008_archive_state"))
Cable, Case = old.get_model("cases", "Cable"), old.get_model("cases", "Case")
cable = Cable.objects.create(reference_id="08ASTANA1246", source_text="-")
p2 = cable.paragraphs.create(ordinal=2, anchor="p2", text="March 14, Interfax: a ring.")
p3 = cable.paragraphs.create(ordinal=3, anchor="p3", text="May 1: workers held.")
first = Case.objects.create(cable=cable, paragraph=p2)
staff = Case.objects.create(cable=cable, paragraph=p2, source="staff")
withdrawn = Case.objects.create(cable=cable, paragraph=p3, is_published=False)
old.get_model("cases", "HistoricalCase").objects.create(
    id=first.pk, cable_id=cable.pk, paragraph_id=p2.pk, created_at=first.created_at,
    updated_at=first.updated_at, history_type="+", history_date=first.created_at,
)

new = migrate(("cases", "0009_case_spans_keys_review"))
Case, Paragraph = new.get_model("cases", "Case"), new.get_model("cases", "Paragraph")
rows = {
    case.pk: (case.key, case.review, case.is_published, case.span_start, case.span_end)
    for case in Case.objects.all()
}
assert rows == {
    first.pk: ("08ASTANA1246-p2-1", "auto", True, 0, len(p2.text)),
    staff.pk: ("08ASTANA1246-p2-2", "accepted", True, 0, len(p2.text)),
    withdrawn.pk: ("08ASTANA1246-p3-1", "auto", False, 0, len(p3.text)),
}, rows
assert Case.objects.get(pk=first.pk).excerpt == p2.text
assert dict(Paragraph.objects.values_list("anchor", "keys_given")) == {"p2": 2, "p3": 1}
assert new.get_model("cases", "HistoricalCase").objects.get().key == "08ASTANA1246-p2-1"

ArchiveState = new.get_model("cases", "ArchiveState")
before = ArchiveState.objects.get().version
Case.objects.filter(pk=first.pk).update(category="CHANGED")
assert ArchiveState.objects.get().version != before, "the case table lost its triggers"
print("migrated")
"""


def test_stored_cases_get_keys_spans_and_reviews(tmp_path):
    """Cases are numbered in their paragraph in the order they were stored; each is told in
    its whole paragraph; staff cases count as accepted, withdrawn ones stay withdrawn; their
    history takes their keys; writes to cases still change the archive's version."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "DJANGO_SECRET_KEY": "test-only-not-a-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'migrations.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("migrated")


def _manage(*args: str) -> subprocess.CompletedProcess:
    """manage.py as a fresh checkout runs it: no secret key, no debug flag."""
    unset = ("DJANGO_SECRET_KEY", "DJANGO_DEBUG", "PYTEST_VERSION", "DATABASE_URL")
    return manage(*args, env={k: v for k, v in os.environ.items() if k not in unset})


def test_models_and_migrations_agree_without_a_secret_key():
    """`makemigrations --check` runs on a fresh checkout as it is, and finds nothing to do;
    commands that sign or serve still refuse to start without a key."""
    checked = _manage("makemigrations", "--check", "--dry-run")
    assert checked.returncode == 0, checked.stderr
    assert "No changes detected" in checked.stdout
    refused = _manage("check")
    assert refused.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in refused.stderr
