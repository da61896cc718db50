"""Sources kept as received, the way archives keep them, and checked.

Every file an import reads is kept before it is parsed: its bytes exactly as received,
once per content (``SourceFile``, by SHA-256), and a ``Receipt`` of it (the name it came
under, the time of the import, its place among the import's files). Each cable records
the receipt its text was taken from (``CableSource``): when a later file changes a cable,
the earlier receipt stays, so a cable keeps the history of its sources, every version
readable byte for byte.

- A file received again with the SHA-256 of a kept one is compared with the kept bytes,
  not only with their hash; kept bytes that no longer match their hash are restored from
  the file received (whose bytes do match it), and the log says so.
- ``verify_sources`` hashes every kept file again, and every cable's stored text.
- ``export_sources`` writes the kept files back out, one folder per import in the order
  they were received, with SHA256SUMS; ``import_sources`` replays those imports into an
  empty archive, which then holds the same cables, paragraphs, cases and case keys.

An import that changed nothing (every cable unchanged) leaves no receipts: replaying it
would change nothing either. Its files stay kept, once, by their content.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Cable, CableSource, Receipt, SourceChunk, SourceFile
from .sources import Missing

logger = logging.getLogger(__name__)

CHUNK_BYTES = 4 * 1024 * 1024
CHANGED = ("created", "updated")
KEPT = ("created", "updated", "unchanged")


def _sha256(stream: BinaryIO) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while block := stream.read(CHUNK_BYTES):
        digest.update(block)
        size += len(block)
    return digest.hexdigest(), size


def _stored_blocks(file: SourceFile) -> Iterator[bytes]:
    chunks = SourceChunk.objects.filter(file=file).order_by("number")
    for data in chunks.values_list("data", flat=True).iterator(chunk_size=1):
        yield bytes(data)


def stored_bytes(file: SourceFile) -> bytes:
    """The kept bytes of a file (small files; ``export_sources`` streams them)."""
    return b"".join(_stored_blocks(file))


def _same_as_stored(file: SourceFile, path: Path) -> bool:
    with path.open("rb") as stream:
        for block in _stored_blocks(file):
            if stream.read(len(block)) != block:
                return False
        return stream.read(1) == b""


def _write_chunks(file: SourceFile, path: Path) -> None:
    SourceChunk.objects.filter(file=file).delete()
    with path.open("rb") as stream:
        number = 0
        while block := stream.read(CHUNK_BYTES):
            SourceChunk.objects.create(file=file, number=number, data=block)
            number += 1


def keep_file(path: Path) -> SourceFile:
    """The kept copy of the file at ``path``: stored now, or the one already kept with its
    SHA-256, compared byte for byte (and restored if its kept bytes were altered)."""
    with path.open("rb") as stream:
        digest, size = _sha256(stream)
    stored = SourceFile.objects.filter(sha256=digest).first()
    if stored is not None:
        if not _same_as_stored(stored, path):
            logger.warning(
                "the kept bytes of %s (SHA-256 %s) no longer matched it: restored from %s",
                stored.pk,
                digest,
                path,
            )
            with transaction.atomic():
                _write_chunks(stored, path)
                SourceFile.objects.filter(pk=stored.pk).update(size=size)
        return stored
    try:
        with transaction.atomic():
            stored = SourceFile.objects.create(
                sha256=digest, size=size, first_received_at=timezone.now()
            )
            _write_chunks(stored, path)
    except IntegrityError:  # another import kept the same content meanwhile
        return SourceFile.objects.get(sha256=digest)
    return stored


class ImportSources:
    """The files of one import: kept before they are read, then each cable linked to the
    receipt its text was taken from as its result comes (``linking``), and the receipts
    of an import that changed nothing dropped at its end (``finish``).

    ``files`` are in the import's order, numbered from 1 as its progress numbers them;
    each with the name it was received under (the path's own name by default) and the
    label the importer gives its cables (the path, then a position in the file).
    """

    def __init__(self, files: Iterable[tuple[Path | Missing, str, str]]) -> None:
        self.received_at = timezone.now()
        self.receipts: dict[int, tuple[Receipt, str]] = {}
        self.changed = False
        for number, (path, name, label) in enumerate(files, start=1):
            if isinstance(path, Missing):
                continue
            try:
                kept = keep_file(path)
            except OSError:
                continue  # unreadable: the importer reports why
            receipt = Receipt.objects.create(
                file=kept, name=name[:255], received_at=self.received_at, number=number
            )
            self.receipts[number] = (receipt, label)

    @classmethod
    def of_paths(cls, found: list[Path | Missing]) -> ImportSources:
        return cls((item, getattr(item, "name", ""), str(item)) for item in found)

    def link(self, number: int, source: str, status: str, reference_id: str) -> None:
        """Record that the cable ``reference_id`` was taken from file ``number`` (its label
        ``source``), unless its latest source is that same file and place already."""
        if status in CHANGED:
            self.changed = True
        if status not in KEPT or number not in self.receipts or not reference_id:
            return
        receipt, label = self.receipts[number]
        position = source[len(label) :].strip() if source.startswith(label) else ""
        cable = Cable.objects.filter(reference_id=reference_id).values_list("pk", flat=True)
        cable_id = cable.first()
        if cable_id is None:
            return
        latest = (
            CableSource.objects.filter(cable_id=cable_id)
            .order_by("-receipt__received_at", "-receipt__number")
            .values_list("receipt__file_id", "position")
            .first()
        )
        if latest != (receipt.file_id, position):
            CableSource.objects.create(cable_id=cable_id, receipt=receipt, position=position)

    def linking(self, progress: Callable | None) -> Callable:
        """A progress callback (``importer.ProgressCallback``) that links each result's
        cable to its source, then reports it to ``progress``."""

        def report(number: int, total: int, result) -> None:
            self.link(number, result.source, result.status, result.reference_id)
            if progress is not None:
                progress(number, total, result)

        return report

    def finish(self) -> None:
        """Drop the receipts of an import that changed no cable: replaying it would change
        nothing. (The files stay kept, by their content.)"""
        if not self.changed:
            Receipt.objects.filter(pk__in=[r.pk for r, _ in self.receipts.values()]).delete()


# Checking


@dataclass(frozen=True)
class Problem:
    """A kept source that is not what it should be."""

    what: str
    reason: str

    def __str__(self) -> str:
        return f"{self.what}: {self.reason}"


@dataclass
class Verification:
    files: int = 0
    cables: int = 0
    without_source: int = 0
    problems: list[Problem] | None = None


def verify_sources(progress: Callable[[Problem], None] | None = None) -> Verification:
    """Hash every kept file and every cable's stored text again; a Problem for each that
    no longer matches its recorded SHA-256 (or size)."""
    found = Verification(problems=[])

    def problem(what: str, reason: str) -> None:
        item = Problem(what, reason)
        found.problems.append(item)
        if progress:
            progress(item)

    for file in SourceFile.objects.order_by("pk").iterator():
        found.files += 1
        digest, size = hashlib.sha256(), 0
        for block in _stored_blocks(file):
            digest.update(block)
            size += len(block)
        name = file.receipts.values_list("name", flat=True).first() or "(no receipt)"
        if digest.hexdigest() != file.sha256:
            problem(
                f"source file #{file.pk} {name}",
                f"its bytes hash to {digest.hexdigest()}, kept as {file.sha256}",
            )
        elif size != file.size:
            problem(f"source file #{file.pk} {name}", f"{size} bytes, kept as {file.size}")
    cables = Cable.objects.filter(synthetic=False).order_by("pk")
    with_source = set(CableSource.objects.values_list("cable_id", flat=True).distinct())
    for pk, reference_id, text, recorded in cables.values_list(
        "pk", "reference_id", "source_text", "content_hash"
    ).iterator(chunk_size=500):
        found.cables += 1
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != recorded:
            problem(f"cable {reference_id}", "its stored text no longer matches its SHA-256")
        if pk not in with_source:
            found.without_source += 1
    return found


# Export and replay


def export_sources(folder: Path) -> list[dict]:
    """Write every receipt's file into ``folder/sources/<import>/<file>/<name>``, imports
    and files numbered in the order they were received, with ``SHA256SUMS`` (for
    ``sha256sum -c``) and ``manifest.json``. Raises ``ValueError`` for a kept file whose
    bytes no longer match their SHA-256 (run ``verify_sources``)."""
    folder.mkdir(parents=True, exist_ok=True)
    entries, imports = [], {}
    receipts = Receipt.objects.select_related("file").order_by("received_at", "number")
    for receipt in receipts.iterator():
        run = imports.setdefault(receipt.received_at, len(imports) + 1)
        name = Path(receipt.name).name or "source"
        relative = Path("sources", f"{run:06d}", f"{receipt.number:06d}", name)
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with target.open("wb") as out:
            for block in _stored_blocks(receipt.file):
                digest.update(block)
                out.write(block)
        if digest.hexdigest() != receipt.file.sha256:
            raise ValueError(f"{relative}: kept bytes do not match their SHA-256")
        entries.append(
            {
                "path": relative.as_posix(),
                "name": receipt.name,
                "received_at": receipt.received_at.isoformat(),
                "sha256": receipt.file.sha256,
                "size": receipt.file.size,
                "cables": sorted(
                    receipt.cables.values_list("cable__reference_id", flat=True).distinct()
                ),
            }
        )
    (folder / "SHA256SUMS").write_text(
        "".join(f"{entry['sha256']}  {entry['path']}\n" for entry in entries)
    )
    (folder / "manifest.json").write_text(json.dumps(entries, indent=1) + "\n")
    return entries


def exported_imports(folder: Path) -> list[Path]:
    """The folders of an export, one per import, in the order they ran; raises
    ``ValueError`` if a file does not match its line of SHA256SUMS."""
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, relative = line.split("  ", 1)
        with (folder / relative).open("rb") as stream:
            if _sha256(stream)[0] != digest:
                raise ValueError(f"{relative} does not match its SHA-256 in SHA256SUMS")
    return sorted(path for path in (folder / "sources").iterdir() if path.is_dir())
