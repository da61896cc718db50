"""Servers on 127.0.0.1 for the page benchmark, the client that times them, and their memory."""

from __future__ import annotations

import http.client
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# Signs nothing anyone keeps; long enough for the settings' check of production keys.
SECRET_KEY = "benchmark-only-not-a-secret-benchmark-only-not-a-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Response:
    status: int
    seconds: float  # from sending the request to the last byte of the body
    size: int
    lines: int
    body: bytes  # empty unless asked for


def fetch(port: int, url: str, keep_body: bool = False, timeout: float = 3600) -> Response:
    """GET ``url`` on a new connection, reading the body to its end."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        started = time.perf_counter()
        connection.request("GET", url)
        response = connection.getresponse()
        size = lines = 0
        kept = []
        while chunk := response.read(1 << 16):
            size += len(chunk)
            lines += chunk.count(b"\n")
            if keep_body:
                kept.append(chunk)
        seconds = time.perf_counter() - started
        return Response(response.status, seconds, size, lines, b"".join(kept))
    finally:
        connection.close()


@contextmanager
def running(
    command: list[str], port: int, ready_path: str, env: dict | None = None, timeout: float = 120
) -> Iterator[subprocess.Popen]:
    """Runs ``command`` until the block ends, once it answers ``ready_path`` on ``port``."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            _wait_until_answers(process, port, ready_path, timeout, log)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_answers(process, port, path, timeout, log) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"{process.args[:4]} stopped:\n{log.read().decode()[-3000:]}")
        try:
            if fetch(port, path, timeout=timeout).status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{process.args[:4]} did not answer on port {port} in {timeout} s")


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (Linux): gunicorn's workers."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def resident_mb(pid: int) -> float | None:
    """The resident memory of a process (Linux), in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


class PeakMemory:
    """Samples a process's resident memory while the block runs: ``start`` and ``peak``."""

    def __init__(self, pid: int, interval: float = 0.005):
        self.pid, self.interval = pid, interval
        self.start = self.peak = resident_mb(pid) or 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._done.wait(self.interval):
            self.peak = max(self.peak, resident_mb(self.pid) or 0.0)
