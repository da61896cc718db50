"""What a worker frees goes back to the system once it is much (archive/memory.py)."""

import subprocess
import sys
from pathlib import Path

import pytest

from archive import memory

ROOT = Path(__file__).resolve().parent.parent

# In a process of its own: MB of 64 KB blocks from glibc's heap (argument 1), every
# other one freed. The freed half lies between blocks still in use, where glibc keeps it;
# given back, the process's resident memory falls by most of it.
FRAGMENTED_HEAP = """
import ctypes, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from archive.memory import freed_bytes, give_back_freed_memory

libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
libc.mallopt(-3, 1 << 30)  # M_MMAP_THRESHOLD: these blocks from the heap, as small ones are

def resident_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

blocks = [libc.malloc(65536) for _ in range(16 * int(sys.argv[2]))]
for block in blocks:
    ctypes.memset(block, 1, 65536)
for block in blocks[::2]:
    libc.free(block)
freed = freed_bytes() / 2**20
before = resident_mb()
given = give_back_freed_memory()
print(given, freed, before - resident_mb())
"""


def fragmented(megabytes: int) -> tuple[str, float, float]:
    given, freed, fallen = subprocess.run(
        [sys.executable, "-c", FRAGMENTED_HEAP, str(ROOT), str(megabytes)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return given, float(freed), float(fallen)


needs_glibc = pytest.mark.skipif(
    not Path("/proc/self/status").exists() or memory._library() is None,
    reason="reads /proc, needs glibc",
)


@needs_glibc
def test_much_freed_memory_is_given_back():
    given, freed_mb, fallen_mb = fragmented(40)
    assert given == "True" and freed_mb >= 20
    assert fallen_mb > 15  # of the 20 MB freed


@needs_glibc
def test_a_little_is_kept_for_the_next_request():
    given, freed_mb, fallen_mb = fragmented(4)
    assert given == "False" and freed_mb * 2**20 <= memory.FREE_ENOUGH
    assert fallen_mb < 0.5


def test_without_the_calls_nothing_is_done(monkeypatch):
    monkeypatch.setattr(memory, "_library", lambda: None)
    assert memory.give_back_freed_memory() is False
    assert memory.freed_bytes() is None


def test_the_workers_give_memory_back_after_each_request(monkeypatch):
    """gunicorn.conf.py asks after every request."""
    settings = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), settings)  # noqa: S102 - our own file
    called = []
    monkeypatch.setattr(memory, "give_back_freed_memory", lambda: called.append(True))
    settings["post_request"](None, None, {}, None)
    assert called == [True]
