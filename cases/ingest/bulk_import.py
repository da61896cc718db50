"""Bulk mode of the importer: many cables at a time, for loading a whole release.

The work of an import is mostly parsing and extraction, which are pure Python and need
no database. Here they run in a pool of worker processes, each worker reading its own
files (WikiLeaks pages take as long to read as to parse), while this process writes.

Writing is batched. Cables new to the archive are written ``batch_size`` at a time, a
handful of multi-row inserts per batch instead of a handful of statements per cable, in
one transaction per batch. Workers check every value against its column first (see
``columns``), so that a cable that cannot be stored fails there, with its reason. If
anything in a batch still fails, that transaction is rolled back and each half of the
batch is written the same way, down to the cable that fails, which is imported alone
through ``importer.store_cable`` in its own transaction: it fails by itself with its
reason, the other cables are written in batches, and no cable is ever half-written.
Cables already in the archive always take the path of one cable alone: updating keeps
anchors and curated fields (see ``importer``), which is per-cable work.

A cable whose text the archive already holds, read by this version of the parser, is
unchanged without being parsed again: importing a release a second time reads and hashes
its files and stops there (the demo set of ``make run``: 111 cables in well under a
second, where parsing and extracting them again took ten).

The outcome is the same as ``importer.import_paths`` gives for the same input: the same
rows, the same statuses and reasons, in the same order (tests/test_bulk_import.py).
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from .. import history, search_index
from ..extraction import ExtractedCase, ParagraphScore
from ..extraction.gazetteer import gazetteer
from ..models import Cable, CableTag, Case, Paragraph, case_key
from ..parsing import PARSER_VERSION, CableParseError, ParsedCable, SourceCable, parse_cable
from ..rows import reserve_ids, write_rows
from . import fixity
from .columns import ColumnError
from .importer import (
    FileResult,
    ImportReport,
    ProgressCallback,
    analyse,
    cable_values,
    case_values,
    check_fits,
    content_hash,
    countries_for,
    in_key_order,
    new_paragraph_values,
    outlets_for,
    places_for,
    publication,
    span_values,
    store_cable,
    tags_for,
)
from .sources import Missing, SourceError, expand_paths, holds_many, read_cables

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 200
# Files (or cables of a dump) handed to a worker at a time: enough to keep the pipe
# quiet, few enough that results keep flowing while the pool works.
_CHUNK_SIZE = 8
# Chunks handed out ahead of the writer, per worker. Bounded, so that a dump of all of
# Cablegate (1.7 GB) is read as fast as it is imported, not into memory first.
_CHUNKS_AHEAD = 16


@dataclass
class Prepared:
    """A cable parsed and analysed by a worker, ready to be written (or its failure)."""

    file_number: int
    label: str
    text: str = ""
    parsed: ParsedCable | None = None
    extracted: list[ExtractedCase] | None = None
    scores: dict[int, ParagraphScore] | None = None
    failure: str = ""
    held: str = ""  # the reference id of a cable whose text the archive holds already

    @property
    def reference_id(self) -> str:
        return self.parsed.reference_id if self.parsed else self.held


# A unit of work for a worker: the number of the file it comes from, a file to read whole
# or one cable read from a dump or file (or why there is nothing to read), and its label.
Task = tuple[int, Path | SourceCable | SourceError | Missing, str]


def import_paths_bulk(
    paths: Iterable[str | Path],
    *,
    jobs: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import every cable found under ``paths``, as ``importer.import_paths`` does, faster.

    ``jobs`` worker processes parse and extract (default: one per core; 0 or 1 does it in
    this process). Progress is reported per file, as by ``import_paths``.
    """
    found = list(expand_paths(paths))
    # Each file kept as received before it is read; each cable linked to it (fixity.py).
    # (Kept a batch at a time as their cables come to be written, while workers parse.)
    sources = fixity.ImportSources.of_paths(found, lazy=True)
    writer = _Writer(batch_size, len(found), sources.linking(progress), sources.keep_through)
    _HELD.update(_known_texts())
    try:
        tasks = _past_held(_tasks(found), writer) if _HELD else _tasks(found)
        if tasks is not None:
            _prepare_in_workers(tasks, writer, jobs)
    finally:
        _HELD.clear()
    writer.flush()
    sources.finish()
    return writer.report


