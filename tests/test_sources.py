import bz2
import gzip
import lzma

import pytest

from cases.ingest.sources import Missing, SourceError, expand_paths, read_cables
from cases.parsing import SourceCable

from .test_formats import DUMP, PAGE


def test_expand_paths_walks_folders_and_globs(tmp_path):
    """Folders are walked recursively without hidden files; globs expand; each file once."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / "a" / ".secret.txt").write_text("x")
    (tmp_path / "two.html").write_text("x")
    found = list(expand_paths([tmp_path, str(tmp_path / "*.html"), tmp_path / "nope.txt"]))
    names = [item.name for item in found if not isinstance(item, Missing)]
    assert names == ["one.txt", "two.html"]
    assert found[-1] == Missing(str(tmp_path / "nope.txt"), "no such file or directory")


def test_read_cables_recognises_each_format(tmp_path, seed_text):
    """Text, page and dump files give one, one and two cables."""
    (tmp_path / "seed.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "dump.csv").write_text(DUMP, encoding="utf-8")
    counts = {
        name: [type(item) for item in read_cables(tmp_path / name)]
        for name in ("seed.txt", "page.html", "dump.csv")
    }
    assert counts == {
        "seed.txt": [SourceCable],
        "page.html": [SourceCable],
        "dump.csv": [SourceCable, SourceCable],
    }


def test_large_file_with_multibyte_character_at_sniff_boundary(tmp_path, seed_text):
    """A UTF-8 character cut by the format sample is not taken for an encoding error."""
    padding = "é" * 40_000  # 80,000 bytes: the 64 KiB sample ends inside a character
    (tmp_path / "big.txt").write_text(seed_text + "\n" + padding, encoding="utf-8")
    (item,) = read_cables(tmp_path / "big.txt")
    assert isinstance(item, SourceCable)


def test_dump_with_bad_bytes_late_reports_them(tmp_path):
    """Bytes that are not UTF-8 after the first records fail the rest, not the records read."""
    data = DUMP.encode("utf-8") * 2000 + b'"9","1/1/2009 1:00","X\xff"\n'
    (tmp_path / "dump.csv").write_bytes(data)
    items = list(read_cables(tmp_path / "dump.csv"))
    assert sum(isinstance(item, SourceCable) for item in items) >= 2
    assert isinstance(items[-1], SourceError)
    assert "not UTF-8" in str(items[-1])


COMPRESSIONS = {"gz": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress}


@pytest.mark.parametrize("suffix", sorted(COMPRESSIONS))
def test_compressed_files_are_read_as_their_contents(tmp_path, seed_text, suffix):
    """gzip, bzip2 and xz files give the cables of the file inside them, whatever their
    name says; a cable file named by its reference id keeps that name's hint."""
    compress = COMPRESSIONS[suffix]
    (tmp_path / f"08ASTANA1246.txt.{suffix}").write_bytes(compress(seed_text.encode()))
    (tmp_path / "dump").write_bytes(compress(DUMP.encode()))
    (text,) = read_cables(tmp_path / f"08ASTANA1246.txt.{suffix}")
    assert text.text == seed_text
    assert text.hints.file_reference_id == "08ASTANA1246"
    dump = list(read_cables(tmp_path / "dump"))
    assert [item.hints.reference_id for item in dump] == ["09RIGA123", "09RIGA124"]
    assert dump == list(read_cables(_write(tmp_path / "dump.csv", DUMP.encode())))


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("suffix", sorted(COMPRESSIONS))
def test_a_damaged_compressed_file_says_so(tmp_path, seed_text, suffix):
    """Cut short, a compressed cable or dump fails with the compression named; the records
    of a gzipped dump read before the damage are kept (bzip2 and xz give nothing of a block
    they cannot check)."""
    whole = COMPRESSIONS[suffix](seed_text.encode())
    (item,) = read_cables(_write(tmp_path / "cut.txt", whole[: len(whole) // 2]))
    assert isinstance(item, SourceError)
    assert str(item).startswith("damaged ")
    big = COMPRESSIONS[suffix](DUMP.encode() * 4000)
    items = list(read_cables(_write(tmp_path / "cut.csv", big[: len(big) // 2])))
    if suffix == "gz":
        assert sum(isinstance(item, SourceCable) for item in items) > 100
    assert isinstance(items[-1], SourceError)
    assert "damaged" in str(items[-1])
