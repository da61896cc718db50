"""The facet index of this process, kept current with the archive.

Each request reads the archive's version (one query, which the page cache needs anyway).
When it has changed, the notes of the change log after the one the index reflects are
read, and the cases they name read again and put in their new places (``FacetIndex.
updated``): milliseconds for an edit in the admin. The index is built whole only at start,
when the notes it needs are gone (the log keeps the newest ``changes_kept``), when a table
was emptied, when one change touches more cases than a delta should carry, and when the
overflow of changed cases has grown long; then it is built beside the one that serves, in
another process (``manage.py build_facet_index``), and each worker of the machine takes
the new file when it is written. A worker with no index at all (at start) waits for it.

Where the archive reads from replicas, the index may be ahead of the replica a request
reads (a staff member's request read the primary): the replica's notes are then simply
not there yet, and the index waits for them instead of starting again.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.db import connections, router

from ..models import ArchiveChange, ArchiveState, Case
from . import index_file, index_rows
from .facet_index import FacetIndex

logger = logging.getLogger(__name__)

Kind = ArchiveChange.Kind
# A delta carries at most this many notes and cases; more are read by a new build.
MAX_NOTES = 20_000
MAX_CASES = 5_000
# Past this many changed cases in the overflow, a new build folds them back in.
MAX_OVERFLOW = 5_000
# How often a worker looks whether another has written a newer file, in seconds.
LOOK_EVERY = 2.0
# After a failed build, wait this long before trying again.
RETRY_AFTER = 60.0


class LiveIndex:
    """The index a process serves, and the build that will replace it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index: FacetIndex | None = None
        self.file: str | None = None  # identity of the file the index was loaded from
        self.looked = 0.0
        self.builder: subprocess.Popen | None = None
        self.failed_at = 0.0
        self.stale = False  # the archive changed in a way only a build can follow

    def get(self, version: str, using: str) -> FacetIndex:
        index = self.index
        if index is not None and index.version == version and not self._look_due():
            return index
        with self.lock:
            if self.index is None:
                self.index = self._start(version, using)
                return self.index
            index = self._newer_file(using) or self.index
            if index.version != version and not self._awaiting_build(index):
                index = self._caught_up(index, version, using)
            self.index = index
            return index

    def _awaiting_build(self, index: FacetIndex) -> bool:
        """Whether only the build under way can bring ``index`` up to date: until its file
        is written, requests are served from the index as it is, without reading the log."""
        if not self.stale or index is not self.index:
            return False
        return self.builder is not None or time.monotonic() - self.failed_at < RETRY_AFTER

    # Files ------------------------------------------------------------------------------

    def directory(self) -> Path:
        # Named after the primary: replicas of one archive share its index.
        return index_file.directory_for(
            connections["default"].settings_dict, Path(settings.FACET_INDEX_DIR)
        )

    def _look_due(self) -> bool:
        return self.builder is not None or time.monotonic() - self.looked > LOOK_EVERY

    def _newer_file(self, using: str) -> FacetIndex | None:
        """The index of a file written since the one this process loaded, if any."""
        self.looked = time.monotonic()
        if self.builder is not None and self.builder.poll() is not None:
            if self.builder.returncode:
                self.failed_at = time.monotonic()
                logger.error("the facet index build failed (%s)", self.builder.returncode)
            self.builder = None
        path = self.directory() / index_file.FILE_NAME
        found = index_file.identity(path)
        if found is None or found == self.file:
            return None
        self.file = found  # seen: a build replaces it, whatever it holds
        try:
            index = index_file.load(path)
        except (OSError, ValueError) as error:  # replaced while read, or half a file
            logger.warning("facet index %s unreadable: %s", path, error)
            return None
        if index.epoch != ArchiveState.current_epoch(using):
            return None  # of another archive under the same name (made anew since)
        self.stale = False
        return index

    def _build(self, using: str, why: str, *, wait: bool = False) -> None:
        """Starts a build of a new file beside the serving index (or, inline, builds it)."""
        if self.builder is not None:
            if wait:
                self.builder.wait()
            return
        if not wait and time.monotonic() - self.failed_at < RETRY_AFTER:
            return
        directory = self.directory()
        logger.info("facet index: building anew (%s)", why)
        if settings.FACET_INDEX_BUILD == "inline":
            index_file.build_file(directory, using, self.file or "")
            return
        command = [sys.executable, "-m", "django", "build_facet_index", str(directory)]
        command += ["--database", using, "--unless-changed", self.file or ""]
        self.builder = subprocess.Popen(command)
        if wait:
            self.builder.wait()

    def _start(self, version: str, using: str) -> FacetIndex:
        """The first index of this process: the machine's file, or a new one (waited for)."""
        index = self._newer_file(using)
        if index is not None:
            index = self._caught_up(index, version, using)
            if not self.stale:
                return index
        self._build(using, "start", wait=True)
        index = self._newer_file(using)
        if index is None:
            raise RuntimeError("the facet index could not be built")
        return self._caught_up(index, version, using)

    # Changes ----------------------------------------------------------------------------

    def _caught_up(self, index: FacetIndex, version: str, using: str) -> FacetIndex:
        """``index`` with the notes of the change log after its own applied, or as it is
        when only a build can follow them (one is then started)."""
        notes = list(
            ArchiveChange.objects.using(using)
            .filter(id__gte=index.change)
            .order_by("id")
            .values_list("id", "kind", "row_id", "token")[: MAX_NOTES + 2]
        )
        if index.change:
            first = notes[0] if notes else None
            if first is None and using in settings.DATABASE_REPLICA_ALIASES:
                return index  # this replica has not replayed what the index holds yet
            if first is None or first[0] != index.change or first[3] != index.token:
                return self._stale(index, using, "the notes after the index are gone")
            notes = notes[1:]
        if len(notes) > MAX_NOTES or any(kind == Kind.EVERYTHING for _, kind, _, _ in notes):
            return self._stale(index, using, "too many changes for a delta")
        if not notes:
            return index if index.version == version else _relabelled(index, version)
        by_kind: dict[int, set] = {}
        for _, kind, row_id, _ in notes:
            by_kind.setdefault(kind, set()).add(row_id)
        case_ids = by_kind.get(Kind.CASE, set())
        if Kind.CABLE in by_kind:
            case_ids |= set(index_rows.cases_of_cables(by_kind[Kind.CABLE], using))
        if len(case_ids) > MAX_CASES:
            return self._stale(index, using, f"{len(case_ids)} cases changed")
        entries = index_rows.read_cases(case_ids, using)
        change, token = notes[-1][0], notes[-1][3]
        index = index.updated(
            {case_id: entries.get(case_id) for case_id in case_ids},
            version=version,
            change=change,
            token=token,
            using=using,
        )
        for kind, facet in ((Kind.OUTLET, "outlet"), (Kind.PLACE, "place"), (Kind.TAG, "tag")):
            if kind in by_kind:
                keys = index_rows.keys_of(facet, by_kind[kind], using)
                index = index.renamed(facet, keys, using=using)
        if Kind.COUNTRY in by_kind:
            index = index.relabelled("country", using=using)
        if len(index.overflow.ids) > MAX_OVERFLOW:
            self._build(using, f"{len(index.overflow.ids)} cases in the overflow")
        return index

    def _stale(self, index: FacetIndex, using: str, why: str) -> FacetIndex:
        self.stale = True
        self._build(using, why)
        if settings.FACET_INDEX_BUILD == "inline":
            fresh = self._newer_file(using)
            if fresh is not None:
                return fresh
        return index


def _relabelled(index: FacetIndex, version: str) -> FacetIndex:
    return replace(index, version=version)


_live = LiveIndex()


def current_index(using: str | None = None) -> FacetIndex:
    """The index of the archive as it is now, or as it was until a new build is ready."""
    using = using or router.db_for_read(Case)
    return _live.get(ArchiveState.current_version(using), using)


def is_stale() -> bool:
    """Whether the index this process serves lags behind the archive until a build is
    ready: pages drawn from it now must not be cached under the archive's version."""
    return _live.stale


def built_version() -> str | None:
    """The archive version of the index this process serves, if it holds one (the health
    check reports it without building one)."""
    index = _live.index
    return index.version if index is not None else None
