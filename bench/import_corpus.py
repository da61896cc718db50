"""Import speed on real cables: the shared corpus, imported into a scratch database.

    python bench/import_corpus.py                       # SQLite, in a temporary file
    python bench/import_corpus.py --postgres            # PostgreSQL at 127.0.0.1
    python bench/import_corpus.py --repeat 3            # import the corpus three times over

Each repetition after the first imports the same cables under new reference ids (the
text is changed accordingly), so that every cable is really parsed, extracted and
written. The real archive database is never touched: the script creates its own
database and drops it at the end. Prints cables per second.
"""

from __future__ import annotations

import argparse
import os
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
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        if args.postgres:
            subprocess.run(
                ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", PG_DATABASE],
                check=True,
            )
            subprocess.run(
                ["createdb", "-h", "127.0.0.1", "-U", "postgres", PG_DATABASE], check=True
            )
            os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
        try:
            run(args.corpus, args.repeat)
        finally:
            if args.postgres:
                from django.db import connections

                connections.close_all()
                subprocess.run(
                    ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", PG_DATABASE],
                    check=True,
                )


def run(corpus: Path, repeat: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cases.importer import import_source
    from cases.models import Case
    from cases.parsing import SourceHints
    from cases.sources import read_cables

    call_command("migrate", verbosity=0)
    files = sorted((corpus / "cables").glob("*.html")) + [corpus / "cables_sample.csv"]
    sources = [
        item for path in files for item in read_cables(path) if not isinstance(item, Exception)
    ]
    print(f"{connection.vendor}: {len(sources)} cables read from {len(files)} files")

    statuses: dict[str, int] = {}
    started = time.perf_counter()
    for round_number in range(repeat):
        for index, source in enumerate(sources):
            hints = source.hints
            text = source.text
            if round_number:
                # A new reference id per round, so that nothing is "unchanged".
                hints = SourceHints(
                    reference_id=f"{hints.reference_id}R{round_number}",
                    created=hints.created,
                    origin_name=hints.origin_name,
                    classification=hints.classification,
                )
            result = import_source(source.__class__(text, hints, source.position), f"bench {index}")
            statuses[result.status] = statuses.get(result.status, 0) + 1
    elapsed = time.perf_counter() - started
    total = len(sources) * repeat
    print(f"imported {total} cables in {elapsed:.1f} s: {total / elapsed:.0f} cables/s")
    print(f"statuses: {statuses}; cases stored: {Case.objects.count()}")


if __name__ == "__main__":
    main()
