"""Build a synthetic archive of a given size into a database of its own, for the benchmarks.

    python bench/generate.py --cases 10000 --database cable_bench_10k          # PostgreSQL
    python bench/generate.py --cases 1000000 --database cable_bench_1m         # 250k cables
    python bench/generate.py --cases 10000 --sqlite /tmp/cable_bench_10k.sqlite3

The database is created (or, if it is a previous benchmark database, dropped and created
again), migrated, and filled with the cables, paragraphs and cases of ``bench/synthetic.py``:
PostgreSQL through COPY, SQLite through large batched inserts, in both cases with the
secondary indexes dropped during the load and built again after it. On PostgreSQL the cases'
search vectors are computed by the archive's own ``cases.search_index.index_cases``. Every cable
is marked ``synthetic``. The script refuses the archive's own database and any database
holding cables that are not synthetic. It prints the time of each step.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script: bench/...

from bench import databases  # noqa: E402
from bench.databases import Target  # noqa: E402
from bench.synthetic import Archive  # noqa: E402
from cases.rows import write_rows  # noqa: E402

# A benchmark database can be built again: no journal, no waiting for the disk.
SQLITE_BULK_LOAD = (
    "foreign_keys = OFF",  # checked once at the end
    "journal_mode = OFF",
    "synchronous = OFF",
    "cache_size = -262144",
    "temp_store = MEMORY",
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, required=True, help="number of cases")
    parser.add_argument("--cables", type=int, help="number of cables (default: cases / 4)")
    databases.add_target_arguments(parser, what="database to build")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    target = databases.target_of(args)
    try:
        generate(target, args.cases, args.cables, args.seed)
    except databases.Refused as refusal:
        sys.exit(f"refused: {refusal}")


class Timer:
    """Prints how long each step takes, and the total."""

    def __init__(self):
        self.started = time.perf_counter()

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        print(f"{name} ...", end=" ", flush=True)
        started = time.perf_counter()
        yield
        print(f"{time.perf_counter() - started:.1f} s", flush=True)

    def total(self) -> float:
        return time.perf_counter() - self.started


def setup_django(target: Target) -> None:
    """Point the archive at ``target``, whatever DATABASE_URL says, and start Django."""
    os.environ["DATABASE_URL"] = target.url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault(
        "DJANGO_SECRET_KEY", "benchmark-only-not-a-secret-benchmark-only-not-a-secret"
    )
    import django

    django.setup()


def generate(target: Target, cases: int, cables: int | None = None, seed: int = 1) -> None:
    timer = Timer()
    databases.check(target)  # before anything is written, or Django reads DATABASE_URL
    with timer.step(f"create {target}"):
        databases.prepare(target)
    setup_django(target)
    from django.core.management import call_command
    from django.db import connection

    with timer.step("migrate"):
        call_command("migrate", verbosity=0)
    archive = Archive(cases=cases, cables=cables, seed=seed)
    loader = Loader(connection)
    print(f"{cases} cases in {archive.cable_count} cables, seed {seed}")
    with loader.without_secondary_indexes(timer):
        with timer.step("vocabularies"):
            load_vocabularies(loader, archive)
        with timer.step("cables, paragraphs and cases"):
            load_cables(loader, archive)
        with timer.step("search index"):
            index_all_cases(archive.cable_count)
    with timer.step("check, sequences, analyze"):
        loader.finish()
    print(f"total {timer.total():.1f} s; {loader.size()}")


def load_vocabularies(loader: Loader, archive: Archive) -> None:
    from cases.models import Country, Outlet, Place, Tag

    loader.write(Country, archive.countries)
    loader.write(Place, archive.places)
    loader.write(Outlet, archive.outlets)
    loader.write(Tag, archive.tags)


def load_cables(loader: Loader, archive: Archive) -> None:
    from cases.models import Cable, CableTag, Case, Paragraph

    tables = [
        (Cable, "cables"),
        (CableTag, "cable_tags"),
        (Paragraph, "paragraphs"),
        (Case, "cases"),
        (Case.countries.through, "case_countries"),
        (Case.places.through, "case_places"),
    ]
    written = 0
    for batch in archive.batches():
        with loader.transaction():
            for model, name in tables:
                loader.write(model, getattr(batch, name))
        written += len(batch.cases)
        if sys.stdout.isatty():
            print(f"{written:>10} cases", end="\b" * 16, flush=True)


def index_all_cases(cable_count: int) -> None:
    """The archive's own indexing, for every cable at once (PostgreSQL's vectors, SQLite's
    FTS5 table); then PostgreSQL's table is rewritten, since updating every row has left it
    twice its size."""
    from django.db import connection

    from cases.models import Case
    from cases.search_index import index_cases

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner knows nothing yet of the tables just loaded
        index_cases(range(1, cable_count + 1))
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM FULL {Case._meta.db_table}")


class Loader:
    """Writes rows into the tables of the archive's models, as fast as each database allows.

    Rows are dicts keyed by field attribute names; fields they leave out take their model
    default, so that a field added to a model later does not break the benchmarks.
    """

    def __init__(self, connection):
        self.connection = connection
        self.vendor = connection.vendor
        connection.ensure_connection()
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute("SET maintenance_work_mem = '1GB'")
            else:
                for pragma in SQLITE_BULK_LOAD:
                    cursor.execute(f"PRAGMA {pragma}")

    def transaction(self):
        from django.db import transaction

        return transaction.atomic(using=self.connection.alias)

    def write(self, model, rows: list[dict]) -> None:
        write_rows(self.connection, model, rows)

    @contextmanager
    def without_secondary_indexes(self, timer: Timer) -> Iterator[None]:
        """Drops the indexes that no constraint needs, and builds them again afterwards:
        loading first and indexing after is several times faster than both at once."""
        from django.apps import apps

        tables = [model._meta.db_table for model in apps.get_app_config("cases").get_models()]
        tables += [f.remote_field.through._meta.db_table for f in _many_to_many()]
        indexes = self._secondary_indexes(tables)
        with self.connection.cursor() as cursor:
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {self.connection.ops.quote_name(name)}")
        yield
        with timer.step(f"{len(indexes)} indexes"), self.connection.cursor() as cursor:
            for _, definition in indexes:
                cursor.execute(definition)

    def _secondary_indexes(self, tables: list[str]) -> list[tuple[str, str]]:
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    """
                    SELECT c.relname, pg_get_indexdef(i.indexrelid)
                    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                    WHERE i.indrelid IN (SELECT oid FROM pg_class WHERE relname = ANY(%s))
                    AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)
                    """,
                    [tables],
                )
            else:
                marks = ", ".join("%s" for _ in tables)
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    f"AND sql IS NOT NULL AND tbl_name IN ({marks})",
                    tables,
                )
            return cursor.fetchall()

    def finish(self) -> None:
        """Checks the foreign keys SQLite did not check while loading, moves the sequences
        past the ids written, and gathers the planner's statistics."""
        from django.apps import apps
        from django.core.management.color import no_style

        models = [*apps.get_app_config("cases").get_models()]
        models += [f.remote_field.through for f in _many_to_many()]
        with self.connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("PRAGMA foreign_key_check")
                broken = cursor.fetchall()
                if broken:
                    raise RuntimeError(f"broken foreign keys, e.g. {broken[:3]}")
                cursor.execute("ANALYZE")
            else:
                for statement in self.connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
                cursor.execute("VACUUM (ANALYZE)")

    def size(self) -> str:
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
                return f"database size {cursor.fetchone()[0]}"
        return f"file size {os.path.getsize(self.connection.settings_dict['NAME']) >> 20} MB"


def _many_to_many():
    from cases.models import Case

    return [Case._meta.get_field("countries"), Case._meta.get_field("places")]


if __name__ == "__main__":
    main()
