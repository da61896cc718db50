"""Server time per page of the archive, through a real WSGI server, beside Datasette's.

    python bench/pages.py --database cable_bench_100k            # PostgreSQL
    python bench/pages.py --sqlite /tmp/cable_bench_100k.sqlite3  # SQLite
    python bench/pages.py --database cable_bench_100k --peer     # and Datasette, side by side
    python bench/pages.py --sqlite PATH --client-only            # statuses and SQL queries only

For the query shapes of ``bench/shapes.py``:

1. In this process, through Django's test client: each shape's first request, its status,
   SQL queries and the cases it matches.
2. Through gunicorn (one sync worker, DEBUG off, static files collected) on 127.0.0.1: each
   shape's requests, one after another from one client, after a few warm-ups. Every request
   differs from the ones before it, so no cache answers them; then the first one repeated,
   which a cache may answer. The CSV exports are timed while the worker's memory is sampled.
3. With ``--peer``: the same requests translated for Datasette serving the same cases from a
   flat SQLite table (``bench/peer.py``), timed by the same client in the same run.

Prints p50, p95 and max in milliseconds and, with ``--peer``, the ratio ours / Datasette;
``--json PATH`` also writes every figure. A shape stops early, after at least three timed
requests, once it has taken ``--budget`` seconds.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script: bench/...

from bench import databases, peer, server  # noqa: E402
from bench.databases import Target  # noqa: E402
from bench.generate import setup_django  # noqa: E402
from bench.report import count, ms, ratio  # noqa: E402
from bench.shapes import Shape, build_shapes, export_shape  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MIN_TIMED = 3
LIST_SHAPES = ("no filter", "1 filter", "3 filters", "5 filters", "deep page")
SEARCH_SHAPES = ("search", "search + 3 filters")
SECRET_KEY = server.SECRET_KEY


@dataclass
class Timing:
    """Seconds per request, summarised in milliseconds."""

    seconds: list[float] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        """The nearest-rank percentile, in milliseconds."""
        ordered = sorted(self.seconds)
        return 1000 * ordered[max(1, math.ceil(share * len(ordered))) - 1]

    def summary(self) -> dict:
        if not self.seconds:
            return {}
        return {
            "n": len(self.seconds),
            "p50": round(self.percentile(0.5), 1),
            "p95": round(self.percentile(0.95), 1),
            "max": round(1000 * max(self.seconds), 1),
            "mean": round(1000 * statistics.fmean(self.seconds), 1),
        }


@dataclass
class Result:
    shape: str
    kind: str
    note: str = ""
    status: int | None = None
    queries: int | None = None
    matched: int | None = None
    ours: dict = field(default_factory=dict)
    cached: dict = field(default_factory=dict)
    peer: dict = field(default_factory=dict)
    peer_matched: int | None = None
    export: dict = field(default_factory=dict)
    peer_export: dict = field(default_factory=dict)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    databases.add_target_arguments(parser)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per shape")
    parser.add_argument("--warmups", type=int, default=3, help="untimed requests first")
    parser.add_argument("--budget", type=float, default=120, help="seconds per shape at most")
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--peer", action="store_true", help="time Datasette too")
    parser.add_argument("--peer-file", type=Path, help="flat export (default: a temporary file)")
    parser.add_argument("--peer-requests", type=int, help="timed requests per shape (Datasette)")
    parser.add_argument("--peer-warmups", type=int, default=1)
    parser.add_argument("--only", nargs="*", help="shapes to run, by name (default: all)")
    parser.add_argument(
        "--client-only",
        action="store_true",
        help="step 1 only, exit 1 if a shape fails; with --peer, also translate for Datasette",
    )
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--commit", help="what code is measured (default: git describe)")
    args = parser.parse_args(argv)

    target = databases.target_of(args)
    # Whitenoise looks for collected static files, which only the served archive needs.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    open_archive(target)
    shapes = build_shapes(args.requests + args.warmups, export_rows=args.export_rows)
    # A tenth of the export first: the full one must not take more memory than it.
    shapes.insert(-1, export_shape(args.export_rows // 10))
    if args.only:
        shapes = [shape for shape in shapes if shape.name in args.only]
    results = [Result(shape.name, shape.kind, shape.note) for shape in shapes]
    about = describe(target, args)

    probe(shapes, results)
    if args.client_only:
        if args.peer:
            check_translations(shapes)
        report(about, results)
        write_json(args.json, about, results)
        sys.exit(0 if all(result.status == 200 for result in results) else 1)

    run_ours(args, target, shapes, results)
    if args.peer:
        run_peer(args, shapes, results)
    report(about, results)
    acceptance(results)
    write_json(args.json, about, results)


def run_ours(args, target: Target, shapes: list[Shape], results: list[Result]) -> None:
    """Step 2: the archive under gunicorn, uncached, cached, and its exports."""
    with archive_server(target) as (port, worker):
        print(f"gunicorn on port {port}, worker {worker}", flush=True)
        for shape, result in zip(shapes, results, strict=True):
            if shape.kind == "export":
                result.export = time_export(port, shape.requests[0].url, worker)
                print(f"  {shape.name} ({shape.note}): {result.export}", flush=True)
                continue
            urls = [request.url for request in shape.requests]
            result.ours = time_requests(port, urls, args.warmups, args.budget).summary()
            if shape.kind == "list":
                repeated = [urls[0]] * (args.requests + 1)
                result.cached = time_requests(port, repeated, 1, args.budget).summary()
            print(f"  {shape.name}: {result.ours} cached {result.cached}", flush=True)


def write_json(path: Path | None, about: dict, results: list[Result]) -> None:
    if path:
        document = {"about": about, "results": [asdict(result) for result in results]}
        path.write_text(json.dumps(document, indent=1))


def open_archive(target: Target) -> None:
    """Django set up on ``target`` as production runs (DEBUG off, a key of the benchmark's
    own), the database checked to have the code's migrations."""
    os.environ.setdefault("DJANGO_SECRET_KEY", SECRET_KEY)
    os.environ.pop("DJANGO_DEBUG", None)
    setup_django(target)
    check_migrated(target)