def _prepare_in_workers(tasks: Iterator[Task], writer: _Writer, jobs: int | None) -> None:
    # Built once here, before the workers fork, so that none of them builds it again.
    gazetteer()
    workers = _worker_count(jobs)
    if workers <= 1:
        for task in tasks:
            writer.add(prepare(task))
        return
    # Workers never touch the database. Each inherits this process's connection and
    # leaves it alone: a worker ends with os._exit, which sends nothing on it.
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        ahead: deque = deque()
        for chunk in _chunks(tasks, _CHUNK_SIZE):
            ahead.append(pool.apply_async(prepare_all, (chunk,)))
            if len(ahead) >= workers * _CHUNKS_AHEAD:
                writer.add(ahead.popleft().get())
        while ahead:
            writer.add(ahead.popleft().get())


def _chunks(tasks: Iterator[Task], size: int) -> Iterator[list[Task]]:
    while chunk := list(islice(tasks, size)):
        yield chunk


def _worker_count(jobs: int | None) -> int:
    if jobs is None:
        jobs = multiprocessing.cpu_count()
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # workers inherit the loaded vocabularies by forking; without it, none
    return max(1, jobs)


def _known_texts() -> dict[str, str]:
    """{content hash: reference id} of the cables this parser version has read."""
    rows = Cable.objects.filter(parser_version=PARSER_VERSION)
    return dict(rows.values_list("content_hash", "reference_id").iterator(chunk_size=10_000))


def _tasks(found: list[Path | Missing]) -> Iterator[Task]:
    """Files for the workers to read; a dump's cables are read here and handed out one by
    one, so that a dump of many thousand cables is shared among the workers too."""
    for number, item in enumerate(found, start=1):
        if isinstance(item, Missing):
            yield number, item, item.path
        elif holds_many(item):
            for cable in read_cables(item):
                yield number, cable, f"{item} {getattr(cable, 'position', '')}".strip()
        else:
            yield number, item, str(item)


def _past_held(tasks: Iterator[Task], writer: _Writer) -> Iterator[Task] | None:
    """The tasks left once those whose cables the archive holds are written off here, up
    to the first cable it does not hold (None when it holds them all). A second import of
    the same release thus ends without a worker started or the gazetteer loaded; after
    the first new cable, the workers tell held cables apart themselves."""
    for number, work, label in tasks:
        if isinstance(work, Missing):
            return chain([(number, work, label)], tasks)
        if isinstance(work, Path):
            read = [
                (source, f"{label} {getattr(source, 'position', '')}".strip())
                for source in read_cables(work)
            ]
        else:
            read = [(work, label)]
        held = [_held(source) for source, _ in read]
        if not all(held):
            return chain([(number, source, where) for source, where in read], tasks)
        writer.add(
            [
                Prepared(number, where, held=refid)
                for (_, where), refid in zip(read, held, strict=True)
            ]
        )
    return None


# {content hash: reference id} of the cables the archive holds, read by this parser
# version: filled for the length of a bulk import, and inherited by the workers as they fork.
_HELD: dict[str, str] = {}


def _held(source: SourceCable | SourceError) -> str:
    """The reference id under which the archive holds this very text, if it does.

    The same text gives the same cable, unless what its container says beside it names
    another (a dump record or a file named by its reference id)."""
    if not _HELD or isinstance(source, SourceError):
        return ""
    held = _HELD.get(content_hash(source.text), "")
    hints = source.hints
    return (
        held if hints.reference_id in ("", held) and hints.file_reference_id in ("", held) else ""
    )


def prepare_all(tasks: list[Task]) -> list[Prepared]:
    return [item for task in tasks for item in prepare(task)]


def prepare(task: Task) -> list[Prepared]:
    """Read, parse and analyse the cables of one task. Runs in a worker: no database."""
    number, work, label = task
    if isinstance(work, Missing):
        return [Prepared(number, label, failure=work.reason)]
    if isinstance(work, SourceError):
        return [Prepared(number, label, failure=str(work))]
    if isinstance(work, SourceCable):
        return [_prepare_source(number, work, label)]
    items = []
    for source in read_cables(work):
        if isinstance(source, SourceError):
            items.append(Prepared(number, label, failure=str(source)))
        else:
            items.append(_prepare_source(number, source, f"{label} {source.position}".strip()))
    return items


