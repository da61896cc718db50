"""The archive under load: page clients, exports and an import at once, through gunicorn.

    python bench/load.py --database wt14_load          # PostgreSQL, a database of its own

1. Builds its database (``--database``; refused if it exists and this script did not
   make it, or if it is the archive's own), imports the corpus (``--corpus``) into it.
2. Serves it with gunicorn as production does: the repository's gunicorn.conf.py, 3 sync
   workers, DEBUG off, static files collected, on 127.0.0.1 only.
3. For ``--seconds`` (60): ``--clients`` (50) page clients, each asking for one page after
   another (lists with filters, searches, facet pages, case and cable pages, their JSON,
   the health check), ``--exports`` (3) clients exporting every case in turn as CSV and
   JSON, and one import of the corpus under new reference ids (``import_cables --bulk
   --jobs 1 --batch-size 50`` at niceness 10 by default, as README's deployment runs
   imports: new cables written a batch at a time, each batch a new archive version, so
   that caches and indexes are rebuilt while the clients run).
4. Prints, per kind of request: requests, p50, p95, max (ms), errors (5xx or no
   answer), 429s (exports beyond their slots, as designed), and pages over 2 s.

Bounded: every loop stops at the deadline, every request has a timeout, the import is
stopped at the end if it is still running. Nothing but 127.0.0.1 is ever asked.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script: bench/...

from bench import databases, server  # noqa: E402
from bench.import_corpus import CORPUS, copy_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MARK = "Cable Case Archive: load test (bench/load.py)"
SLOW_SECONDS = 2.0


def prepare_database(name: str) -> str:
    """A new database for the load test: dropped first only if this script made it."""
    import psycopg
    from psycopg import sql

    target = databases.Target.postgres(name)
    databases.check_not_archive(target)
    with psycopg.connect(f"{target.server}/postgres", autocommit=True) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if row is not None and row[0] != MARK:
            raise SystemExit(f"{name} exists and was not made by bench/load.py: refused")
        identifier = sql.Identifier(name)
        if row is not None:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(identifier))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(identifier))
        admin.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(identifier, sql.Literal(MARK)))
    return target.url


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def page_urls(database_url: str, count: int, seed: int) -> list[tuple[str, str]]:
    """(kind, URL) of the pages the clients ask for, drawn from the archive's values."""
    import psycopg

    rnd = random.Random(seed)
    with psycopg.connect(database_url) as db:

        def values(query: str) -> list[str]:
            return [row[0] for row in db.execute(query).fetchall() if row[0]]

        keys = values("SELECT key FROM cases_case WHERE is_published")
        cables = values("SELECT reference_id FROM cases_cable")
        countries = values("SELECT DISTINCT country_id FROM cases_case_countries")
        places = values("SELECT slug FROM cases_place") or ["none"]
        tags = values("SELECT code FROM cases_tag")
        years = values(
            "SELECT DISTINCT extract(year FROM reported_on)::int::text FROM cases_case"
            " WHERE reported_on IS NOT NULL"
        )
    words = ["police", "trafficking", "women", "labor", "court", "children", "border"]
    facets = ["country", "category", "outlet", "year", "exploitation", "place", "tag"]
    makers = [
        ("list", lambda: "/cases/"),
        ("list", lambda: f"/cases/?{urlencode({'page': rnd.randint(1, 20)})}"),
        ("list", lambda: f"/cases/?{urlencode({'country': rnd.choice(countries)})}"),
        (
            "list",
            lambda: (
                "/cases/?"
                + urlencode({"tag": rnd.choice(tags), "year": rnd.choice(years), "sort": "oldest"})
            ),
        ),
        ("list", lambda: f"/cases/?{urlencode({'place': rnd.choice(places)})}"),
        ("search", lambda: f"/cases/?{urlencode({'q': rnd.choice(words)})}"),
        (
            "search",
            lambda: (
                "/cases/?" + urlencode({"q": rnd.choice(words), "country": rnd.choice(countries)})
            ),
        ),
        ("facet", lambda: f"/cases/facets/{rnd.choice(facets)}/"),
        ("case", lambda: f"/cases/{rnd.choice(keys)}/"),
        ("case", lambda: f"/cases/{rnd.choice(keys)}.json"),
        ("cable", lambda: f"/cables/{rnd.choice(cables)}/"),
        ("cable", lambda: f"/cables/?{urlencode({'page': rnd.randint(1, 10)})}"),
        ("json", lambda: f"/cases.json?{urlencode({'country': rnd.choice(countries)})}"),
        ("health", lambda: "/healthz"),
    ]
    return [(kind, make()) for kind, make in (rnd.choice(makers) for _ in range(count))]


