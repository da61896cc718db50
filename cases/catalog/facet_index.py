"""An index of the published cases: facet counts and list pages from bitmaps.

Counting thirteen facets with GROUP BY queries costs seconds at a million cases (see
../shared/PERFORMANCE.md); intersecting compressed bitmaps costs milliseconds. Each
published case gets a *rank*, its position in the list's default order (newest first,
undated last), and every facet value holds the bitmap of its cases' ranks. A query is then
set algebra: the result is the intersection of the selected values' unions, and a facet's
disjunctive counts are the sizes of its values' intersections with every selection but
its own. The first ranks of the result are the first page, already in order. A facet of
many values (places, outlets) is counted from its value table instead (``value_table``:
arrays that a page reads without touching a Python object per value).

Cases change while the index serves (``updated``): a changed case leaves its rank, which
stays empty, and takes a new one after all others, in the *overflow*; those few are put in
their place in the order when a page or a position is asked for. The ranks of a build are
dense and in order; a new build (``live_index``) folds the overflow back in.

The database stays the source of truth (``live_index`` keeps the index current from the
archive's change log), and search, rows and everything else still come from SQL.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
from pyroaring import BitMap

from . import index_rows
from .index_rows import UNDATED, CaseEntry
from .value_table import Counts, ValueTable

EMPTY = BitMap()
# Facets with at least this many values are counted from a ``ValueTable`` (place and outlet
# at a million cases); the others, a few hundred values at most, from their bitmaps.
MANY_VALUES = 1000


@dataclass(frozen=True)
class Selection:
    """What a valid list query asks for, in the index's terms."""

    facets: dict[str, list[str]]  # facet name -> values ticked
    date_from: date | None = None  # inclusive
    date_to: date | None = None  # exclusive
    within: BitMap | None = None  # ranks a search matched, or None when not searching


@dataclass(frozen=True)
class Answer:
    result: BitMap
    # facet -> value -> disjunctive count (zeros left out): a dict, or the Counts of a table
    counts: dict[str, Mapping[str, int]]


def _no_ranks() -> np.ndarray:
    return np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class Overflow:
    """Cases placed after the ranks of the build, each by its order key (-day, case id)."""

    ids: np.ndarray = field(default_factory=_no_ranks)  # case id by rank - ranks built
    days: np.ndarray = field(default_factory=_no_ranks)  # -day (or UNDATED) by the same
    moved: dict[int, int] = field(default_factory=dict)  # case id -> its rank now, or -1
    values: tuple[Mapping[str, set[str]], ...] = ()  # facet -> the case's values, by the same


