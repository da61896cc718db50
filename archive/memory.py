"""Memory a worker freed, given back to the system after each request (gunicorn.conf.py).

glibc's allocator keeps what a process frees in its heap, to hand it out again, and a
request's large temporaries (the arrays of a facet count, an export's rows) leave it there
with holes in it: measured at a million cases, a gunicorn worker held 13-15 MB of heap
after 30 list and case pages, against 6 MB when ``malloc_trim`` runs after each request
(bench/README.md, "Issue 16"). The call costs about 0.1 ms, after the response is sent.

Elsewhere than glibc (musl, macOS) there is no such call, and nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError, TypeError):  # no C library by that name, or no call
        return None


def give_back_freed_memory() -> bool:
    """Returns the heap's free pages to the system; False where the allocator cannot."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
