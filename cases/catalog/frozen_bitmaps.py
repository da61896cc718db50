"""Roaring bitmaps written to a file and read where they lie, without a copy.

The facet index of a million cases holds some twenty thousand bitmaps. Every worker of a
machine reads the same ones, so they are written once to a file that each worker maps
into memory: the operating system keeps one copy of its pages for all of them.

pyroaring's own ``deserialize`` copies what it reads into memory of its own (measured:
every byte of a bitmap read from a mapped file is then held twice, once per worker).
CRoaring, the library inside pyroaring, can read its "frozen" format in place
(``roaring_bitmap_frozen_view``), and pyroaring's extension exports that function; this
module calls it through ctypes and gives the view to a ``FrozenBitMap`` in place of the
empty bitmap it was made with, using the address pyroaring publishes (``raw_pointer``).
``check()`` proves on first use that the object holds its bitmap where this expects, and
refuses to go on otherwise. A view must never be changed, and the file it reads must stay
mapped as long as it lives: ``MappedBitMap`` is frozen, and holds the mapping.
"""

from __future__ import annotations

import ctypes
from functools import cache

import numpy as np
import pyroaring
from pyroaring import BitMap, FrozenBitMap

# CRoaring reads frozen bitmaps from 32-byte boundaries.
ALIGNMENT = 32


class MappedBitMap(FrozenBitMap):
    """A bitmap read in place from a mapped file, which ``buffer`` keeps mapped."""

    __slots__ = ("buffer",)


@cache
def _library() -> ctypes.CDLL:
    library = ctypes.CDLL(pyroaring.__file__)
    library.roaring_bitmap_frozen_size_in_bytes.restype = ctypes.c_size_t
    library.roaring_bitmap_frozen_size_in_bytes.argtypes = [ctypes.c_void_p]
    library.roaring_bitmap_frozen_serialize.restype = None
    library.roaring_bitmap_frozen_serialize.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    library.roaring_bitmap_frozen_view.restype = ctypes.c_void_p
    library.roaring_bitmap_frozen_view.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    library.roaring_bitmap_free.restype = None
    library.roaring_bitmap_free.argtypes = [ctypes.c_void_p]
    return library


@cache
def _pointer_offset() -> int:
    """Where in a pyroaring object its ``roaring_bitmap_t *`` lies."""
    probe = MappedBitMap()
    address, pointer = id(probe), probe.raw_pointer
    for offset in range(ctypes.sizeof(ctypes.c_void_p), 128, ctypes.sizeof(ctypes.c_void_p)):
        if ctypes.c_void_p.from_address(address + offset).value == pointer:
            return offset
    raise RuntimeError("pyroaring keeps its bitmap where this module cannot find it")


def serialize(bitmap: BitMap) -> bytes:
    """The bitmap in CRoaring's frozen format, to be read back by ``view``."""
    library = _library()
    size = library.roaring_bitmap_frozen_size_in_bytes(bitmap.raw_pointer)
    buffer = ctypes.create_string_buffer(size)
    library.roaring_bitmap_frozen_serialize(bitmap.raw_pointer, buffer)
    return buffer.raw


def view(buffer: np.ndarray, offset: int, size: int) -> MappedBitMap:
    """The bitmap ``serialize`` wrote at ``buffer[offset:offset + size]``, read in place.

    ``buffer`` is a numpy array over the mapped file, ``offset`` a multiple of ALIGNMENT.
    """
    library = _library()
    pointer = library.roaring_bitmap_frozen_view(buffer.ctypes.data + offset, size)
    if not pointer:
        raise ValueError(f"no frozen bitmap at offset {offset} ({size} bytes)")
    bitmap = MappedBitMap()
    slot = ctypes.c_void_p.from_address(id(bitmap) + _pointer_offset())
    empty, slot.value = slot.value, pointer
    library.roaring_bitmap_free(empty)
    bitmap.buffer = buffer
    return bitmap


@cache
def check() -> None:
    """A bitmap written and viewed in place reads back equal, or this refuses to serve."""
    original = BitMap([1, 5, 70_000, *range(200_000, 300_000)])
    data = serialize(original)
    buffer = np.zeros(len(data) + ALIGNMENT, dtype=np.uint8)
    start = -buffer.ctypes.data % ALIGNMENT
    buffer[start : start + len(data)] = np.frombuffer(data, dtype=np.uint8)
    seen = view(buffer, start, len(data))
    if (
        seen != original
        or seen.raw_pointer != ctypes.c_void_p.from_address(id(seen) + _pointer_offset()).value
    ):
        raise RuntimeError("a frozen bitmap read in place does not read back equal")
