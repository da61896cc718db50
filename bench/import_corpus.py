"""Import speed on real cables: the shared corpus, imported into a scratch database.

    python bench/import_corpus.py --postgres --repeat 10     # bulk mode, one worker per core
    python bench/import_corpus.py --postgres --plain         # one cable at a time
    python bench/import_corpus.py --repeat 3 --jobs 1        # SQLite, one worker
    python bench/import_corpus.py --postgres --database cable_bench_mine  # nobody else's

The corpus is copied into a scratch folder as many times as ``--repeat`` says; each copy
after the first has every reference id renamed (08ASTANA1246 -> 08ASTANA1246R1), so that
every cable is really read, parsed, extracted and written. Then the import is timed from
the file names to the last commit, as ``import_cables`` runs it: reading the files,
parsing, extraction and writing included. The real archive database is never touched:
the script creates its own database (``--database``) and drops it at the end. Prints
cables per second, and the time spent loading the vocabularies (the gazetteer) before
the first cable.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
PG_DATABASE = "cable_archive_bench_import"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", action="store_true", help="benchmark PostgreSQL")
    parser.add_argument("--repeat", type=int, default=1, help="import the corpus N times")
    parser.add_argument("--plain", action="store_true", help="one cable at a time, no bulk mode")
    parser.add_argument("--jobs", type=int, default=None, help="bulk mode workers (default: cores)")
    parser.add_argument("--batch-size", type=int, default=None, help="bulk mode batch size")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--database",
        default=PG_DATABASE,
        help=f"the scratch PostgreSQL database, dropped before and after (default {PG_DATABASE})",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "cables"
        total = copy_corpus(args.corpus, folder, args.repeat)
        if args.postgres:
            subprocess.run(
                ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", args.database],
                check=True,
            )
            subprocess.run(
                ["createdb", "-h", "127.0.0.1", "-U", "postgres", args.database], check=True
            )
            os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.database}"
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
        try:
            run(folder, total, args)
        finally:
            if args.postgres:
                from django.db import connections

                connections.close_all()
                subprocess.run(
                    ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", args.database],
                    check=True,
                )


def copy_corpus(corpus: Path, folder: Path, repeat: int) -> int:
    """Copies of the corpus's pages and dump, renamed after the first; the cable count."""
    pages = sorted((corpus / "cables").glob("*.html"))
    dump = corpus / "cables_sample.csv"
    with dump.open(encoding="utf-8", newline="") as stream:
        dump_ids = [row[2] for row in csv.reader(stream, escapechar="\\", doublequote=False)]
    for round_number in range(repeat):
        target = folder / f"copy{round_number}"
        target.mkdir(parents=True)
        suffix = f"R{round_number}" if round_number else ""
        for page in pages:
            text = page.read_text(encoding="utf-8")
            if suffix:
                text = re.sub(rf"\b{re.escape(page.stem)}\b", page.stem + suffix, text)
            (target / f"{page.stem}{suffix}.html").write_text(text, encoding="utf-8")
        text = dump.read_text(encoding="utf-8")
        if suffix:
            for reference_id in dump_ids:
                text = text.replace(f'"{reference_id}"', f'"{reference_id}{suffix}"')
        (target / dump.name).write_text(text, encoding="utf-8")
    return (len(pages) + len(dump_ids)) * repeat


def run(folder: Path, total: int, args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault(
        "DJANGO_SECRET_KEY", "benchmark-only-not-a-secret-benchmark-only-not-a-secret"
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cases.extraction.gazetteer import gazetteer
    from cases.ingest.bulk_import import DEFAULT_BATCH_SIZE, import_paths_bulk
    from cases.ingest.importer import import_paths
    from cases.models import Case

    call_command("migrate", verbosity=0)
    mode = "one cable at a time" if args.plain else f"bulk mode, jobs {args.jobs or 'per core'}"
    print(f"{connection.vendor}: {total} cables in {folder}, {mode}")

    started = time.perf_counter()
    gazetteer()  # what the first cable would load; timed apart, it is paid once per run
    loaded = time.perf_counter()
    if args.plain:
        report = import_paths([folder])
    else:
        batch_size = args.batch_size or DEFAULT_BATCH_SIZE
        report = import_paths_bulk([folder], jobs=args.jobs, batch_size=batch_size)
    finished = time.perf_counter()

    imported = len(report.results)
    whole, work = finished - started, finished - loaded
    print(f"vocabularies loaded in {loaded - started:.1f} s")
    print(
        f"imported {imported} cables in {whole:.1f} s: {imported / whole:.0f} cables/s "
        f"({imported / work:.0f} cables/s after loading the vocabularies)"
    )
    print(f"statuses: {report.summary()}; cases stored: {Case.objects.count()}")
    if report.failures:
        print("failures:", *(f"  {r.source}: {r.reason}" for r in report.failures), sep="\n")


if __name__ == "__main__":
    main()