def check_migrated(target: Target) -> None:
    """The benchmark database must have the code's migrations: pages would fail otherwise."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    missing = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if missing:
        sys.exit(
            f"{target} lacks {len(missing)} migrations ({missing[-1][0]}): generate it again, "
            f"or migrate it: DATABASE_URL={target.url} python manage.py migrate"
        )


def describe(target: Target, args) -> dict:
    """What the figures were measured on: date, machine, commit, database and its size."""
    from django.db import connection

    from cases.models import Cable, Case

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
            # The server's memory settings, and those the archive's sessions ask for.
            shown = []
            for setting in ("shared_buffers", "work_mem", "jit", "max_parallel_workers_per_gather"):
                cursor.execute(f"SHOW {setting}")
                shown.append(f"{setting} {cursor.fetchone()[0]}")
            version = f"{version} ({', '.join(shown)})"
        else:
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
    commit = (
        args.commit
        or subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, {memory:.0f} GB, {platform.platform()}",
        "commit": commit,
        "database": f"{version}, {target.name}",
        "cases": Case.objects.count(),
        "cables": Cable.objects.count(),
        "requests": f"{args.requests} timed after {args.warmups} warm-ups, budget {args.budget} s",
    }


def probe(shapes: list[Shape], results: list[Result]) -> None:
    """Step 1: status, SQL queries and cases matched of each shape's first request."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    # Rendering through the test client needs no collected static files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    setup_test_environment()
    client = Client()
    for shape, result in zip(shapes, results, strict=True):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(shape.requests[0].url)
            if response.streaming:
                lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        result.status = response.status_code
        result.queries = len(queries.captured_queries)
        if shape.kind == "export":
            result.matched = lines - 1  # the header
        elif shape.kind == "list" and response.context:
            result.matched = response.context["paginator"].count