@dataclass(frozen=True, eq=False)
class FacetIndex:
    version: str  # of the archive, as the index reflects it
    change: int  # the last note of the change log it reflects (0: none)
    token: int | None  # that note's token
    ids: np.ndarray  # case id by rank (int64), ranks of the build
    negative_days: np.ndarray  # -date.toordinal() of the dated ranks, ascending (int64)
    rank_by_id: np.ndarray  # rank by case id (int32), -1 for none
    values: dict[str, dict[str, BitMap]]
    labels: dict[str, dict[str, str]]
    keys: dict[str, dict[int, str]]  # outlet, place, tag: row id -> value
    everything: BitMap
    tables: dict[str, ValueTable] = field(default_factory=dict)  # facets of many values
    # Values of the tables whose cases changed since the build: their number of cases now.
    recounted: dict[str, dict[str, int]] = field(default_factory=dict)
    overflow: Overflow = Overflow()
    epoch: str = ""  # of the archive it was built from

    @property
    def dated(self) -> int:
        return len(self.negative_days)

    @property
    def built(self) -> int:
        """The number of ranks of the build; the overflow's come after them."""
        return len(self.ids)

    @property
    def size(self) -> int:
        return self.built + len(self.overflow.ids)

    # Building ---------------------------------------------------------------------------

    @classmethod
    def build(cls, version: str, using: str = "default") -> FacetIndex:
        """The index of the archive as ``using`` has it now, held in memory; facets of at
        least MANY_VALUES values are counted from tables."""
        change, token = index_rows.last_change(using)
        built = index_rows.build(using)
        values = {
            name: {value: _bitmap(ranks) for value, ranks in facet.items()}
            for name, facet in built.values.items()
        }
        return cls(
            version=version,
            change=change,
            token=token,
            ids=built.ids,
            negative_days=built.negative_days,
            rank_by_id=index_rows._ranks_by_id(built.ids),
            values=values,
            labels=_labels(values, using),
            keys=built.keys,
            everything=BitMap(range(len(built.ids))),
            tables={
                name: ValueTable.of(facet)
                for name, facet in built.values.items()
                if len(facet) >= MANY_VALUES
            },
        )

    # Querying ---------------------------------------------------------------------------

    def rank(self, case_id: int) -> int:
        """The case's rank, or -1 when it is not in the index (unpublished, or newer)."""
        moved = self.overflow.moved.get(case_id)
        if moved is not None:
            return moved
        return int(self.rank_by_id[case_id]) if 0 <= case_id < len(self.rank_by_id) else -1

    def _ranks(self, case_ids: Sequence[int]) -> np.ndarray:
        """The ranks of these cases, in their order; -1 for those not in the index."""
        ids = np.asarray(case_ids, dtype=np.int64)
        by_id = self.rank_by_id
        known = (ids >= 0) & (ids < len(by_id))
        ranks = np.full(len(ids), -1, dtype=np.int64)
        ranks[known] = by_id[ids[known]]
        if self.overflow.moved:
            moved_ids = np.fromiter(self.overflow.moved, np.int64, len(self.overflow.moved))
            moved_ranks = np.fromiter(
                self.overflow.moved.values(), np.int64, len(self.overflow.moved)
            )
            order = np.argsort(moved_ids)
            moved_ids, moved_ranks = moved_ids[order], moved_ranks[order]
            at = np.minimum(np.searchsorted(moved_ids, ids), len(moved_ids) - 1)
            hit = moved_ids[at] == ids
            ranks[hit] = moved_ranks[at[hit]]
        return ranks

    def _ids_at(self, ranks: np.ndarray) -> np.ndarray:
        """The case ids of these ranks (all in the index), in their order."""
        ranks = np.asarray(ranks, dtype=np.int64)
        if not len(self.overflow.ids):
            return self.ids[ranks]
        ids = np.empty(len(ranks), dtype=np.int64)
        built = ranks < self.built
        ids[built] = self.ids[ranks[built]]
        ids[~built] = self.overflow.ids[ranks[~built] - self.built]
        return ids

    def ranks_of(self, case_ids: Sequence[int]) -> BitMap:
        # Vectorised: a search can match hundreds of thousands of cases.
        ranks = self._ranks(case_ids)
        return BitMap(array("I", ranks[ranks >= 0].astype(np.uint32).tobytes()))

    def ordered_within(self, case_ids: Sequence[int], result: BitMap) -> list[int]:
        """Those of ``case_ids`` whose ranks are in ``result``, in the order given."""
        ranks = self._ranks(case_ids)
        inside = np.zeros(self.size + 1, dtype=bool)
        inside[_array(result)] = True
        # Rank -1 (not in the index) reads the last slot, which is never in a result.
        return self._ids_at(ranks[inside[ranks]]).tolist()

    def date_ranks(self, date_from: date | None, date_to: date | None) -> BitMap:
        """The ranks of cases reported in [date_from, date_to): a range of the build's
        ranks, which are in date order, and those of the overflow in it."""
        start, stop = 0, self.dated
        if date_from is not None:
            stop = int(np.searchsorted(self.negative_days, -date_from.toordinal(), "right"))
        if date_to is not None:
            start = int(np.searchsorted(self.negative_days, -date_to.toordinal(), "right"))
        ranks = BitMap(range(start, stop)) if start < stop else BitMap()
        if len(self.overflow.days):
            low = -date_to.toordinal() if date_to else -UNDATED
            high = -date_from.toordinal() if date_from else UNDATED - 1
            days = self.overflow.days
            inside = np.flatnonzero((days > low) & (days <= high)) + self.built
            ranks |= BitMap(array("I", inside.astype(np.uint32).tobytes()))
        return ranks

    def _parts(self, selection: Selection) -> tuple[BitMap, dict[str, BitMap]]:
        """What every facet's count shares (dates, search), and each facet's selection."""
        common = self.everything
        if selection.date_from or selection.date_to:
            common = common & self.date_ranks(selection.date_from, selection.date_to)
        if selection.within is not None:
            common = common & selection.within
        chosen = {
            name: BitMap.union(*(self.values.get(name, {}).get(v, EMPTY) for v in values))
            for name, values in selection.facets.items()
            if values
        }
        return common, chosen

    def needed(self, selection: Selection, *, counting: bool) -> BitMap | None:
        """The ranks a search has to look at for this selection, or None for all.

        The result needs the cases that pass every filter. Counting needs more: a facet's
        counts apply every filter but its own, so a case matters if it fails at most one
        of them. A search confined to these cases gives the same list and counts.
        """
        common, chosen = self._parts(selection)
        if not chosen:
            return None if common is self.everything else common
        if not counting:
            return self.select(selection)
        if len(chosen) == 1:
            return None if common is self.everything else common
        needed = BitMap()
        for left_out in chosen:
            base = common
            for name, bitmap in chosen.items():
                if name != left_out:
                    base = base & bitmap
            needed |= base
        return needed

    def ids_of(self, ranks: BitMap) -> list[int]:
        return self._ids_at(_array(ranks)).tolist()

    def select(self, selection: Selection) -> BitMap:
        """The ranks of the selected cases, without counting any facet."""
        common, chosen = self._parts(selection)
        for bitmap in chosen.values():
            common = common & bitmap
        return common

    def answer(self, selection: Selection) -> Answer:
        common, chosen = self._parts(selection)
        result = common
        for bitmap in chosen.values():
            result = result & bitmap
        counts: dict[str, Mapping[str, int]] = {}
        read: dict[int, tuple[BitMap, np.ndarray, list[int]]] = {}  # bases as arrays
        for name, values in self.values.items():
            if name in chosen:
                base = common
                for other, bitmap in chosen.items():
                    if other != name:
                        base = base & bitmap
            else:
                base = result
            if name in self.tables:
                counts[name] = self._tally(name, base, read)
            else:
                counts[name] = self._count(values, base)
        return Answer(result, counts)

    def _tally(
        self, name: str, base: BitMap, read: dict[int, tuple[BitMap, np.ndarray, list[int]]]
    ) -> Counts:
        """A table's counts over ``base``: the build's ranks counted by the table, the
        overflow's from the values they hold. ``read`` keeps each base read as arrays (and
        alive, so that its id names it) for the other facets counted over it."""
        table = self.tables[name]
        extra: dict[str, int] = {}
        if base is self.everything:
            counts = table.totals
            if recounted := self.recounted.get(name):
                counts = counts.copy()
                for value, count in recounted.items():
                    number = table.number_of.get(value)
                    if number is not None:
                        counts[number] = count
                    elif count:
                        extra[value] = count
            return Counts(table, counts, extra)
        if id(base) not in read:
            read[id(base)] = (base, *self._split(base))
        _, built, overflow = read[id(base)]
        counts = table.count(built, self.built)
        for rank in overflow:
            for value in self._overflow_values(rank, name):
                number = table.number_of.get(value)
                if number is None:
                    extra[value] = extra.get(value, 0) + 1
                else:
                    counts[number] += 1
        return Counts(table, counts, extra)

    def _count(self, values: dict[str, BitMap], base: BitMap) -> dict[str, int]:
        if base is self.everything:
            return {value: len(bitmap) for value, bitmap in values.items()}
        counts = {}
        for value, bitmap in values.items():
            if count := base.intersection_cardinality(bitmap):
                counts[value] = count
        return counts

    # The list's order -------------------------------------------------------------------

    def _overflow_in(self, result: BitMap) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The overflow's ranks in ``result`` in list order, their order keys (days, case
        ids) and their positions in the list."""
        count = result.range_cardinality(self.built, 1 << 32) if len(self.overflow.ids) else 0
        if not count:
            return _no_ranks(), (_no_ranks(), _no_ranks()), _no_ranks()
        ranks = np.fromiter(result[len(result) - count :], np.int64, count)
        days, ids = self.overflow.days[ranks - self.built], self.overflow.ids[ranks - self.built]
        order = np.lexsort((ids, days))
        ranks, days, ids = ranks[order], days[order], ids[order]
        before = self._built_before(days, ids)
        positions = np.fromiter(
            (result.rank(int(b) - 1) if b else 0 for b in before), np.int64, count
        ) + np.arange(count)
        return ranks, (days, ids), positions

    def _built_before(self, days: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """For cases of these order keys (in order), how many of the build's ranks come
        before each."""
        start = np.searchsorted(self.negative_days, days, "left")
        stop = np.searchsorted(self.negative_days, days, "right")
        undated = days == UNDATED
        start[undated], stop[undated] = self.dated, self.built
        before = start.copy()
        # Within a day (or among the undated), the build's ranks are in the order of ids;
        # the keys being in order, each day's cases are a run.
        runs = np.concatenate(([0], np.flatnonzero(np.diff(start)) + 1, [len(start)]))
        for first, last in zip(runs[:-1].tolist(), runs[1:].tolist(), strict=True):
            low, high = int(start[first]), int(stop[first])
            if low < high:
                before[first:last] += np.searchsorted(self.ids[low:high], ids[first:last])
        return before

    def _dated_in(self, result: BitMap, days: np.ndarray) -> int:
        dated = result.rank(self.dated - 1) if self.dated else 0
        return dated + int(np.count_nonzero(days != UNDATED))

    def page(self, result: BitMap, start: int, stop: int, *, oldest_first: bool) -> list[int]:
        """Case ids at positions [start, stop) of the result in list order."""
        stop = min(stop, len(result))
        if start >= stop:
            return []
        overflow, (days, _), positions = self._overflow_in(result)
        if not len(overflow) and not oldest_first:
            return self._ids_at(np.fromiter(result[start:stop], np.int64)).tolist()
        dated = self._dated_in(result, days) if oldest_first else 0
        ranks = []
        for position in range(start, stop):
            if oldest_first:
                # Oldest first: the newest-first order backwards, except that undated
                # cases stay last (each part backwards).
                position = _mirrored(position, dated, len(result))
            at = int(np.searchsorted(positions, position))
            if at < len(positions) and positions[at] == position:
                ranks.append(int(overflow[at]))
            else:
                ranks.append(result[position - at])
        return self._ids_at(np.asarray(ranks, dtype=np.int64)).tolist()

    def position(self, result: BitMap, case_id: int, *, oldest_first: bool) -> int | None:
        """Where the case stands in the result in list order, or None when not in it."""
        rank = self.rank(case_id)
        if rank < 0 or rank not in result:
            return None
        overflow, (days, ids), positions = self._overflow_in(result)
        if rank >= self.built:
            position = int(positions[np.flatnonzero(overflow == rank)[0]])
        else:
            day = int(self.negative_days[rank]) if rank < self.dated else UNDATED
            ahead = (days < day) | ((days == day) & (ids < case_id))
            position = result.rank(rank) - 1 + int(np.count_nonzero(ahead))
        if oldest_first:
            position = _mirrored(position, self._dated_in(result, days), len(result))
        return position

    # Changes ----------------------------------------------------------------------------

    def updated(
        self,
        entries: dict[int, CaseEntry | None],
        *,
        version: str,
        change: int,
        token: int | None,
        using: str,
    ) -> FacetIndex:
        """This index with these cases as they are now (None: no longer published).

        Each case leaves the rank it had and, if published, takes a new one in the
        overflow. Only the bitmaps that change are copied; the others stay shared.
        """
        gone = BitMap(rank for case_id in entries if (rank := self.rank(case_id)) >= 0)
        values = {name: dict(facet) for name, facet in self.values.items()}
        touched: dict[tuple[str, str], BitMap] = {}
        if gone:
            for name, facet in values.items():
                for value, bitmap in self._holding(name, facet, gone):
                    if bitmap.intersect(gone):
                        touched[name, value] = BitMap(bitmap) - gone
        ids, days = self.overflow.ids.tolist(), self.overflow.days.tolist()
        moved = dict(self.overflow.moved)
        held = list(self.overflow.values)
        added = BitMap()
        for case_id, entry in entries.items():
            if entry is None:
                moved[case_id] = -1
                continue
            rank = self.built + len(ids)
            ids.append(case_id)
            days.append(entry.key[0])
            held.append(entry.values)
            moved[case_id] = rank
            added.add(rank)
            for name, names in entry.values.items():
                for value in names:
                    bitmap = touched.get((name, value))
                    if bitmap is None:
                        bitmap = touched[name, value] = BitMap(
                            values.get(name, {}).get(value, EMPTY)
                        )
                    bitmap.add(rank)
        labels = dict(self.labels)
        recounted = {name: dict(counts) for name, counts in self.recounted.items()}
        for (name, value), bitmap in touched.items():
            facet = values.setdefault(name, {})
            if bitmap:
                facet[value] = bitmap
            else:
                facet.pop(value, None)
            if name in self.tables:
                recounted.setdefault(name, {})[value] = len(bitmap)
        new = {}
        for name, value in touched:
            if value in values.get(name, {}) and value not in labels.get(name, {}):
                new.setdefault(name, set()).add(value)
        for name, wanted in new.items():
            if name in index_rows.LABELLED:
                labels[name] = {**labels.get(name, {}), **index_rows.labels(name, wanted, using)}
        return replace(
            self,
            version=version,
            change=change,
            token=token,
            values=values,
            labels=labels,
            everything=(BitMap(self.everything) - gone) | added,
            recounted=recounted,
            overflow=Overflow(
                np.array(ids, np.int64), np.array(days, np.int64), moved, tuple(held)
            ),
        )

    def _holding(self, name: str, facet: dict[str, BitMap], ranks: BitMap):
        """(value, bitmap) of the facet's values that cases of ``ranks`` may hold. For a
        facet with a table, only the values its pairs and the overflow give these ranks:
        reading every value would touch each one's object (see value_table)."""
        table = self.tables.get(name)
        if table is None:
            return facet.items()
        built, overflow = self._split(ranks)
        names = table.values_of(built)
        for rank in overflow:
            names.update(self._overflow_values(rank, name))
        return [(value, facet[value]) for value in names if value in facet]

    def _split(self, ranks: BitMap) -> tuple[np.ndarray, list[int]]:
        """These ranks: those of the build (an array), and those of the overflow."""
        found = _array(ranks)
        cut = int(np.searchsorted(found, self.built))
        return found[:cut], found[cut:].tolist()

    def _overflow_values(self, rank: int, name: str) -> set[str]:
        """The values of facet ``name`` that the overflow's case of ``rank`` holds."""
        return self.overflow.values[rank - self.built].get(name, set())

    def renamed(self, kind: str, keys: dict[int, str], *, using: str) -> FacetIndex:
        """This index after outlets, places or tags (``kind``) were renamed or made:
        ``keys`` gives each changed row's value now (a row that is gone is left out)."""
        known = dict(self.keys.get(kind, {}))
        facet = dict(self.values.get(kind, {}))
        table = self.tables.get(kind)
        recounted = dict(self.recounted.get(kind, {}))
        names: list[tuple[str, str]] = []  # (value before, now), in the order applied
        for pk, now in keys.items():
            before = known.get(pk)
            known[pk] = now
            if before is not None and before != now and before in facet:
                bitmap = facet.pop(before)
                facet[now] = facet[now] | bitmap if now in facet else bitmap
                names.append((before, now))
                if table is not None:
                    table = table.renamed(before, now)
                    recounted.pop(before, None)
                    recounted[now] = len(facet[now])
        labels = {**self.labels, kind: index_rows.labels(kind, facet, using)}
        changed = replace(
            self,
            values={**self.values, kind: facet},
            labels=labels,
            keys={**self.keys, kind: known},
        )
        if table is None:
            return changed
        return replace(
            changed,
            tables={**self.tables, kind: table},
            recounted={**self.recounted, kind: recounted},
            overflow=replace(
                self.overflow, values=tuple(_renamed(v, kind, names) for v in self.overflow.values)
            ),
        )

    def relabelled(self, facet: str, *, using: str) -> FacetIndex:
        labels = index_rows.labels(facet, self.values.get(facet, {}), using)
        return replace(self, labels={**self.labels, facet: labels})


