"""The facet index file of a machine: written once, mapped by every worker, its bitmaps
read where they lie."""

import json
import os
import subprocess
import sys
from array import array
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from pyroaring import BitMap

from cases.catalog import frozen_bitmaps, index_file
from cases.catalog.facet_index import FacetIndex
from cases.models import ArchiveState

from .test_index_updates import archive, same_answers  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parent.parent


def test_a_written_index_reads_back_the_same(archive, counted_from, tmp_path):  # noqa: F811
    """Written and mapped again, the index answers as the one built, from bitmaps and value
    tables that are views of the file (each facet counted from its bitmaps, then each from
    a table: ``counted_from``)."""
    built = FacetIndex.build(ArchiveState.current_version())
    index_file.write(built, tmp_path / "index.bin")
    loaded = index_file.load(tmp_path / "index.bin")
    same_answers(loaded, built)
    assert (loaded.version, loaded.change, loaded.token) == (
        built.version,
        built.change,
        built.token,
    )
    bitmaps = [bitmap for facet in loaded.values.values() for bitmap in facet.values()]
    assert all(isinstance(b, frozen_bitmaps.MappedBitMap) for b in [*bitmaps, loaded.everything])
    assert not loaded.ids.flags.writeable  # a view of the file, not a copy
    assert loaded.tables.keys() == built.tables.keys()
    for table in loaded.tables.values():
        assert not table.pair_ranks.flags.writeable and not table.pair_values.flags.writeable


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_bitmaps_are_read_in_place_not_copied(tmp_path):
    """Loading and querying 40 MB of bitmaps adds file pages, which every process mapping
    the file shares, not memory of the process's own."""
    rng = np.random.default_rng(16)
    size = 2_000_000
    # Sparse: CRoaring stores them as arrays, two bytes a value, a few hundred of them.
    values = {
        "tag": {
            f"T{n}": BitMap(
                array("I", np.sort(rng.integers(0, 1 << 24, 400_000)).astype(np.uint32).tobytes())
            )
            for n in range(40)
        }
    }
    index = FacetIndex(
        version="v",
        change=0,
        token=None,
        ids=np.arange(size, dtype=np.int64),
        negative_days=np.zeros(0, dtype=np.int64),
        rank_by_id=np.arange(size, dtype=np.int32),
        values=values,
        labels={},
        keys={},
        everything=BitMap(range(1 << 31)),
    )
    path = tmp_path / "index.bin"
    index_file.write(index, path)
    data = sum(len(frozen_bitmaps.serialize(b)) for b in values["tag"].values()) / 2**20
    assert data > 25
    # Read in a process of its own, whose memory holds nothing of the writing.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "archive.settings"}
    env.update(DJANGO_SECRET_KEY="test-only-not-a-secret", DATABASE_URL="sqlite://:memory:")
    done = subprocess.run(
        [sys.executable, "-c", READER, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    grown = json.loads(done.stdout)
    assert grown["file"] > data / 2  # the pages read are the file's, shared
    assert grown["anonymous"] < data / 4  # and not copied into the process's own memory


READER = """
import json, sys
from pathlib import Path
import django
django.setup()
from cases.catalog import index_file
from cases.catalog.facet_index import Selection

def resident(kind):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(kind + ":"):
            return int(line.split()[1]) / 1024

anonymous, mapped = resident("RssAnon"), resident("RssFile")
loaded = index_file.load(Path(sys.argv[1]))
# Counting every value within one of them reads every bitmap's data.
answer = loaded.answer(Selection(facets={}, within=loaded.values["tag"]["T1"]))
assert answer.counts["tag"]["T1"] == len(loaded.values["tag"]["T1"])
print(json.dumps({
    "file": resident("RssFile") - mapped, "anonymous": resident("RssAnon") - anonymous,
}))
"""


def test_frozen_views_read_like_the_bitmaps_they_were():
    """serialize and view round-trip any bitmap: empty, sparse, dense, runs."""
    frozen_bitmaps.check()
    for bitmap in (BitMap(), BitMap([7]), BitMap(range(0, 10**6, 3)), BitMap(range(5, 9000))):
        data = frozen_bitmaps.serialize(bitmap)
        buffer = np.zeros(len(data) + 64, dtype=np.uint8)
        start = -buffer.ctypes.data % frozen_bitmaps.ALIGNMENT
        buffer[start : start + len(data)] = np.frombuffer(data, dtype=np.uint8)
        view = frozen_bitmaps.view(buffer, start, len(data))
        assert view == bitmap and len(view & bitmap) == len(bitmap)
        assert list(view[:3]) == list(bitmap[:3])


WORKER = """
import json, os, sys
import django
django.setup()
from cases.catalog import live_index
from cases.catalog.facet_index import Selection
index = live_index.current_index()
maps = [line.split()[-1] for line in open("/proc/self/maps") if "facet-index.bin" in line]
print(json.dumps({
    "file": live_index._live.file,
    "maps": sorted(set(maps)),
    "count": len(index.answer(Selection(facets={})).result),
}))
"""

SETUP = """
import django
django.setup()
from datetime import date
from django.core.management import call_command
call_command("migrate", verbosity=0)
from cases.models import Cable, Case
cable = Cable.objects.create(reference_id="09RIGA1", source_text="-", content_hash="-")
for n in range(1, 6):
    paragraph = cable.paragraphs.create(ordinal=n, anchor=f"p{n}", text="-")
    Case.objects.create(cable=cable, paragraph=paragraph, key=paragraph.take_case_key(),
                        reported_on=date(2009, 1, n), category="SEX")
"""


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc (Linux)")
def test_workers_of_a_machine_share_one_file(tmp_path):
    """Two worker processes started together: one builds the index file (in a builder
    process of its own), the other finds it built, and both map the same file."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "DJANGO_SECRET_KEY": "test-only-not-a-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'archive.sqlite3'}",
        "FACET_INDEX_DIR": str(tmp_path / "index"),
        "FACET_INDEX_BUILD": "process",
    }
    env.pop("DJANGO_DEBUG", None)
    done = subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), outputs
    lines = "".join(outputs).splitlines()
    assert sum("Facet index built" in line for line in lines) == 1, lines
    seen = [json.loads(line) for line in lines if line.startswith("{")]
    assert len(seen) == 2 and seen[0]["file"] == seen[1]["file"] is not None
    assert seen[0]["maps"] == seen[1]["maps"] and len(seen[0]["maps"]) == 1
    assert seen[0]["count"] == seen[1]["count"] == 5


def test_an_index_of_another_archive_is_not_read(archive, tmp_path, settings):  # noqa: F811
    """A file written for a database since made anew (another epoch) is built again."""
    from cases.catalog import live_index

    settings.FACET_INDEX_DIR = str(tmp_path)
    live = live_index.LiveIndex()
    version = ArchiveState.current_version()
    first = live.get(version, "default")
    ArchiveState.objects.update(epoch="another archive")
    other = live_index.LiveIndex()
    again = other.get(version, "default")
    assert other.file != live.file
    assert again.epoch == "another archive" and first.epoch != again.epoch
    assert date  # (imported for symmetry with the other index tests)