@contextmanager
def archive_server(target: Target) -> Iterator[tuple[int, int]]:
    """The archive under gunicorn on a free port, as in production: ``(port, worker pid)``."""
    with archive_servers(target, workers=1) as (port, _, workers):
        yield port, workers[0]


# gunicorn's settings: the archive's, as in production, or none (each worker loads alone).
PRODUCTION = ("-c", str(ROOT / "gunicorn.conf.py"))
PLAIN = ("-c", str(ROOT / "bench" / "gunicorn_plain.conf.py"))


@contextmanager
def archive_servers(
    target: Target, workers: int, options: tuple[str, ...] = PLAIN
) -> Iterator[tuple[int, int, list[int]]]:
    """The archive under gunicorn with ``workers`` sync workers: ``(port, master pid,
    worker pids)``. The facet index is built (or its file found) before it answers."""
    env = {
        **os.environ,
        "DATABASE_URL": target.url,
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", SECRET_KEY),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    env.pop("DJANGO_DEBUG", None)
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"]
    subprocess.run(collect, cwd=ROOT, env=env, check=True)
    port = server.free_port()
    command = [sys.executable, "-m", "gunicorn", "archive.wsgi:application", *options]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "3600"]
    with server.running(command, port, "/cases/", env=env) as process:
        deadline = time.monotonic() + 120
        while len(server.children(process.pid)) < workers and time.monotonic() < deadline:
            time.sleep(0.2)
        yield port, process.pid, server.children(process.pid)


def time_requests(port: int, urls: list[str], warmups: int, budget: float) -> Timing:
    """Times ``urls`` after the first ``warmups``, until ``budget`` seconds have gone."""
    timing = Timing()
    started = time.monotonic()
    for index, url in enumerate(urls):
        response = server.fetch(port, url)
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        if index >= warmups:
            timing.seconds.append(response.seconds)
            if len(timing.seconds) >= MIN_TIMED and time.monotonic() - started > budget:
                break
    return timing


def time_export(port: int, url: str, pid: int) -> dict:
    """Seconds, rows and size of a streamed export, and the serving process's memory."""
    with server.PeakMemory(pid) as memory:
        response = server.fetch(port, url)
    if response.status != 200:
        raise RuntimeError(f"{url} answered {response.status}")
    return {
        "seconds": round(response.seconds, 2),
        "rows": response.lines - 1,
        "mb": round(response.size / 2**20, 1),
        "rss_before_mb": round(memory.start),
        "rss_peak_mb": round(memory.peak),
    }


def check_translations(shapes: list[Shape]) -> None:
    """Exports a flat table and translates every request for Datasette (no server)."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "peer.db"
        peer.export(path)
        translator = peer.Peer(path)
        for shape in shapes:
            for request in shape.requests:
                translator.translate(request)


def run_peer(args, shapes: list[Shape], results: list[Result]) -> None:
    """Step 3: the same requests, asked of Datasette."""
    with tempfile.TemporaryDirectory() as scratch:
        path = args.peer_file or Path(scratch) / "cable_peer.db"
        if not path.exists():
            started = time.perf_counter()
            rows = peer.export(path)
            print(f"exported {rows} cases for Datasette in {time.perf_counter() - started:.0f} s")
        translator = peer.Peer(path)
        port = server.free_port()
        count = args.peer_requests or args.requests
        with peer.serve(path, port) as process:
            print(f"datasette on port {port}, pid {process.pid}", flush=True)
            for shape, result in zip(shapes, results, strict=True):
                urls = [translator.translate(request) for request in shape.requests]
                if shape.kind == "export":
                    result.peer_export = time_export(port, urls[0], process.pid)
                    print(f"  {shape.name}: {result.peer_export}", flush=True)
                    continue
                urls = urls[: args.peer_warmups + count]
                timing = time_requests(port, urls, args.peer_warmups, args.budget)
                result.peer = timing.summary()
                if shape.kind == "list":
                    result.peer_matched = peer_count(port, translator, shape)
                print(f"  {shape.name}: {result.peer}", flush=True)


def peer_count(port: int, translator: peer.Peer, shape: Shape) -> int | None:
    """The number of cases Datasette matches for the shape's first request."""
    response = server.fetch(port, translator.translate(shape.requests[0]), keep_body=True)
    return json.loads(response.body).get("filtered_table_rows_count")


