"""The peer: the same cases in one flat SQLite table, served by Datasette.

    python bench/peer.py --database cable_bench_100k /tmp/cable_peer_100k.db
    python bench/peer.py --sqlite /tmp/cable_bench_10k.sqlite3 /tmp/cable_peer_10k.db

``export`` writes one row per published case into the table ``cases``: its fields, its
cable's origin, classification and tags, its paragraph's text, and the many-valued fields
(countries, places, tags, ...) as JSON arrays, with values written as the archive's query
string writes them (codes and slugs). A table ``cables`` holds each cable and its paragraphs.
It is published the way one would publish it with Datasette: an FTS5 index on the summary
and the text, and an index on every single-valued column that is filtered or sorted on.

``translate`` turns a request of ``bench/shapes.py`` into the Datasette request that asks
for the same: the same filters (``column__exact``, ``column__arraycontains``), the same
thirteen facets (``_facet``, ``_facet_array``), the same order, page size and page
(``_next``); exports keep the table's own order. ``serve`` runs Datasette with its time
limits lifted, so that it computes every facet however long it takes, as the archive does.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script: bench/...

from bench.shapes import EXPORT_PATH, LIST_PATH, Request  # noqa: E402

COLUMNS = """
id cable paragraph reported_on year month outlet category countries places exploitation
sector exploitation_type means_of_control minor victim_count_min victim_count_max victim_sex
ages outcome max_sentence_years amounts_usd summary origin classification tags text key
""".split()
INDEXED = """
reported_on year month outlet category exploitation sector outcome minor origin classification
""".split()
# The archive's facet filters and the column each is in; many-valued ones are JSON arrays.
SINGLE = {name: name for name in INDEXED if name != "reported_on"}
ARRAYS = {"country": "countries", "place": "places", "tag": "tags"}
FACETS = [("_facet", column) for column in SINGLE.values()] + [
    ("_facet_array", column) for column in ARRAYS.values()
]
PAGE_SIZE = 25
SETTINGS = {  # no time limit: every facet is computed, as the archive computes them all
    "sql_time_limit_ms": 3_600_000,
    "facet_time_limit_ms": 3_600_000,
    "suggest_facets": "off",
    "max_csv_mb": 0,
    "default_page_size": PAGE_SIZE,
}


def main(argv: list[str] | None = None) -> None:
    import argparse

    from bench.databases import DEFAULT_SERVER, Target
    from bench.generate import setup_django

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--database", metavar="NAME", help="PostgreSQL benchmark database")
    where.add_argument("--sqlite", metavar="PATH", help="SQLite benchmark database")
    parser.add_argument("--server", default=DEFAULT_SERVER)
    parser.add_argument("output", type=Path, help="the flat SQLite file to write")
    args = parser.parse_args(argv)
    target = Target.sqlite(args.sqlite) if args.sqlite else Target.postgres(args.database)
    setup_django(target)
    started = time.perf_counter()
    rows = export(args.output)
    print(f"{rows} cases exported to {args.output} in {time.perf_counter() - started:.1f} s")


def _case_query(vendor: str) -> str:
    from cases.models import Cable, CableTag, Case, Outlet, Paragraph, Place, Tag

    def array(expression: str, source: str) -> str:
        if vendor == "sqlite":
            return f"(SELECT json_group_array({expression}) FROM {source})"
        return f"(SELECT coalesce(json_agg({expression}), '[]')::text FROM {source})"

    countries = array(
        "x.country_id", f"{Case.countries.through._meta.db_table} x WHERE x.case_id = c.id"
    )
    places = array(
        "pl.slug",
        f"{Case.places.through._meta.db_table} x JOIN {Place._meta.db_table} pl "
        "ON pl.id = x.place_id WHERE x.case_id = c.id",
    )
    tags = array(
        "t.code",
        f"{CableTag._meta.db_table} ct JOIN {Tag._meta.db_table} t ON t.id = ct.tag_id "
        "WHERE ct.cable_id = c.cable_id",
    )
    as_text = "" if vendor == "sqlite" else "::text"
    return f"""
        SELECT c.id, cb.reference_id, p.anchor, c.reported_on, o.slug, c.category,
            {countries}, {places},
            c.exploitation, c.sector, c.exploitation_type, c.means_of_control{as_text},
            CASE WHEN c.minor IS NULL THEN 'unknown' WHEN c.minor THEN 'true' ELSE 'false' END,
            c.victim_count_min, c.victim_count_max, c.victim_sex, c.ages{as_text}, c.outcome,
            c.max_sentence_years, c.amounts_usd{as_text}, c.summary, cb.origin_name,
            cb.classification, {tags}, p.text, c.key
        FROM {Case._meta.db_table} c
        JOIN {Cable._meta.db_table} cb ON cb.id = c.cable_id
        JOIN {Paragraph._meta.db_table} p ON p.id = c.paragraph_id
        LEFT JOIN {Outlet._meta.db_table} o ON o.id = c.outlet_id
        WHERE c.is_published
        ORDER BY c.id
    """


def _cable_query(vendor: str) -> str:
    from cases.models import Cable, CableTag, Paragraph, Tag

    def array(expression: str, order: str) -> str:
        if vendor == "sqlite":  # in the order of the rows
            return f"json_group_array({expression})"
        return f"json_agg({expression} ORDER BY {order})::text"

    return f"""
        SELECT cb.reference_id, cb.sent_at, cb.origin_name, cb.classification, cb.subject,
            (SELECT {array("t.code", "ct.position")} FROM {CableTag._meta.db_table} ct
             JOIN {Tag._meta.db_table} t ON t.id = ct.tag_id WHERE ct.cable_id = cb.id),
            (SELECT {array("p.text", "p.ordinal")} FROM {Paragraph._meta.db_table} p
             WHERE p.cable_id = cb.id)
        FROM {Cable._meta.db_table} cb ORDER BY cb.id
    """


def _rows(query: str, size: int = 5000) -> Iterator[tuple]:
    from django.db import connection, transaction

    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(query)
        while chunk := cursor.fetchmany(size):
            yield from chunk


def _declared(columns: list[str]) -> list[str]:
    numbers = {"victim_count_min": "INTEGER", "victim_count_max": "INTEGER"}
    numbers["max_sentence_years"] = "REAL"
    return [f"{column} {numbers.get(column, 'TEXT')}" for column in columns]


def _case_row(row: tuple) -> tuple:
    row = list(row)
    reported = row[3]
    dates = [str(reported), f"{reported:%Y}", f"{reported:%Y-%m}"] if reported else [None] * 3
    row[3:4] = dates
    sentence = COLUMNS.index("max_sentence_years")
    row[sentence] = float(row[sentence]) if row[sentence] is not None else None
    return tuple(row)


def export(path: Path) -> int:
    """Writes the published cases of the benchmark database (Django's default) to ``path``."""
    from django.db import connection

    path.unlink(missing_ok=True)
    flat = sqlite3.connect(path)
    flat.executescript(
        f"""
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        CREATE TABLE cases (id INTEGER PRIMARY KEY, {", ".join(_declared(COLUMNS[1:]))});
        CREATE TABLE cables (reference_id TEXT PRIMARY KEY, sent_at TEXT, origin TEXT,
            classification TEXT, subject TEXT, tags TEXT, paragraphs TEXT);
        """
    )
    marks = ", ".join("?" * len(COLUMNS))
    flat.executemany(
        f"INSERT INTO cases VALUES ({marks})", map(_case_row, _rows(_case_query(connection.vendor)))
    )
    flat.executemany(
        "INSERT INTO cables VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((ref, str(sent), *rest) for ref, sent, *rest in _rows(_cable_query(connection.vendor))),
    )
    flat.executescript(
        """
        CREATE VIRTUAL TABLE cases_fts USING fts5(summary, text, content="cases",
            content_rowid="id", tokenize="porter");
        INSERT INTO cases_fts (cases_fts) VALUES ('rebuild');
        """
        + "".join(f"CREATE INDEX cases_{c} ON cases ({c});" for c in INDEXED)
        + "CREATE UNIQUE INDEX cases_key ON cases (key);"
        + "ANALYZE;"
    )
    flat.commit()
    count = flat.execute("SELECT count(*) FROM cases").fetchone()[0]
    flat.close()
    return count


class Peer:
    """Datasette's requests for the flat export at ``path``."""

    def __init__(self, path: Path):
        self.path = path
        self.name = path.stem  # Datasette's name for the database

    def translate(self, request: Request) -> str:
        base = f"/{self.name}"
        if request.path == LIST_PATH:
            return f"{base}/cases.json?{urlencode(self._list_params(request))}"
        if request.path == EXPORT_PATH:
            # In the table's own order: sorted, Datasette pages through the rows by keyset
            # with an OR that no index serves, which takes minutes at 100,000 rows.
            params = [*self._filters(request), ("_stream", "on")]
            return f"{base}/cases.csv?{urlencode(params)}"
        kind, key = request.path.strip("/").split("/")
        if kind == "cases" and not key.isdigit():  # a case's key: its row by its id
            with sqlite3.connect(self.path) as flat:
                row = flat.execute("SELECT id FROM cases WHERE key = ?", [key]).fetchone()
            flat.close()
            key = str(row[0]) if row else key
        return f"{base}/{kind}/{key}.json"

    def _list_params(self, request: Request) -> list[tuple[str, str]]:
        params = [*self._filters(request), *FACETS, ("_size", str(PAGE_SIZE))]
        params.append(("_sort_desc", "reported_on"))
        page = int(dict(request.params).get("page", 1))
        if page > 1:
            params.append(("_next", self._next_token(request, page)))
        return params

    def _filters(self, request: Request) -> list[tuple[str, str]]:
        params = []
        for name, value in request.params:
            if name in SINGLE:
                params.append((f"{SINGLE[name]}__exact", value))
            elif name in ARRAYS:
                params.append((f"{ARRAYS[name]}__arraycontains", value))
            elif name == "q":
                params.append(("_search", value))
            elif name == "from":
                params.append(("reported_on__gte", value))
            elif name != "page":
                raise ValueError(f"no Datasette equivalent for {name}")
        return params

    def _next_token(self, request: Request, page: int) -> str:
        """Datasette pages by keyset: the sort value and key of the row before the page."""
        if any(name != "page" for name, _ in request.params):
            raise ValueError("deep pages are translated without filters only")
        with sqlite3.connect(self.path) as flat:
            row = flat.execute(
                "SELECT reported_on, id FROM cases ORDER BY reported_on DESC, id LIMIT 1 OFFSET ?",
                [(page - 1) * PAGE_SIZE - 1],
            ).fetchone()
        return f"{row[0]},{row[1]}"


@contextmanager
def serve(path: Path, port: int) -> Iterator[subprocess.Popen]:
    """Datasette serving ``path`` (immutable) on 127.0.0.1:``port``, until the block ends."""
    from bench.server import running

    command = [sys.executable, "-m", "datasette", "serve", "-i", str(path)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    for name, value in SETTINGS.items():
        command += ["--setting", name, str(value)]
    with running(command, port, f"/{path.stem}.json") as process:
        yield process


if __name__ == "__main__":
    main()
