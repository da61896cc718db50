"""Export speed: cases per second of the CSV and the JSON exports, through gunicorn.

    python bench/exports.py --database cable_bench_100k          # PostgreSQL
    python bench/exports.py --sqlite /tmp/cable_bench_100k.sqlite3 --repeat 3

The archive runs under gunicorn as in production (one sync worker, DEBUG off, static files
collected, the web process's statement timeout); each export of every published case is
fetched ``--repeat`` times from 127.0.0.1, CSV and JSON in turn (so that whatever else
the machine does weighs on both alike), and read to its last byte. Prints, per format, the
cases exported, the bytes, the time and cases per second of the median run, and the
worker's CPU seconds for it (which other work on the machine does not inflate; the
database's share is the same query for both).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script: bench/...

from bench import server  # noqa: E402
from bench.databases import Target  # noqa: E402
from bench.pages import archive_server  # noqa: E402

EXPORTS = {"CSV": "/cases.csv", "JSON": "/cases/export.json"}
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def count_cases(kind: str, body: bytes) -> int:
    if kind == "CSV":
        return sum(1 for _ in csv.reader(io.StringIO(body.decode(), newline=""))) - 1
    return len(json.loads(body))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--database", metavar="NAME", help="PostgreSQL database")
    where.add_argument("--sqlite", metavar="PATH", help="SQLite file")
    parser.add_argument("--repeat", type=int, default=3, help="fetches of each export")
    args = parser.parse_args(argv)
    target = Target.postgres(args.database) if args.database else Target.sqlite(args.sqlite)

    with archive_server(target) as (port, worker):
        print(f"{target}: each export of every published case, {args.repeat} times")
        print(
            f"{'export':8} {'cases':>9} {'MB':>8} {'s (median)':>11} {'cases/s':>9} "
            f"{'worker CPU s':>13} {'cases/CPU s':>12}"
        )
        runs = {kind: [] for kind in EXPORTS}
        cpu = {kind: [] for kind in EXPORTS}
        for _ in range(args.repeat):
            for kind, url in EXPORTS.items():
                before = cpu_seconds(worker)
                response = server.fetch(port, url, keep_body=True)
                cpu[kind].append(cpu_seconds(worker) - before)
                if response.status != 200:
                    raise SystemExit(f"{url} answered {response.status}")
                runs[kind].append(response)
        for kind, done in runs.items():
            seconds = statistics.median(run.seconds for run in done)
            used = statistics.median(cpu[kind])
            cases = count_cases(kind, done[0].body)
            print(
                f"{kind:8} {cases:>9,} {done[0].size / 1e6:>8.1f} {seconds:>11.2f} "
                f"{cases / seconds:>9,.0f} {used:>13.2f} {cases / used:>12,.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