def report(about: dict, results: list[Result]) -> None:
    """The figures as a table: milliseconds, and ours / Datasette at p50 and p95."""
    print()
    for key, value in about.items():
        print(f"{key}: {value}")
    print()
    header = (
        f"{'shape':<19} {'matched':>9} {'(DS)':>9} {'SQL':>4} | {'p50':>7} {'p95':>7} {'max':>7} "
        f"| {'cached':>6} {'p95':>6} | {'DS p50':>7} {'p95':>7} | {'ratio':>5} {'p95':>5}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        if result.kind == "export":
            continue
        ours, cached, theirs = result.ours, result.cached, result.peer
        print(
            f"{result.shape:<19} {count(result.matched):>9} {count(result.peer_matched):>9} "
            f"{count(result.queries):>4} | {ms(ours, 'p50'):>7} {ms(ours, 'p95'):>7} "
            f"{ms(ours, 'max'):>7} | {ms(cached, 'p50'):>6} {ms(cached, 'p95'):>6} | "
            f"{ms(theirs, 'p50'):>7} {ms(theirs, 'p95'):>7} | "
            f"{ratio(ours, theirs, 'p50'):>5} {ratio(ours, theirs, 'p95'):>5}"
        )
    for result in results:
        if result.kind == "export":
            print(
                f"\n{result.shape} ({result.note}): {count(result.matched)} rows, "
                f"{result.queries} SQL queries"
            )
            print(f"  ours      {result.export}")
            if result.peer_export:
                print(f"  Datasette {result.peer_export}")


# The targets at a million cases on PostgreSQL: (what, shapes, figures, p95 at most).
TARGETS = [
    ("list with facets, up to 5 filters, uncached", LIST_SHAPES, "ours", 300),
    ("list with a full-text search, uncached", SEARCH_SHAPES, "ours", 500),
    ("list repeated (cached)", LIST_SHAPES + SEARCH_SHAPES, "cached", 30),
    ("case page and cable page", ("case page", "cable page"), "ours", 30),
]
EXPORT_SECONDS = 10


def acceptance(results: list[Result]) -> None:
    """Each target, the worst p95 of its shapes, and whether it is met."""
    by_shape = {result.shape: result for result in results}
    print("\nthe issue's targets, which apply at 1,000,000 cases on PostgreSQL (p95, ms):")
    for what, shapes, figures, limit in TARGETS:
        found = [getattr(by_shape[name], figures) for name in shapes if name in by_shape]
        worst = max((f["p95"] for f in found if f), default=None)
        if worst is not None:
            print(f"  {what}: {worst:,.0f} <= {limit}: {'yes' if worst <= limit else 'NO'}")
    exports = [result.export for result in results if result.kind == "export" and result.export]
    if exports:
        full = exports[-1]
        met = full["seconds"] < EXPORT_SECONDS
        print(
            f"  CSV export of {full['rows']:,} cases: {full['seconds']} s < {EXPORT_SECONDS} s: "
            f"{'yes' if met else 'NO'}; peak memory {exports[0]['rss_peak_mb']} MB for "
            f"{exports[0]['rows']:,} rows, {full['rss_peak_mb']} MB for {full['rows']:,}"
        )
    compared = [r for r in results if r.shape in LIST_SHAPES + SEARCH_SHAPES and r.peer]
    if compared:
        slower = [r.shape for r in compared if r.ours["p50"] >= r.peer["p50"]]
        print(
            f"  faster than Datasette on every list shape: {'NO: ' if slower else 'yes'}"
            + ", ".join(slower)
        )


if __name__ == "__main__":
    main()