class Tally:
    """Seconds, statuses and errors per kind of request, from many threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.refused: dict[str, int] = defaultdict(int)

    def add(self, kind: str, url: str, status: int | None, seconds: float) -> None:
        with self.lock:
            self.seconds[kind].append(seconds)
            if status is None or status >= 500:
                self.errors[kind].append(f"{status} {url}")
            elif status == 429:
                self.refused[kind] += 1


def client(port, urls, deadline, tally, timeout) -> None:
    while time.monotonic() < deadline:
        kind, url = urls[random.randrange(len(urls))]
        started = time.monotonic()
        try:
            status = server.fetch(port, url, timeout=timeout).status
        except OSError:
            status = None
        tally.add(kind, url, status, time.monotonic() - started)


def exporter(port, deadline, tally, timeout) -> None:
    exports = ["/cases.csv", "/cases/export.json"]
    turn = 0
    while time.monotonic() < deadline:
        url = exports[turn % 2]
        turn += 1
        started = time.monotonic()
        try:
            status = server.fetch(port, url, timeout=timeout).status
        except OSError:
            status = None
        tally.add("export", url, status, time.monotonic() - started)
        if status == 429:
            time.sleep(1)  # as Retry-After asks, more eagerly


def count_cables(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as db:
        return db.execute("SELECT count(*) FROM cases_cable").fetchone()[0]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="PostgreSQL database of its own")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--exports", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--import-options",
        default="--bulk --jobs 1 --batch-size 50",
        help="options of the concurrent import_cables (default: %(default)s)",
    )
    parser.add_argument(
        "--import-nice", type=int, default=10, help="the import's niceness (default 10)"
    )
    args = parser.parse_args(argv)

    database_url = prepare_database(args.database)
    with tempfile.TemporaryDirectory(prefix="cable-load-") as scratch:
        scratch = Path(scratch)
        cables = copy_corpus(args.corpus, scratch / "corpus", 2) // 2
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_STATIC_ROOT": str(scratch / "static"),
            "DJANGO_LOG_LEVEL": "ERROR",
            "GUNICORN_ACCESS_LOG": "/dev/null",
            "CABLE_EXPORT_SLOTS_DIR": str(scratch / "slots"),
        }
        for name in ("DJANGO_DEBUG", "PYTEST_VERSION"):
            env.pop(name, None)
        print(f"{database_url}: migrate, import the corpus ({cables} cables)", flush=True)
        manage(env, "migrate", "-v0")
        manage(env, "import_cables", "--bulk", str(scratch / "corpus" / "copy0"))
        manage(env, "collectstatic", "--noinput", "-v0")
        urls = page_urls(database_url, 5000, seed=1)

        port = server.free_port()
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        command += ["--bind", f"{server.HOST}:{port}", "--workers", str(args.workers)]
        command += ["archive.wsgi"]
        with server.running(command, port, "/healthz", env=env):
            for _ in range(2 * args.workers):  # each worker's facet index, built once
                server.fetch(port, "/cases/")
            tally = Tally()
            cables_before = count_cables(database_url)
            deadline = time.monotonic() + args.seconds
            timeout = args.seconds + 30
            threads = [
                threading.Thread(target=client, args=(port, urls, deadline, tally, timeout))
                for _ in range(args.clients)
            ] + [
                threading.Thread(target=exporter, args=(port, deadline, tally, timeout))
                for _ in range(args.exports)
            ]
            importing = subprocess.Popen(
                [sys.executable, "manage.py", "import_cables", *args.import_options.split()]
                + [str(scratch / "corpus" / "copy1")],
                cwd=ROOT,
                # A background job beside the web workers, as README's deployment runs them.
                preexec_fn=lambda: os.nice(args.import_nice),
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
            written = count_cables(database_url) - cables_before
            try:
                output, _ = importing.communicate(timeout=5)
                imported = output.strip().splitlines()[-1]
            except subprocess.TimeoutExpired:
                importing.terminate()
                importing.wait()
                imported = "still running at the end: stopped"

    if not args.keep:
        import psycopg
        from psycopg import sql

        with psycopg.connect(f"{databases.DEFAULT_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(args.database))
            )

    print(
        f"\n{args.clients} page clients and {args.exports} export clients for {elapsed:.0f} s"
        f" against gunicorn ({args.workers} sync workers) on PostgreSQL; the import wrote"
        f" {written} cables meanwhile ({imported}); load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'kind':8} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
        f"{'errors':>7} {'429':>5} {'> 2 s':>6}"
    )
    errors = 0
    slow_pages = 0
    for kind in sorted(tally.seconds):
        seconds = tally.seconds[kind]
        slow = sum(1 for value in seconds if value > SLOW_SECONDS)
        if kind != "export":
            slow_pages += slow
        errors += len(tally.errors[kind])
        print(
            f"{kind:8} {len(seconds):>9} {1000 * statistics.median(seconds):>8.0f} "
            f"{1000 * percentile(seconds, 0.95):>8.0f} {1000 * max(seconds):>8.0f} "
            f"{len(tally.errors[kind]):>7} {tally.refused[kind]:>5} {slow:>6}"
        )
    pages = [
        value for kind, values in tally.seconds.items() if kind != "export" for value in values
    ]
    print(
        f"{'pages':8} {len(pages):>9} {1000 * statistics.median(pages):>8.0f} "
        f"{1000 * percentile(pages, 0.95):>8.0f} {1000 * max(pages):>8.0f}"
    )
    for kind, found in tally.errors.items():
        for error in found[:5]:
            print(f"error ({kind}): {error}")
    print(f"\nerrors: {errors}; page requests over {SLOW_SECONDS:.0f} s: {slow_pages}")
    if errors or slow_pages:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
