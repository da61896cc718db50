"""Slots for the exports: how many may run at once, in all and from one client.

An export holds a worker for as long as it streams; a few at once could hold them all
and leave no worker for the pages. Each export takes a slot for its client and one of
the slots in all, or is refused (429 with Retry-After). Slots are lock files in one folder
(``settings.EXPORT_SLOTS_DIR``), taken with ``flock``: every worker process on the host
sees the same ones, and the kernel frees the locks of a process that dies, so no slot is
ever lost to a crash. (Several hosts behind one balancer each have their own slots.)

Clients are spread over a fixed number of buckets, so that the folder never grows: two
clients that share a bucket share its slots, one chance in ``CLIENT_BUCKETS``.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path

CLIENT_BUCKETS = 1024


class Slots:
    """Lock files of ``folder``: ``total`` slots in all, ``per_client`` for each client."""

    def __init__(self, folder: Path, total: int, per_client: int) -> None:
        self.folder, self.total, self.per_client = Path(folder), total, per_client

    def take(self, client: str) -> Slot | None:
        """A slot for ``client`` and one in all, or None when either is full."""
        self.folder.mkdir(parents=True, exist_ok=True)
        bucket = int(hashlib.sha256(client.encode()).hexdigest(), 16) % CLIENT_BUCKETS
        own = self._first_free(f"client-{bucket}", self.per_client)
        if own is None:
            return None
        shared = self._first_free("total", self.total)
        if shared is None:
            os.close(own)
            return None
        return Slot([own, shared])

    def _first_free(self, prefix: str, count: int) -> int | None:
        for number in range(count):
            descriptor = os.open(self.folder / f"{prefix}-{number}.lock", os.O_RDWR | os.O_CREAT)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                continue
            return descriptor
        return None


class Slot:
    """Slots held until ``release`` (closing the files frees their locks)."""

    def __init__(self, descriptors: list[int]) -> None:
        self._descriptors = descriptors

    def release(self) -> None:
        descriptors, self._descriptors = self._descriptors, []
        for descriptor in descriptors:
            os.close(descriptor)

    def __del__(self) -> None:
        # A response nobody closed (servers always do) must not keep its slots for good.
        self.release()