def _prepare_source(number: int, source: SourceCable, label: str) -> Prepared:
    if held := _held(source):
        return Prepared(number, label, held=held)
    try:
        parsed = parse_cable(source.text, source.hints)
    except CableParseError as error:
        return Prepared(number, label, failure=f"not a cable: {error}")
    except Exception as error:  # one broken cable must not stop the run
        logger.exception("parsing %s failed", label)
        return Prepared(number, label, failure=f"internal error: {error!r}")
    try:
        extracted, scores = analyse(
            parsed.paragraphs, parsed.sent_at, parsed.origin_name, parsed.tags
        )
    except Exception as error:
        logger.exception("extracting cases from %s failed", label)
        return Prepared(number, label, parsed=parsed, failure=f"internal error: {error!r}")
    try:
        check_fits(parsed, extracted, scores, source.text, label)
    except ColumnError as error:
        return Prepared(number, label, parsed=parsed, failure=str(error))
    return Prepared(number, label, source.text, parsed, extracted, scores)


class _Writer:
    """Collects prepared cables and writes them a batch at a time, reporting in order."""

    def __init__(
        self,
        batch_size: int,
        files: int,
        progress: ProgressCallback | None,
        keep: Callable[[int], None] | None = None,
    ) -> None:
        self.batch_size = max(1, batch_size)
        self.keep = keep  # called with a batch's last file number before it is written
        self.files = files
        self.progress = progress
        self.report = ImportReport()
        self.pending: list[Prepared] = []
        self.seen: dict[str, str] = {}

    def add(self, items: list[Prepared]) -> None:
        self.pending.extend(items)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        if self.keep is not None:
            self.keep(max(item.file_number for item in batch))
        results: dict[int, FileResult] = {}
        fresh: list[tuple[int, Prepared]] = []
        changed: list[tuple[int, Prepared]] = []
        # The stored text is hashed again, not its recorded hash trusted: a text altered in
        # the database counts as changed, and is written again from the source.
        stored = {
            reference_id: (content_hash(text), version)
            for reference_id, text, version in Cable.objects.filter(
                reference_id__in={item.reference_id for item in batch if item.parsed}
            ).values_list("reference_id", "source_text", "parser_version")
        }
        for index, item in enumerate(batch):
            if item.failure:
                results[index] = FileResult(item.label, "failed", item.reference_id, item.failure)
                continue
            reference_id = item.reference_id
            if reference_id in self.seen:
                reason = f"{reference_id} was already imported from {self.seen[reference_id]}"
                results[index] = FileResult(item.label, "skipped", reference_id, reason)
                continue
            self.seen[reference_id] = item.label
            if item.held:
                results[index] = FileResult(item.label, "unchanged", reference_id)
            elif reference_id not in stored:
                fresh.append((index, item))
            elif stored[reference_id] == (content_hash(item.text), PARSER_VERSION):
                results[index] = FileResult(item.label, "unchanged", reference_id)
            else:
                changed.append((index, item))

        if fresh:
            results.update(_write_or_bisect(fresh))
        for index, item in changed:
            results[index] = _store_alone(item)

        for index in range(len(batch)):
            result = results[index]
            self.report.results.append(result)
            if self.progress:
                self.progress(batch[index].file_number, self.files, result)


def _write_or_bisect(fresh: list[tuple[int, Prepared]]) -> dict[int, FileResult]:
    """Write new cables in one transaction; if that fails, write each half the same way.

    A cable that fails the database costs its batch a few rolled-back attempts, one per
    halving (8 for a batch of 200), instead of the batch's other cables imported again
    one by one; alone, it is imported as ``importer.store_cable`` would, and fails with
    its reason.
    """
    try:
        with transaction.atomic():
            _write_new([item for _, item in fresh])
    except Exception:
        if len(fresh) == 1:
            index, item = fresh[0]
            return {index: _store_alone(item)}
        logger.warning("a batch of %d failed; writing each half", len(fresh), exc_info=True)
        middle = len(fresh) // 2
        return {**_write_or_bisect(fresh[:middle]), **_write_or_bisect(fresh[middle:])}
    return {index: FileResult(item.label, "created", item.reference_id) for index, item in fresh}


def _store_alone(item: Prepared) -> FileResult:
    """One cable in its own transaction, as ``importer.import_source`` stores it."""
    try:
        with transaction.atomic():
            status = store_cable(item.parsed, item.extracted, item.scores, item.text, item.label)
    except Exception as error:
        logger.exception("importing %s failed", item.label)
        return FileResult(item.label, "failed", item.reference_id, f"internal error: {error!r}")
    return FileResult(item.label, status, item.reference_id)


