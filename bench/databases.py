"""Benchmark databases, and the checks that keep the benchmarks away from a real archive.

A benchmark database is a PostgreSQL database (by name) or a SQLite file. ``prepare``
creates it and marks it as synthetic: a comment on the PostgreSQL database, the
application id in the SQLite file's header. An existing database is dropped and built anew only
when it carries that mark and holds no cable that is not synthetic; the archive's own database
(``DATABASE_URL``, or ``db.sqlite3`` when it is unset) is refused whatever it holds.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
MARK = "Cable Case Archive: synthetic benchmark data (bench/generate.py)"
SQLITE_APPLICATION_ID = 0x43434142  # "CCAB"
NOT_BENCHMARKS = {"postgres", "template0", "template1"}


class Refused(Exception):
    """The database must not be written by the benchmarks."""


@dataclass(frozen=True)
class Target:
    """Where a benchmark archive lives: ``vendor`` is "postgresql" or "sqlite"."""

    vendor: str
    name: str  # the PostgreSQL database name, or the SQLite file's absolute path
    server: str = DEFAULT_SERVER

    @classmethod
    def postgres(cls, name: str, server: str = DEFAULT_SERVER) -> Target:
        return cls("postgresql", name, server.rstrip("/"))

    @classmethod
    def sqlite(cls, path: str | Path) -> Target:
        return cls("sqlite", str(Path(path).expanduser().resolve()))

    @property
    def url(self) -> str:
        """The ``DATABASE_URL`` that points the archive at it."""
        if self.vendor == "sqlite":
            return f"sqlite:///{self.name}"
        return f"{self.server}/{self.name}"

    def __str__(self) -> str:
        return self.url


def add_target_arguments(
    parser: argparse.ArgumentParser, *, what: str = "benchmark database"
) -> None:
    """--database NAME (PostgreSQL, on --server) or --sqlite PATH: the archive a script uses."""
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--database", metavar="NAME", help=f"PostgreSQL {what}")
    where.add_argument("--sqlite", metavar="PATH", help=f"SQLite {what}")
    parser.add_argument("--server", default=DEFAULT_SERVER, help="PostgreSQL server")


def target_of(args: argparse.Namespace) -> Target:
    """The archive that ``add_target_arguments``' options name."""
    if args.sqlite:
        return Target.sqlite(args.sqlite)
    return Target.postgres(args.database, args.server)


def archive_databases(environ: dict[str, str] | None = None) -> list[Target]:
    """The archive's own databases: the configured one and the default SQLite file."""
    import dj_database_url

    environ = os.environ if environ is None else environ
    targets = [Target.sqlite(ROOT / "db.sqlite3")]
    if environ.get("DATABASE_URL"):
        config = dj_database_url.parse(environ["DATABASE_URL"])
        if "sqlite" in config["ENGINE"] and config["NAME"] != ":memory:":
            targets.append(Target.sqlite(config["NAME"]))
        elif "postgresql" in config["ENGINE"]:
            targets.append(Target.postgres(config["NAME"]))
    return targets


def check_not_archive(target: Target, environ: dict[str, str] | None = None) -> None:
    """Refuse the archive's own database (a PostgreSQL one by name, whatever its host)."""
    if target.vendor == "postgresql" and target.name in NOT_BENCHMARKS:
        raise Refused(f"{target.name} is not a database for benchmarks")
    for archive in archive_databases(environ):
        if archive.vendor == target.vendor and archive.name == target.name:
            raise Refused(f"{target} is the archive's own database")


@dataclass(frozen=True)
class State:
    exists: bool
    marked: bool = False  # made by bench/generate.py
    real_cables: int = 0  # cables not marked synthetic


def inspect(target: Target) -> State:
    return _inspect_postgres(target) if target.vendor == "postgresql" else _inspect_sqlite(target)


def check(target: Target) -> State:
    """Raises ``Refused`` unless ``target`` may be (re)built as a benchmark database."""
    check_not_archive(target)
    state = inspect(target)
    if state.real_cables:
        raise Refused(f"{target} holds {state.real_cables} cables that are not synthetic")
    if state.exists and not state.marked:
        raise Refused(f"{target} exists and was not made by bench/generate.py")
    return state


def prepare(target: Target) -> None:
    """An empty database, marked synthetic: created, or dropped and created again if it is
    a previous benchmark database. Raises ``Refused`` for anything else."""
    state = check(target)
    if target.vendor == "postgresql":
        _recreate_postgres(target, drop=state.exists)
    else:
        Path(target.name).unlink(missing_ok=True)
        Path(target.name).parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(target.name) as connection:
            connection.execute(f"PRAGMA application_id = {SQLITE_APPLICATION_ID}")
        connection.close()


def _connect_postgres(target: Target, database: str):
    import psycopg

    return psycopg.connect(f"{target.server}/{database}", autocommit=True)


def _inspect_postgres(target: Target) -> State:
    with _connect_postgres(target, "postgres") as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [target.name],
        ).fetchone()
    if row is None:
        return State(exists=False)
    with _connect_postgres(target, target.name) as connection:
        real = 0
        if connection.execute("SELECT to_regclass('cases_cable')").fetchone()[0]:
            synthetic = connection.execute(
                "SELECT count(*) FROM information_schema.columns "
                "WHERE table_name = 'cases_cable' AND column_name = 'synthetic'"
            ).fetchone()[0]
            where = "WHERE NOT synthetic" if synthetic else ""
            real = connection.execute(f"SELECT count(*) FROM cases_cable {where}").fetchone()[0]
    return State(exists=True, marked=row[0] == MARK, real_cables=real)


def _recreate_postgres(target: Target, drop: bool) -> None:
    from psycopg import sql

    name = sql.Identifier(target.name)
    with _connect_postgres(target, "postgres") as admin:
        if drop:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
        admin.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(name, sql.Literal(MARK)))


def _inspect_sqlite(target: Target) -> State:
    path = Path(target.name)
    if not path.exists():
        return State(exists=False)
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        marked = connection.execute("PRAGMA application_id").fetchone()[0] == SQLITE_APPLICATION_ID
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {name for (name,) in tables}
        real = 0
        if "cases_cable" in tables:
            columns = {row[1] for row in connection.execute("PRAGMA table_info(cases_cable)")}
            where = "WHERE NOT synthetic" if "synthetic" in columns else ""
            real = connection.execute(f"SELECT count(*) FROM cases_cable {where}").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise Refused(f"{target} is not a SQLite database ({error})") from error
    finally:
        connection.close()
    return State(exists=True, marked=marked, real_cables=real)