def _renamed(
    values: Mapping[str, set[str]], kind: str, names: list[tuple[str, str]]
) -> Mapping[str, set[str]]:
    """A changed case's values with those of ``kind`` renamed (before, now), in turn, as
    ``FacetIndex.renamed`` renamed the bitmaps."""
    held = values.get(kind)
    if not held or not names:
        return values
    renamed = set(held)
    for before, now in names:
        if before in renamed:
            renamed.discard(before)
            renamed.add(now)
    return {**values, kind: renamed}


def _array(ranks: BitMap) -> np.ndarray:
    """The ranks of a bitmap as an array (uint32, ascending)."""
    return np.frombuffer(ranks.to_array(), dtype=np.uint32)


def _mirrored(position: int, dated: int, size: int) -> int:
    """A newest-first position as oldest first reads it, each part backwards (and back)."""
    return dated - 1 - position if position < dated else size - 1 - position + dated


def _bitmap(ranks: np.ndarray) -> BitMap:
    bitmap = BitMap(array("I", ranks.astype(np.uint32).tobytes()))
    bitmap.run_optimize()
    return bitmap


def _labels(values: dict[str, dict[str, BitMap]], using: str) -> dict[str, dict[str, str]]:
    return {
        name: index_rows.labels(name, values.get(name, {}), using) for name in index_rows.LABELLED
    }
