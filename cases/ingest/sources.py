"""Finding cable files and reading the cables in them, with a clear reason when that fails.

A file holds one cable (plain text or a WikiLeaks page) or many (a ``cables.csv`` dump,
read as a stream; a page or text to which another cable's record was glued, see
``parsing.glued``). The format is recognised from the file's first bytes, after any
gzip, bzip2 or xz compression (releases and dumps travel compressed; the demo set is a
gzipped dump) is undone on the fly: a compressed file is never unpacked to disk.
"""

from __future__ import annotations

import bz2
import codecs
import glob
import gzip
import io
import lzma
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..parsing import (
    CableParseError,
    SourceCable,
    SourceHints,
    detect_format,
    read_csv,
    read_html,
    reference_id_of_file,
    separate_cables,
)

# Enough of a file to recognise its format and to tell text from binary.
_SNIFF_BYTES = 64 * 1024

_GLOB_CHARACTERS = set("*?[")

# The first bytes of each compression a file can carry, and how to open it.
_COMPRESSIONS = (
    (b"\x1f\x8b", "gzip", gzip.open),
    (b"BZh", "bzip2", bz2.open),
    (b"\xfd7zXZ\x00", "xz", lzma.open),
)
# What a damaged or cut compressed file raises while it is read.
_DAMAGE = (EOFError, zlib.error, lzma.LZMAError, gzip.BadGzipFile)


class SourceError(ValueError):
    """A file that cannot be read as a cable; the message says why."""


@dataclass(frozen=True)
class Missing:
    """A path given on the command line that names nothing."""

    path: str
    reason: str


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | Missing]:
    """Files named directly, every file below a directory (sorted), and glob matches.

    Hidden files and folders inside a directory are skipped; each file appears once.
    """
    seen: set[Path] = set()

    def once(path: Path) -> Iterator[Path]:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            yield path

    for given in paths:
        text = str(given)
        path = Path(text)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden:
                    yield from once(child)
        elif path.exists():
            yield from once(path)
        elif _GLOB_CHARACTERS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                yield Missing(text, "the pattern matches no file")
            for match in matches:
                if Path(match).is_file():
                    yield from once(Path(match))
        else:
            yield Missing(text, "no such file or directory")


def decode_source(data: bytes, *, final: bool = True) -> str:
    """The text of a cable file. Raises SourceError for empty, binary or non-UTF-8 files.

    With ``final=False`` the data may be the first part of a file: a character cut at its
    end is not an error.
    """
    if not data.strip():
        raise SourceError("the file is empty")
    if b"\x00" in data:
        raise SourceError("binary file (it contains NUL bytes), not a text cable")
    try:
        return codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=final)
    except UnicodeDecodeError as error:
        raise SourceError(
            f"not UTF-8 text: byte 0x{data[error.start]:02x} at offset {error.start}"
        ) from None


def open_source(path: Path) -> io.BufferedIOBase:
    """The file's bytes, decompressed as they are read when it is gzip, bzip2 or xz."""
    with path.open("rb") as stream:
        magic = stream.read(6)
    for start, _name, opener in _COMPRESSIONS:
        if magic.startswith(start):
            return opener(path, "rb")
    return path.open("rb")


def _compression(path: Path) -> str:
    try:
        with path.open("rb") as stream:
            magic = stream.read(6)
    except OSError:
        return ""
    return next((name for start, name, _ in _COMPRESSIONS if magic.startswith(start)), "")


def _unreadable(path: Path, error: Exception) -> SourceError:
    if isinstance(error, OSError) and not isinstance(error, gzip.BadGzipFile):
        return SourceError(f"cannot read the file: {error.strerror or error}")
    return SourceError(f"damaged {_compression(path) or 'compressed'} file: {error}")


def read_cables(path: Path) -> Iterator[SourceCable | SourceError]:
    """The cables in one file, in order; what cannot be read comes as a SourceError item."""
    try:
        with open_source(path) as stream:
            head = stream.read(_SNIFF_BYTES)
    except (OSError, *_DAMAGE) as error:
        yield _unreadable(path, error)
        return
    try:
        if detect_format(decode_source(head, final=False)) == "csv":
            yield from _read_dump(path)
            return
        with open_source(path) as stream:
            text = decode_source(stream.read())
    except SourceError as error:
        yield error
        return
    except (OSError, *_DAMAGE) as error:
        yield _unreadable(path, error)
        return
    if detect_format(text) == "html":
        try:
            source = read_html(text)
        except CableParseError as error:
            yield SourceError(f"not a cable: {error}")
            return
    else:
        source = SourceCable(text=text, hints=SourceHints())
    named = reference_id_of_file(path.name)
    if named:
        source = replace(source, hints=replace(source.hints, file_reference_id=named))
    yield from separate_cables(source)


def holds_many(path: Path) -> bool:
    """Whether a file is a dump of many cables (rather than one cable, or unreadable)."""
    try:
        with open_source(path) as stream:
            head = stream.read(_SNIFF_BYTES)
        return detect_format(decode_source(head, final=False)) == "csv"
    except (OSError, SourceError, *_DAMAGE):
        return False


def _read_dump(path: Path) -> Iterator[SourceCable | SourceError]:
    try:
        with io.TextIOWrapper(open_source(path), encoding="utf-8-sig", newline="") as stream:
            for item in read_csv(stream):
                if isinstance(item, CableParseError):
                    yield SourceError(str(item))
                else:
                    yield from separate_cables(item)
    except UnicodeDecodeError as error:
        yield SourceError(f"not UTF-8 text after the last record read: {error.reason}")
    except (OSError, *_DAMAGE) as error:
        yield SourceError(f"after the last record read, {_unreadable(path, error)}")
