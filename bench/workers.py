"""The memory of gunicorn's workers: one worker, then several sharing one facet index.

    python bench/workers.py --database cable_bench_1m             # 1 worker, then 4
    python bench/workers.py --database cable_bench_1m --workers 8 --plain

Each configuration serves list and case pages from concurrent clients until every worker
has mapped the machine's facet index file and answered a few dozen requests; then each
process's memory is read from /proc (Linux): resident (RSS, which counts the pages it
shares with other processes in full), proportional (PSS: shared pages divided among the
processes sharing them, so that the PSS of several processes adds up to the memory they
take together) and private. gunicorn runs with gunicorn.conf.py, as in production:
the master loads the application and the facet index before it forks the workers, which
then share its pages (``--plain``: without it, each worker loads its own).

Prints each process's figures, the workers' totals, the issue's target (the workers'
total with several at most 1.5 times that of one) and what each worker past the first
adds, which memory shared by all (the index file) does not hide.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script: bench/...

from bench import databases, server  # noqa: E402
from bench.databases import Target  # noqa: E402
from bench.edits import page_requests  # noqa: E402
from bench.pages import PLAIN, PRODUCTION, archive_servers, open_archive  # noqa: E402
from bench.shapes import sample_cases  # noqa: E402

INDEX_FILE = "facet-index.bin"
MAPPING = re.compile(r"[0-9a-f]+-[0-9a-f]+ ")  # a mapping's first line in smaps
TARGET_RATIO = 1.5


def memory(pid: int) -> dict[str, float]:
    """RSS, PSS, private and shared memory of a process, in MB (smaps_rollup)."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value) / 1024
    return {
        "rss": round(fields["Rss"], 1),
        "pss": round(fields["Pss"], 1),
        "private": round(fields["Private_Clean"] + fields["Private_Dirty"], 1),
        "shared": round(fields["Shared_Clean"] + fields["Shared_Dirty"], 1),
        "index_mapped": round(index_mapped(pid), 1),
    }


def index_mapped(pid: int) -> float:
    """MB of the facet index file resident in this process's mapping of it."""
    total, inside = 0.0, False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        if MAPPING.match(line):
            inside = INDEX_FILE in line
        elif inside and line.startswith("Rss:"):
            total += int(line.split()[1]) / 1024
    return total


def serve(port: int, workers: list[int], requests: list, rounds: int) -> None:
    """Requests from as many clients as workers until each worker maps the index file and
    ``rounds`` requests per worker were answered."""

    def client(offset: int) -> None:
        for number in range(rounds):
            url, _ = requests[(offset * rounds + number) % len(requests)]
            server.fetch(port, url)

    deadline = time.monotonic() + 600
    while True:
        threads = [threading.Thread(target=client, args=(n,)) for n in range(len(workers))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if all(index_mapped(pid) > 0 for pid in workers) or time.monotonic() > deadline:
            return


def measure(target: Target, count: int, plain: bool, requests: list, rounds: int) -> dict:
    options = PLAIN if plain else PRODUCTION
    with archive_servers(target, count, options) as (port, master, workers):
        serve(port, workers, requests, rounds)
        time.sleep(1)
        figures = {pid: memory(pid) for pid in workers}
        master_figures = memory(master)
    total = {key: round(sum(f[key] for f in figures.values()), 1) for key in ("rss", "pss")}
    total["pss_with_master"] = round(total["pss"] + master_figures["pss"], 1)
    print(f"\n{count} worker(s){'' if plain else ' (preloaded)'}: master {master_figures}")
    for pid, found in figures.items():
        print(f"  worker {pid}: {found}")
    print(
        f"  workers' total: RSS {total['rss']} MB, PSS {total['pss']} MB, "
        f"with the master's PSS {total['pss_with_master']} MB",
        flush=True,
    )
    return {"workers": figures, "master": master_figures, "total": total}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    databases.add_target_arguments(parser)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--plain",
        action="store_true",
        help="gunicorn without gunicorn.conf.py (no preloading, each worker loads)",
    )
    parser.add_argument("--rounds", type=int, default=30, help="requests per worker")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)

    target = databases.target_of(args)
    open_archive(target)
    rng = random.Random(16)
    requests = page_requests(sample_cases(300, rng), rng)
    one = measure(target, 1, args.plain, requests, args.rounds)
    several = measure(target, args.workers, args.plain, requests, args.rounds)
    print(f"\n{target}; load {os.getloadavg()[0]:.1f}")
    for key, name in (("pss", "PSS"), ("pss_with_master", "PSS, master included"), ("rss", "RSS")):
        ratio = several["total"][key] / one["total"][key]
        met = "yes" if ratio <= TARGET_RATIO else "NO"
        print(
            f"  {name}: {args.workers} workers {several['total'][key]} MB, one "
            f"{one['total'][key]} MB: {ratio:.2f}x <= {TARGET_RATIO}: {met}"
        )
    # The ratio also falls when the memory all processes share grows (a larger index file
    # counts once in both totals); what each worker past the first adds does not.
    extra = extra_worker(one["total"], several["total"], args.workers)
    print(f"  each worker past the first adds {extra} MB (PSS, master included)")
    if args.json:
        figures = {"one": one, "several": several, "extra_worker_mb": extra}
        args.json.write_text(json.dumps(figures, indent=1))


def extra_worker(one: dict, several: dict, workers: int) -> float:
    """MB that each worker past the first adds to the total (PSS, master included)."""
    added = several["pss_with_master"] - one["pss_with_master"]
    return round(added / max(workers - 1, 1), 1)


if __name__ == "__main__":
    main()
