"""What a worker frees goes back to the system after each request (archive/memory.py)."""

import subprocess
import sys
from pathlib import Path

import pytest

from archive import memory

ROOT = Path(__file__).resolve().parent.parent

# In a process of its own: 40 MB of 64 KB blocks from glibc's heap, every other one freed.
# The freed half lies between blocks still in use, where glibc keeps it for later; given
# back, the process's resident memory falls by most of it.
FRAGMENTED_HEAP = """
import ctypes, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from archive.memory import give_back_freed_memory

libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
libc.mallopt(-3, 1 << 30)  # M_MMAP_THRESHOLD: blocks from the heap, as small ones are

def resident_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

blocks = [libc.malloc(65536) for _ in range(640)]
for block in blocks:
    ctypes.memset(block, 1, 65536)
for block in blocks[::2]:
    libc.free(block)
before = resident_mb()
given = give_back_freed_memory()
print(given, before - resident_mb())
"""


@pytest.mark.skipif(
    not Path("/proc/self/status").exists() or memory._malloc_trim() is None,
    reason="reads /proc, needs glibc",
)
def test_freed_heap_memory_is_given_back():
    output = subprocess.run(
        [sys.executable, "-c", FRAGMENTED_HEAP, str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    given, fallen_mb = output[0], float(output[1])
    assert given == "True"
    assert fallen_mb > 15  # of the 20 MB freed


def test_without_the_call_nothing_is_done(monkeypatch):
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)
    assert memory.give_back_freed_memory() is False


def test_the_workers_give_memory_back_after_each_request(monkeypatch):
    """gunicorn.conf.py calls it after every request."""
    settings = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), settings)  # noqa: S102 - our own file
    called = []
    monkeypatch.setattr(memory, "give_back_freed_memory", lambda: called.append(True))
    settings["post_request"](None, None, {}, None)
    assert called == [True]
