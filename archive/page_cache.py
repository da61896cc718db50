"""The cache of rendered public pages: files in one folder per machine, read by every worker.

A cache in each process (Django's local-memory cache) made every worker render and keep
its own copy of each page: up to 300 pages of 100-150 KB each, 30-45 MB per worker once it
has run long enough. Kept in files, a page rendered by one worker is served by all of
them, and a worker's memory no longer grows with the pages it served.

The files are pickles, and reading a pickle runs what it says: the folder must belong to
the user the archive runs as and be closed to everyone else, or nothing is read from it
nor written into it (the error is logged, and pages are rendered every time).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import stat
import zlib
from collections.abc import Iterable
from pathlib import Path

import django
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)
# What a file that cannot be read back raises: a full or failing disk, a file cut short.
UNREADABLE = (OSError, EOFError, zlib.error, pickle.UnpicklingError, AttributeError, ImportError)

# What a rendered page is made from, besides the data: the code, the templates, the static
# files whose hashed names it links.
CODE_SUFFIXES = frozenset({".py", ".html", ".txt", ".xml", ".css", ".js", ".svg", ".json"})
CODE_FOLDERS = ("archive", "cases", "templates", "static")  # of the project's folder


def private_folder(path: str) -> str:
    """``path``, created if missing, after checking that only this user can write in it."""
    os.makedirs(path, 0o700, exist_ok=True)
    status = os.lstat(path)
    if not stat.S_ISDIR(status.st_mode):
        raise ImproperlyConfigured(f"the page cache {path} is not a folder (a link or a file)")
    if status.st_uid != os.geteuid() or status.st_mode & 0o022:
        raise ImproperlyConfigured(
            f"the page cache {path} must belong to the user the archive runs as and be "
            f"writable by nobody else (it has owner {status.st_uid} and mode "
            f"{stat.S_IMODE(status.st_mode):o}): set PAGE_CACHE_DIR to a folder of its own"
        )
    return path


def code_fingerprint(roots: Iterable[Path]) -> str:
    """A short digest of the code and templates under ``roots`` (names, sizes, times of
    writing) and of Django's version. It is part of every key: unlike a cache in each
    process, which a restart emptied, files outlive a deployment, and a page rendered by
    the code before it must not be served after it."""
    found = []
    for root in roots:
        for folder, folders, files in os.walk(root):
            folders[:] = [name for name in folders if name != "__pycache__"]
            found.extend(
                os.path.join(folder, name) for name in files if Path(name).suffix in CODE_SUFFIXES
            )
    digest = hashlib.sha256(django.__version__.encode())
    for path in sorted(found):
        status = os.stat(path)
        digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


class MachinePageCache(FileBasedCache):
    """Django's file cache, in a folder checked to be this user's alone, its keys made
    with the code's fingerprint (``code_fingerprint``)."""

    def __init__(self, location: str, params: dict) -> None:
        from django.conf import settings

        super().__init__(location, params)
        roots = (settings.BASE_DIR / name for name in CODE_FOLDERS)
        self.key_prefix = f"{self.key_prefix}{code_fingerprint(roots)}"
        try:
            private_folder(location)
            self.refused = False
        except (ImproperlyConfigured, OSError) as error:
            # Pages are then rendered every time: slower, never unsafe, never an error page.
            logger.error("page cache off: %s", error)
            self.refused = True

    # A cache that fails is a cache that misses: the page is rendered and served all the same.

    def get(self, key, default=None, version=None):
        if self.refused:
            return default
        try:
            return super().get(key, default, version)
        except UNREADABLE as error:
            logger.warning("page cache: %s unreadable, rendered anew (%r)", key, error)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.refused:
            return
        try:
            super().set(key, value, timeout, version)
        except OSError as error:
            logger.warning("page cache: %s not kept (%r)", key, error)

    def clear(self):
        if not self.refused:  # a folder that is not ours is not emptied either
            super().clear()
