"""The archive on a PostgreSQL primary and a streaming replica of it, for real.

A scratch primary and a replica of it (pg_basebackup, streaming) are started on free ports
under a temporary folder, and the archive is pointed at both (``DATABASE_URL``,
``DATABASE_REPLICA_URLS``) in a process of its own. The public's pages read the replica,
staff read the primary and see their own edit at once, writes go to the primary, and an
edit reaches the public's pages once the replica has replayed it (replay is paused in
between, so that the replica is behind for certain).

Runs with the PostgreSQL suite (``DATABASE_URL=postgres://...``, as .ci/run does); skipped
without PostgreSQL's server programs, except under CI=true, where that is a failure.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
BINARIES = Path(os.environ.get("PG_BINARIES", "/usr/lib/postgresql/15/bin"))
SETTINGS = ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "wal_level=replica"]

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs with the PostgreSQL suite"
)


def missing() -> str | None:
    if not (BINARIES / "initdb").exists():
        return f"no PostgreSQL server programs in {BINARIES} (PG_BINARIES)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "root, and no runuser to run PostgreSQL as another user"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """PostgreSQL's programs refuse to run as root: as root, they run as user postgres."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode:
        raise RuntimeError(f"{command} failed: {done.stdout}{done.stderr}")
    return done


def start(data: Path, port: int, log: Path) -> None:
    options = " ".join([*SETTINGS, "-c", f"port={port}", "-c", f"unix_socket_directories={data}"])
    as_postgres(
        [str(BINARIES / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log)]
        + ["-w", "-t", "60", "start"]
    )


@pytest.fixture(scope="module")
def clusters():
    """(primary port, replica port): a scratch primary and its streaming replica."""
    reason = missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    # Not under pytest's folder, which only its owner may enter.
    base = Path(tempfile.mkdtemp(prefix="cable-replication-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    primary, replica = base / "primary", base / "replica"
    ports = free_port(), free_port()
    as_postgres(
        [str(BINARIES / "initdb"), "-D", str(primary), "-U", "postgres"]
        + ["--auth=trust", "-E", "UTF8", "--no-sync"]
    )
    started = []
    try:
        start(primary, ports[0], base / "primary.log")
        started.append(primary)
        as_postgres(
            [str(BINARIES / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(ports[0])]
            + ["-U", "postgres", "-D", str(replica), "-R", "-X", "stream", "-c", "fast"]
        )
        replica.chmod(0o700)
        start(replica, ports[1], base / "replica.log")
        started.append(replica)
        yield ports
    finally:
        for data in reversed(started):
            as_postgres([str(BINARIES / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"])
        shutil.rmtree(base, ignore_errors=True)


SCRIPT = """
import json, time
import django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.contrib.auth import get_user_model
from cases.models import ArchiveState, Cable, Case

call_command("migrate", verbosity=0)
primary, replica = connections["default"], connections["replica1"]

def replayed():
    version = lambda alias: ArchiveState.objects.using(alias).values_list("version").first()
    wanted = version("default")
    for _ in range(300):
        if version("replica1") == wanted:
            return
        time.sleep(0.05)
    raise AssertionError("the replica did not replay the primary's writes in 15 s")

def replica_sql(statement):
    with replica.cursor() as cursor:
        cursor.execute(statement)
        return cursor.fetchone()[0] if cursor.description else None

cable = Cable.objects.create(reference_id="09RIGA1", source_text="-", content_hash="-")
cases = []
for n in range(1, 4):
    paragraph = cable.paragraphs.create(ordinal=n, anchor=f"p{n}", text="Police found women.")
    cases.append(Case.objects.create(
        cable=cable, paragraph=paragraph, key=paragraph.take_case_key(), category="SEX"))
replayed()
result = {"replica_in_recovery": replica_sql("SELECT pg_is_in_recovery()")}

public = Client()
with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(replica) as on_replica:
    listed = public.get("/cases.json").json()
    page = public.get(cases[0].get_absolute_url())
result["public"] = {
    "count": listed["count"], "status": page.status_code,
    "primary_queries": len(on_primary), "replica_queries": len(on_replica),
}

# The replica stops replaying: what is written now reaches it only when it resumes.
replica_sql("SELECT pg_wal_replay_pause()")
staff = Client()
staff.force_login(get_user_model().objects.create_user("editor", is_staff=True, is_superuser=True))
with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(replica) as on_replica:
    case = Case.objects.get(pk=cases[0].pk)
    case.category = "LABOUR"
    case.save()  # as the admin saves it
    seen_by_staff = staff.get(case.get_absolute_url().rstrip("/") + ".json").json()
    staff_page = staff.get(case.get_absolute_url() + "?back=category%3DLABOUR")
result["edit"] = {
    "primary_queries": len(on_primary), "replica_queries": len(on_replica),
    "staff_sees": seen_by_staff["category"] == "LABOUR",
    "staff_status": staff_page.status_code,
}
before = public.get(case.get_absolute_url().rstrip("/") + ".json").json()
listed = public.get("/cases.json?category=SEX").json()
result["before_replay"] = {"category": before["category"]}
replica_sql("SELECT pg_wal_replay_resume()")
replayed()
after = public.get(case.get_absolute_url().rstrip("/") + ".json").json()
listed = public.get("/cases.json?category=LABOUR").json()
result["after_replay"] = {"category": after["category"], "labour_count": listed["count"]}
try:
    Case.objects.using("replica1").filter(pk=case.pk).update(category="X")
    result["replica_refused_write"] = False
except Exception as error:
    result["replica_refused_write"] = "read-only" in str(error)
print(json.dumps(result))
"""


def test_public_reads_replica_staff_and_writes_primary(clusters, tmp_path):
    primary, replica = clusters
    as_postgres(["createdb", "-h", "127.0.0.1", "-p", str(primary), "-U", "postgres", "archive"])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "DJANGO_SECRET_KEY": "test-only-not-a-secret",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{primary}/archive",
        "DATABASE_REPLICA_URLS": f"postgres://postgres@127.0.0.1:{replica}/archive",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "FACET_INDEX_DIR": str(tmp_path / "index"),
        "FACET_INDEX_BUILD": "inline",
    }
    env.pop("DJANGO_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["replica_in_recovery"] is True
    # The public read the replica alone, and saw the three cases.
    assert result["public"] == {
        "count": 3,
        "status": 200,
        "primary_queries": 0,
        "replica_queries": result["public"]["replica_queries"],
    }
    assert result["public"]["replica_queries"] > 0
    # The edit and the staff member's page went to the primary: they saw it at once.
    assert result["edit"]["replica_queries"] == 0 and result["edit"]["primary_queries"] > 0
    assert result["edit"]["staff_sees"] and result["edit"]["staff_status"] == 200
    # The public saw it only once the replica had replayed it, on pages and in counts.
    assert result["before_replay"] == {"category": "SEX"}
    assert result["after_replay"] == {"category": "LABOUR", "labour_count": 1}
    assert result["replica_refused_write"] is True
