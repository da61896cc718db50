"""Sources kept as received, the way archives keep them, and checked.

Every file an import reads is kept before any of its cables is written: its bytes exactly
as received, once per content (``SourceFile``, by SHA-256), and a ``Receipt`` of it (the
name it came under, the time of the import, its place among the import's files). Each
cable records the receipt its text was taken from (``CableSource``): when a later file
changes a cable, the earlier receipt stays, so a cable keeps the history of its sources,
every version readable byte for byte.

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

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ..models import Cable, CableSource, Receipt, SourceChunk, SourceFile
from ..rows import write_rows
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


def _check_kept(stored: SourceFile, path: Path, size: int) -> None:
    """Kept bytes that no longer match the file received with their SHA-256 are restored
    from it (its bytes do match)."""
    if _same_as_stored(stored, path):
        return
    logger.warning(
        "the kept bytes of %s (SHA-256 %s) no longer matched it: restored from %s",
        stored.pk,
        stored.sha256,
        path,
    )
    with transaction.atomic():
        _write_chunks(stored, path)
        SourceFile.objects.filter(pk=stored.pk).update(size=size)


def _write_chunks_of(files: list[tuple[int, bytes]]) -> None:
    """Files of one chunk each, written at once. Past the ORM: as SQL literals (or as text
    COPY, which spells each byte in hex) the bytes cost PostgreSQL more than the rest of a
    bulk import's writing; binary COPY hands them over as they are."""
    if connection.vendor != "postgresql":
        rows = [{"file_id": file_id, "number": 0, "data": data} for file_id, data in files]
        write_rows(connection, SourceChunk, rows)
        return
    table = connection.ops.quote_name(SourceChunk._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(SourceChunk._meta.get_field(name).column)
        for name in ("file", "number", "data")
    )
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["int8", "int4", "bytea"])
            for file_id, data in files:
                copy.write_row((file_id, 0, data))


def keep_file(path: Path) -> SourceFile:
    """The kept copy of the file at ``path``: stored now, or the one already kept with its
    SHA-256, compared byte for byte (and restored if its kept bytes were altered)."""
    with path.open("rb") as stream:
        digest, size = _sha256(stream)
    stored = SourceFile.objects.filter(sha256=digest).first()
    if stored is not None:
        _check_kept(stored, path, size)
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


# Files kept together in one transaction, and cables linked together: a commit per file
# and per cable cost the bulk import two thirds of its time (5,600 corpus cables: 92
# cables/s, against about 275 before sources were kept, on the same machine).
BATCH_FILES = 200
BATCH_BYTES = 32 * 1024 * 1024


@dataclass
class _Received:
    number: int
    path: Path
    name: str
    label: str
    sha256: str
    size: int


