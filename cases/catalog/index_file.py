"""The facet index of a machine, in a file that every worker maps into memory.

One process builds the index from the database and writes it here (``build_file``): its
case ids, days and ranks as plain arrays, its bitmaps in CRoaring's frozen format
(``frozen_bitmaps``), the value tables of its facets of many values as arrays, its labels,
keys and the tables' value names as JSON. Every worker maps the file and reads it
in place (``load``): the operating system keeps one copy of its pages for all the workers
of the machine, and a worker's own memory holds only what changed since (the overflow of
``FacetIndex.updated``). A new file replaces the old one atomically (``os.replace``); a
worker that still maps the old one keeps reading it until it loads the new one.

The workers build in a process of their own (``live_index`` starts ``manage.py
build_facet_index``), so that a build holds neither their interpreter nor their memory.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import mmap
import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from . import frozen_bitmaps
from .facet_index import FacetIndex
from .value_table import ValueTable

MAGIC = b"CCAFIX02"  # 02: value tables
FILE_NAME = "facet-index.bin"
LOCK_NAME = "build.lock"
ARRAYS = {"ids": np.int64, "negative_days": np.int64, "rank_by_id": np.int32}
TABLE_ARRAYS = ("pair_ranks", "pair_values", "totals")


def directory_for(settings_dict: dict, root: Path) -> Path:
    """The folder of one database's index under ``root``: named by the database, so that
    the archives of one machine (and their test databases) never share a file."""
    engine = settings_dict["ENGINE"].rsplit(".", 1)[-1]
    where = "|".join(str(settings_dict.get(key) or "") for key in ("HOST", "PORT", "NAME"))
    digest = hashlib.sha256(f"{engine}|{where}".encode()).hexdigest()[:16]
    name = "".join(c if c.isalnum() else "-" for c in Path(str(settings_dict["NAME"])).name)
    return root / f"{engine}-{name[:40]}-{digest}"


def identity(path: Path) -> str | None:
    """What tells one written file from the next: inode, size and time of writing."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return f"{status.st_ino}:{status.st_size}:{status.st_mtime_ns}"


def _aligned(size: int, to: int) -> int:
    return -(-size // to) * to


def write(index: FacetIndex, path: Path) -> None:
    """Writes a built index (without overflow) to ``path``, replacing it atomically."""
    if len(index.overflow.ids) or index.overflow.moved or index.recounted:
        raise ValueError("only an index as built is written, without changes on top")
    parts: list[tuple[int, bytes]] = []
    offset = 0

    def place(data: bytes, alignment: int) -> list[int]:
        nonlocal offset
        offset = _aligned(offset, alignment)
        parts.append((offset, data))
        start, offset = offset, offset + len(data)
        return [start, len(data)]

    def place_array(array: np.ndarray) -> list:
        array = np.ascontiguousarray(array)
        return [*place(array.tobytes(), 64), len(array), array.dtype.str]

    arrays = {
        name: place_array(getattr(index, name).astype(dtype)) for name, dtype in ARRAYS.items()
    }
    tables = {
        name: {
            "names": list(table.names),
            **{part: place_array(getattr(table, part)) for part in TABLE_ARRAYS},
        }
        for name, table in index.tables.items()
    }
    bitmaps = frozen_bitmaps.ALIGNMENT
    header = {
        "version": index.version,
        "change": index.change,
        "token": index.token,
        "epoch": index.epoch,
        "written": time.time(),
        "arrays": arrays,
        "everything": place(frozen_bitmaps.serialize(index.everything), bitmaps),
        "tables": tables,
        "values": {
            name: [
                [value, *place(frozen_bitmaps.serialize(bitmap), bitmaps)]
                for value, bitmap in facet.items()
            ]
            for name, facet in index.values.items()
        },
        "labels": index.labels,
        "keys": {
            kind: {str(pk): value for pk, value in keys.items()}
            for kind, keys in index.keys.items()
        },
    }
    encoded = json.dumps(header, ensure_ascii=False).encode()
    data_start = _aligned(len(MAGIC) + 8 + len(encoded), 64)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".writing-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(MAGIC + len(encoded).to_bytes(8, "little") + encoded)
            for start, data in parts:
                file.seek(data_start + start)
                file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load(path: Path) -> FacetIndex:
    """The index written at ``path``, read in place from a mapping of the file."""
    frozen_bitmaps.check()
    with open(path, "rb") as file:
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    if mapped[: len(MAGIC)] != MAGIC:
        raise ValueError(f"{path} is not a facet index of this version")
    length = int.from_bytes(mapped[len(MAGIC) : len(MAGIC) + 8], "little")
    start = len(MAGIC) + 8
    header = json.loads(mapped[start : start + length])
    data = _aligned(start + length, 64)
    buffer = np.frombuffer(mapped, dtype=np.uint8)

    def bitmap(offset: int, size: int):
        return frozen_bitmaps.view(buffer, data + offset, size)

    def array(offset: int, size: int, count: int, dtype: str) -> np.ndarray:
        return np.frombuffer(mapped, dtype=np.dtype(dtype), count=count, offset=data + offset)

    arrays = {name: array(*place) for name, place in header["arrays"].items()}
    tables = {
        name: ValueTable.made(table["names"], *(array(*table[part]) for part in TABLE_ARRAYS))
        for name, table in header["tables"].items()
    }
    return FacetIndex(
        version=header["version"],
        change=header["change"],
        token=header["token"],
        epoch=header["epoch"],
        values={
            name: {value: bitmap(offset, size) for value, offset, size in facet}
            for name, facet in header["values"].items()
        },
        labels=header["labels"],
        keys={
            kind: {int(pk): value for pk, value in keys.items()}
            for kind, keys in header["keys"].items()
        },
        everything=bitmap(*header["everything"]),
        tables=tables,
        **arrays,
    )


def build_file(directory: Path, using: str, unless_changed: str | None = None) -> bool:
    """Builds the index of database ``using`` into ``directory``, one builder at a time.

    ``unless_changed``: the identity of the file the caller found stale (or "" for no
    file); when another builder has replaced that file meanwhile, nothing is built (and
    False is returned).
    """
    from ..models import ArchiveState

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / FILE_NAME
    with open(directory / LOCK_NAME, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if unless_changed is not None and (identity(path) or "") != unless_changed:
            return False
        state = ArchiveState.objects.using(using).values_list("version", "epoch").first()
        version, epoch = state or ("", "")
        index = FacetIndex.build(version, using)
        write(replace(index, epoch=epoch), path)
    return True
