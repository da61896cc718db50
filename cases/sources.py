"""Finding cable files and reading them as text, with a clear reason when that fails."""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

_GLOB_CHARACTERS = set("*?[")


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


def decode_source(data: bytes) -> str:
    """The text of a cable file. Raises SourceError for empty, binary or non-UTF-8 files."""
    if not data.strip():
        raise SourceError("the file is empty")
    if b"\x00" in data:
        raise SourceError("binary file (it contains NUL bytes), not a text cable")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"not UTF-8 text: byte 0x{data[error.start]:02x} at offset {error.start}"
        ) from None


def read_source(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read the file: {error.strerror}") from None
    return decode_source(data)