def _write_new(items: list[Prepared]) -> None:
    """Write cables that are not in the archive yet: the rows ``store_cable`` would write,
    a few multi-row inserts for the whole batch. Call inside a transaction."""
    if connection.vendor == "postgresql":
        # A crash may lose the last batches committed (never part of one); re-running the
        # import brings them back, and not waiting for each commit to reach the disk
        # makes loading a release several times faster.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    # Cables carry the source text (kilobytes each): COPYed too, under keys taken first.
    now = timezone.now()
    cables = [
        Cable(
            pk=pk,
            reference_id=item.parsed.reference_id,
            imported_at=now,
            updated_at=now,
            **cable_values(item.parsed, item.text, item.label, content_hash(item.text)),
        )
        for pk, item in zip(reserve_ids(connection, Cable, len(items)), items, strict=True)
    ]
    write_rows(connection, Cable, [_fields(cable) for cable in cables])
    tags = tags_for({code for item in items for code in item.parsed.tags})
    write_rows(
        connection,
        CableTag,
        [
            {"cable_id": cable.pk, "tag_id": tags[code].pk, "position": position}
            for cable, item in zip(cables, items, strict=True)
            for position, code in enumerate(item.parsed.tags)
        ],
    )
    # The bulk of the rows (ten and more per cable): written past the ORM.
    write_rows(
        connection,
        Paragraph,
        [
            {"cable_id": cable.pk, **values}
            for cable, item in zip(cables, items, strict=True)
            for values in new_paragraph_values(
                item.parsed,
                item.scores,
                keys_given=Counter(found.paragraph_ordinal for found in item.extracted or ()),
            )
        ],
    )
    with_cases = [
        (cable, item) for cable, item in zip(cables, items, strict=True) if item.extracted
    ]
    if not with_cases:
        return
    paragraphs = Paragraph.objects.filter(cable__in=[cable for cable, _ in with_cases])
    by_cable: dict[int, dict[int, tuple[int, str]]] = {}
    for cable_id, ordinal, pk, anchor in paragraphs.values_list(
        "cable_id", "ordinal", "pk", "anchor"
    ):
        by_cable.setdefault(cable_id, {})[ordinal] = (pk, anchor)
    _write_new_cases(with_cases, by_cable)
    search_index.index_cases([cable.pk for cable, _ in with_cases])


def _fields(row) -> dict:
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}


def _write_new_cases(
    with_cases: list[tuple[Cable, Prepared]], paragraphs: dict[int, dict[int, tuple[int, str]]]
) -> None:
    """The cases of new cables, as ``importer.store_cases`` makes them: keyed in each
    paragraph in the order they are told. ``paragraphs`` gives the id and anchor of each
    paragraph by its cable's id, then its ordinal."""
    extracted = [found for _, item in with_cases for found in item.extracted]
    outlets = outlets_for(extracted)
    countries = countries_for(extracted)
    places = places_for(extracted)
    cases, found_cases = [], []
    for cable, item in with_cases:
        own = paragraphs[cable.pk]
        anchors = {ordinal: anchor for ordinal, (_, anchor) in own.items()}
        numbers: Counter[int] = Counter()
        for index in in_key_order(item.extracted):
            found = item.extracted[index]
            paragraph_id, anchor = own[found.paragraph_ordinal]
            numbers[found.paragraph_ordinal] += 1
            cases.append(
                Case(
                    cable=cable,
                    paragraph_id=paragraph_id,
                    source=Case.Source.EXTRACTED,
                    key=case_key(cable.reference_id, anchor, numbers[found.paragraph_ordinal]),
                    **case_values(found, outlets),
                    **span_values(found, anchors),
                    **publication(found),
                )
            )
            found_cases.append(found)
    Case.objects.bulk_create(cases)
    Countries, Places = Case.countries.through, Case.places.through
    country_links = Countries.objects.bulk_create(
        Countries(case=case, country=countries[code])
        for case, found in zip(cases, found_cases, strict=True)
        for code in dict.fromkeys(found.fields.countries)
    )
    place_links = Places.objects.bulk_create(
        Places(case=case, place=places[place.key])
        for case, found in zip(cases, found_cases, strict=True)
        for place in {place.key: place for place in found.fields.places}.values()
    )
    history.record_created(cases, {"countries": country_links, "places": place_links})
