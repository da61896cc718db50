"""Memory a worker freed, given back to the system after a request (gunicorn.conf.py).

glibc's allocator keeps what a process frees in its heap, to hand it out again, and a
request's large temporaries (the arrays of a facet count, an export's rows) leave it there
with holes in it. Measured at a million cases (bench/README.md, "Issue 16, third look"),
4 gunicorn workers after 30 list and case pages each held 38.9-45.3 MB of memory of their
own; with ``malloc_trim`` after each request, 34.1-35.2 MB. (Holding glibc's threshold for
mapping large blocks on their own instead left them at 38.8-40.6 MB.)

Giving pages back has a price: the next request that needs them takes them again from the
system, page by page. A case page, which frees little, paid for it in the time of its
next page: so the heap is trimmed only when it holds more than FREE_ENOUGH freed bytes
(the workers then held 34.9-38.9 MB each).

Elsewhere than glibc (musl, macOS) there are no such calls, and nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

# Freed heap memory a worker may keep for its next requests.
FREE_ENOUGH = 4 << 20


class _MallInfo2(ctypes.Structure):
    # glibc's struct mallinfo2 (malloc.h, glibc 2.33 and later).
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",  # bytes freed and kept
            "keepcost",
        )
    ]


@cache
def _library() -> ctypes.CDLL | None:
    try:
        library = ctypes.CDLL(ctypes.util.find_library("c"))
        library.mallinfo2.restype = _MallInfo2
        library.malloc_trim.argtypes = [ctypes.c_size_t]
    except (OSError, AttributeError, TypeError):  # no C library by that name, or no call
        return None
    return library


def freed_bytes() -> int | None:
    """Bytes the heap holds freed, or None where the allocator does not say."""
    library = _library()
    return None if library is None else library.mallinfo2().fordblks


def give_back_freed_memory(above: int = FREE_ENOUGH) -> bool:
    """Returns the heap's free pages to the system if it holds more than ``above`` bytes
    freed; whether it did."""
    freed = freed_bytes()
    if freed is None or freed <= above:
        return False
    _library().malloc_trim(0)
    return True
