"""The database failing under a real server: answered, never waited for, and recovered from.

gunicorn (the repository's gunicorn.conf.py, one sync worker, DEBUG off, the static files
collected) serves the archive from the test database through a TCP proxy of this module,
which can forward, refuse connections, or accept them and never answer. Other faults are
made in the database itself: a lock that holds every query up, and the server's
connections terminated. Nothing stops the PostgreSQL server, which others share.

PostgreSQL only: SQLite has no connections to lose (these tests are skipped on it).
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from bench.server import free_port, running

ROOT = Path(__file__).resolve().parent.parent
STATEMENT_TIMEOUT_MS = 1500
CONNECT_TIMEOUT = 2
APPLICATION = "cable-fault-test"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="database faults are PostgreSQL's"
    ),
]


class Proxy:
    """127.0.0.1:port -> the database server, with a switch: ``forward``, ``refuse``
    (the connections it carries are cut, and nothing listens: the database is down) or
    ``hang`` (connections accepted, nothing ever answered)."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream, self.port = upstream, free_port()
        self.mode = "forward"
        self.listener: socket.socket | None = None
        self.held: list[socket.socket] = []
        self.listen()

    def listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def set(self, mode: str) -> None:
        if mode == "refuse" and self.listener is not None:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread (Linux)
            self.listener.close()
            self.listener = None
            for carried in self.held:
                try:
                    carried.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        elif mode != "refuse" and self.listener is None:
            self.listen()
        self.mode = mode

    def close(self) -> None:
        self.set("refuse")
        for held in self.held:
            held.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed
            if self.mode == "hang":
                self.held.append(client)  # read nothing, answer nothing
                continue
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            self.held += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def get(port: int, path: str, timeout: float = 60) -> tuple[int, dict, bytes, float]:
    """Status, headers, body and seconds of one GET on a new connection."""
    started = time.monotonic()
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        client.request("GET", path)
        response = client.getresponse()
        return (
            response.status,
            dict(response.getheaders()),
            response.read(),
            time.monotonic() - started,
        )
    finally:
        client.close()


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    """The static files collected, as production serves them (the 503 page has styles)."""
    root = tmp_path_factory.mktemp("static")
    env = {**os.environ, "DJANGO_STATIC_ROOT": str(root), "DJANGO_SECRET_KEY": "x" * 50}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    return root


@pytest.fixture
def proxy():
    settings = connection.settings_dict
    found = Proxy((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    yield found
    found.close()


@pytest.fixture
def server(proxy, static_root, db):
    """gunicorn on the test database through ``proxy``, as production runs it."""
    settings = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{settings['USER']}@127.0.0.1:{proxy.port}/{settings['NAME']}"
            f"?application_name={APPLICATION}"
        ),
        "DJANGO_SECRET_KEY": "fault-test-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DATABASE_STATEMENT_TIMEOUT_MS": str(STATEMENT_TIMEOUT_MS),
        "DATABASE_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }
    env.pop("PYTEST_VERSION", None)  # as production: a short key would be refused
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "archive.wsgi",
    ]
    with running(command, port, "/robots.txt", env=env, timeout=60):
        yield port
    with psycopg.connect(admin_url(), autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            [APPLICATION],
        )


def admin_url() -> str:
    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{settings['USER']}@{host}:{port}/{settings['NAME']}"


def test_an_unreachable_database_gets_the_503_page_and_the_site_recovers(server, proxy):
    """With nothing listening where the database should be, pages, exports and the health
    check answer 503 with Retry-After, pages with the archive's own styled page; once the
    database is back, the same server answers 200 without a restart."""
    assert get(server, "/cases/")[0] == 200
    proxy.set("refuse")
    status, headers, body, _ = get(server, "/cases/")
    assert status == 503 and headers["Retry-After"].isdigit()
    assert b"temporarily unavailable" in body and b'href="/static/css/archive' in body
    assert "Content-Security-Policy" in headers
    status, headers, body, _ = get(server, "/cases.csv")
    assert status == 503 and b"id,key" not in body  # not a 200 with a header row
    status, headers, body, _ = get(server, "/healthz")
    assert status == 503 and b'"database": "unreachable"' in body

    proxy.set("forward")
    assert get(server, "/cases/")[0] == 200
    status, _, body, _ = get(server, "/healthz")
    assert status == 200 and b'"database": "ok"' in body


def test_a_hung_database_is_given_up_within_the_connect_timeout(server, proxy):
    """A database that accepts connections and never answers holds a page up for the
    connect timeout, not for gunicorn's 30 s."""
    proxy.set("hang")
    status, _, body, seconds = get(server, "/cables/")
    assert status == 503 and b"temporarily unavailable" in body
    assert seconds < CONNECT_TIMEOUT + 2


def test_a_query_held_up_in_the_database_is_stopped_by_the_statement_timeout(server):
    """A query waiting on a lock (or a sick server) is cancelled at the statement timeout
    and answered 503; the next request, the lock gone, is a 200."""
    assert get(server, "/cases/")[0] == 200
    with psycopg.connect(admin_url()) as blocker:
        blocker.execute("LOCK TABLE cases_archivestate IN ACCESS EXCLUSIVE MODE")
        status, _, _, seconds = get(server, "/cases/?category=x")
        blocker.rollback()
    assert status == 503
    assert STATEMENT_TIMEOUT_MS / 1000 <= seconds < STATEMENT_TIMEOUT_MS / 1000 + 2
    assert get(server, "/cases/")[0] == 200


def test_dropped_connections_are_replaced_without_an_error(server):
    """When the database drops the worker's kept connection (a restart, a failover, an
    administrator), the next requests check it, connect again and answer 200."""
    for _ in range(3):
        assert get(server, "/cases/")[0] == 200
    with psycopg.connect(admin_url(), autocommit=True) as admin:
        dropped = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = %s",
            [APPLICATION],
        ).fetchone()[0]
    assert dropped >= 1
    statuses = [get(server, path)[0] for path in ["/cases/", "/cables/", "/healthz", "/cases/"]]
    assert statuses == [200, 200, 200, 200]