class ImportSources:
    """The files of one import: kept before they are read (``lazy``: before their cables
    are written), then each cable linked to the receipt its text was taken from as its
    result comes (``linking``), and the receipts of an import that changed nothing dropped
    at its end (``finish``).

    ``files`` are in the import's order, numbered from 1 as its progress numbers them;
    each with the name it was received under (the path's own name by default) and the
    label the importer gives its cables (the path, then a position in the file).
    Links are written a batch at a time; ``finish`` writes the last of them.
    """

    def __init__(
        self, files: Iterable[tuple[Path | Missing, str, str]], *, lazy: bool = False
    ) -> None:
        self.received_at = timezone.now()
        self.receipts: dict[int, tuple[Receipt, str]] = {}
        self.changed = False
        self._pending: list[tuple[int, str, str]] = []
        self._waiting = enumerate(files, start=1)
        self._kept_through = 0
        if not lazy:
            self.keep_through(None)

    def keep_through(self, number: int | None) -> None:
        """Keep the files not kept yet up to file ``number`` (every file when None), a batch
        at a time. A lazy import calls it before it writes the cables of a file, so that
        keeping the files goes on while its workers parse the next ones."""
        batch: list[_Received] = []
        while number is None or self._kept_through < number:
            item = next(self._waiting, None)
            if item is None:
                break
            self._kept_through, (path, name, label) = item
            if isinstance(path, Missing):
                continue
            try:
                with path.open("rb") as stream:
                    digest, size = _sha256(stream)
            except OSError:
                continue  # unreadable: the importer reports why
            batch.append(_Received(self._kept_through, path, name, label, digest, size))
            if len(batch) == BATCH_FILES or sum(item.size for item in batch) >= BATCH_BYTES:
                self._keep(batch)
                batch = []
        if batch:
            self._keep(batch)

    def _keep(self, batch: list[_Received]) -> None:
        """Keep a batch of received files and write their receipts, in one transaction."""
        kept: dict[str, SourceFile] = {}
        for stored in SourceFile.objects.filter(sha256__in={item.sha256 for item in batch}):
            kept[stored.sha256] = stored
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # As the bulk import's cables are written: a crash may lose the last
                # batches committed, but in order, so never a file whose cables are kept.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            new: dict[str, _Received] = {}
            for item in batch:
                if item.sha256 in kept or item.sha256 in new:
                    continue
                if item.size > CHUNK_BYTES:  # a large file alone, chunk by chunk
                    try:
                        kept[item.sha256] = keep_file(item.path)
                    except OSError:
                        continue
                else:
                    new[item.sha256] = item
            if new:
                kept.update(self._store_small(new))
            receipts = [
                Receipt(
                    file=kept[item.sha256],
                    name=item.name[:255],
                    received_at=self.received_at,
                    number=item.number,
                )
                for item in batch
                if item.sha256 in kept
            ]
            Receipt.objects.bulk_create(receipts)
        for item, receipt in zip((i for i in batch if i.sha256 in kept), receipts, strict=True):
            self.receipts[item.number] = (receipt, item.label)
        # A file kept before is compared with its kept bytes (and restored if they were
        # altered), as keep_file does.
        for item in batch:
            stored = kept.get(item.sha256)
            if stored is not None and item.sha256 not in new and item.size <= CHUNK_BYTES:
                _check_kept(stored, item.path, item.size)

    @staticmethod
    def _store_small(new: dict[str, _Received]) -> dict[str, SourceFile]:
        """New files of at most one chunk each, stored together (the caller's transaction)."""
        contents: dict[str, bytes] = {}
        for digest, item in new.items():
            data = item.path.read_bytes()
            if hashlib.sha256(data).hexdigest() == digest:  # unchanged since it was hashed
                contents[digest] = data
        now = timezone.now()
        try:
            with transaction.atomic():
                files = SourceFile.objects.bulk_create(
                    [
                        SourceFile(sha256=digest, size=len(data), first_received_at=now)
                        for digest, data in contents.items()
                    ]
                )
                _write_chunks_of(
                    [(file.pk, contents[file.sha256]) for file in files if contents[file.sha256]]
                )
        except IntegrityError:  # another import kept some of them meanwhile: one by one
            return {digest: keep_file(new[digest].path) for digest in new}
        stored = {file.sha256: file for file in files}
        for digest in new.keys() - stored.keys():  # changed while read: as it is now
            stored[digest] = keep_file(new[digest].path)
        return stored

    @classmethod
    def of_paths(cls, found: list[Path | Missing], *, lazy: bool = False) -> ImportSources:
        return cls(((item, getattr(item, "name", ""), str(item)) for item in found), lazy=lazy)

    def link(self, number: int, source: str, status: str, reference_id: str) -> None:
        """Record that the cable ``reference_id`` was taken from file ``number`` (its label
        ``source``), unless its latest source is that same file and place already."""
        if status in CHANGED:
            self.changed = True
        self.keep_through(number)
        if status not in KEPT or number not in self.receipts or not reference_id:
            return
        self._pending.append((number, source, reference_id))
        if len(self._pending) >= BATCH_FILES:
            self._write_links()

    def _write_links(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        cable_ids = dict(
            Cable.objects.filter(reference_id__in={refid for _, _, refid in pending}).values_list(
                "reference_id", "pk"
            )
        )
        latest: dict[int, tuple[int, str]] = {}
        history = (
            CableSource.objects.filter(cable_id__in=cable_ids.values())
            .order_by("cable_id", "-receipt__received_at", "-receipt__number")
            .values_list("cable_id", "receipt__file_id", "position")
        )
        for cable_id, file_id, position in history:
            latest.setdefault(cable_id, (file_id, position))
        links = []
        for number, source, reference_id in pending:
            cable_id = cable_ids.get(reference_id)
            if cable_id is None:
                continue
            receipt, label = self.receipts[number]
            position = source[len(label) :].strip() if source.startswith(label) else ""
            if latest.get(cable_id) != (receipt.file_id, position):
                links.append(CableSource(cable_id=cable_id, receipt=receipt, position=position))
                latest[cable_id] = (receipt.file_id, position)
        CableSource.objects.bulk_create(links)

    def linking(self, progress: Callable | None) -> Callable:
        """A progress callback (``importer.ProgressCallback``) that links each result's
        cable to its source, then reports it to ``progress``."""

        def report(number: int, total: int, result) -> None:
            self.link(number, result.source, result.status, result.reference_id)
            if progress is not None:
                progress(number, total, result)

        return report

    def finish(self) -> None:
        """Write the links still pending; drop the receipts of an import that changed no
        cable: replaying it would change nothing. (The files stay kept, by their content.)
        The files a lazy import has not kept yet (none of their cables written) are kept
        now: every file received is kept."""
        self.keep_through(None)
        self._write_links()
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
