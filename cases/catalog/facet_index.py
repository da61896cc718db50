"""An in-memory index of the published cases: facet counts and list pages from bitmaps.

Counting thirteen facets with GROUP BY queries costs seconds at a million cases (see
../shared/PERFORMANCE.md); intersecting compressed bitmaps costs milliseconds. Each
published case gets a *rank*, its position in the list's default order (newest first,
undated last), and every facet value holds the bitmap of its cases' ranks. A query is then
set algebra: the result is the intersection of the selected values' unions, and a facet's
disjunctive counts are the sizes of its values' intersections with every selection but
its own. The first ranks of the result are the first page, already in order.

The database stays the source of truth: the index is rebuilt whenever the archive's
version changes (a trigger on every table the facets read gives it a new random value, see
``ArchiveState``), and search, rows and everything else still come from SQL.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np
from django.db.models import F
from pyroaring import BitMap

from ..labels import sector_label
from ..models import ArchiveState, Cable, CableTag, Case, Country, Outlet, Place, Tag

# Facets whose values are single columns of the case row, in the order the rows give them.
CASE_COLUMNS = ("category", "outlet_id", "exploitation", "sector", "outcome", "minor")
MINOR_VALUES = {True: "true", False: "false", None: "unknown"}
EMPTY = BitMap()


@cache
def _month(day: date) -> str:
    # Cached: a million cases share a few thousand days, and strftime is slow.
    return f"{day:%Y-%m}"


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
    counts: dict[str, dict[str, int]]  # facet -> value -> disjunctive count (zeros left out)


class FacetIndex:
    def __init__(self, version: str) -> None:
        self.version = version
        self.ids = array("q")  # case id by rank
        self.rank_by_id = array("q")  # rank by case id, -1 for cases not in the index
        self.negative_days: list[int] = []  # -date.toordinal() of dated ranks, ascending
        self.values: dict[str, dict[str, BitMap]] = {}
        self.labels: dict[str, dict[str, str]] = {}
        self.everything = EMPTY

    @property
    def dated(self) -> int:
        return len(self.negative_days)

    # Building ---------------------------------------------------------------------------

    @classmethod
    def build(cls, version: str) -> FacetIndex:
        index = cls(version)
        ranks: dict[str, dict[object, list[int]]] = defaultdict(lambda: defaultdict(list))
        by_cable: dict[int, list[int]] = defaultdict(list)
        rows = (
            Case.objects.published()
            .order_by(F("reported_on").desc(nulls_last=True), "id")
            .values_list("id", "reported_on", "cable_id", *CASE_COLUMNS)
        )
        for rank, (case_id, reported_on, cable_id, *columns) in enumerate(rows.iterator(10_000)):
            index.ids.append(case_id)
            by_cable[cable_id].append(rank)
            if reported_on is not None:
                index.negative_days.append(-reported_on.toordinal())
                ranks["month"][_month(reported_on)].append(rank)
                ranks["year"][str(reported_on.year)].append(rank)
            for name, value in zip(CASE_COLUMNS, columns, strict=True):
                ranks[name][value].append(rank)
        index.everything = BitMap(range(len(index.ids)))
        ids = np.frombuffer(index.ids, dtype=np.int64)
        rank_by_id = np.full(int(ids.max()) + 1 if len(ids) else 0, -1, dtype=np.int64)
        rank_by_id[ids] = np.arange(len(ids), dtype=np.int64)
        index.rank_by_id = array("q", rank_by_id.tobytes())

        outlets = dict(Outlet.objects.values_list("pk", "slug"))
        ranks["outlet"] = {outlets[pk]: r for pk, r in ranks.pop("outlet_id", {}).items() if pk}
        ranks["minor"] = {MINOR_VALUES[flag]: r for flag, r in ranks["minor"].items()}
        index._add_related(ranks, "country", Case.countries.through, "country_id")
        index._add_related(ranks, "place", Case.places.through, "place__slug")
        index._add_cable_facets(ranks, by_cable)
        index.values = {
            name: {str(value): BitMap(r) for value, r in values.items() if value not in ("", None)}
            for name, values in ranks.items()
        }
        index.labels = _labels(index.values)
        return index

    def _add_related(self, ranks, facet: str, through, column: str) -> None:
        for case_id, value in through.objects.values_list("case_id", column).iterator(50_000):
            if (rank := self.rank(case_id)) >= 0:
                ranks[facet][value].append(rank)

    def _add_cable_facets(self, ranks, by_cable: dict[int, list[int]]) -> None:
        # Every cable is read and those without a published case skipped: a list of
        # 250,000 ids in the query cost more (7 s) than the rows it would spare.
        cables = Cable.objects.values_list("pk", "origin_name", "classification")
        for cable_id, origin, classification in cables.iterator(10_000):
            if case_ranks := by_cable.get(cable_id):
                ranks["origin"][origin].extend(case_ranks)
                ranks["classification"][classification].extend(case_ranks)
        links = CableTag.objects.values_list("cable_id", "tag__code")
        for cable_id, code in links.iterator(50_000):
            if case_ranks := by_cable.get(cable_id):
                ranks["tag"][code].extend(case_ranks)

    # Querying ---------------------------------------------------------------------------

    def rank(self, case_id: int) -> int:
        """The case's rank, or -1 when it is not in the index (unpublished, or newer)."""
        return self.rank_by_id[case_id] if case_id < len(self.rank_by_id) else -1

    def _ranks(self, case_ids: Sequence[int]) -> np.ndarray:
        """The ranks of these cases, in their order; -1 for those not in the index."""
        ids = np.asarray(case_ids, dtype=np.int64)
        by_id = np.frombuffer(self.rank_by_id, dtype=np.int64)
        known = (ids >= 0) & (ids < len(by_id))
        ranks = np.full(len(ids), -1, dtype=np.int64)
        ranks[known] = by_id[ids[known]]
        return ranks

    def ranks_of(self, case_ids: Sequence[int]) -> BitMap:
        # Vectorised: a search can match hundreds of thousands of cases.
        ranks = self._ranks(case_ids)
        return BitMap(array("I", ranks[ranks >= 0].astype(np.uint32).tobytes()))

    def ordered_within(self, case_ids: Sequence[int], result: BitMap) -> list[int]:
        """Those of ``case_ids`` whose ranks are in ``result``, in the order given."""
        ranks = self._ranks(case_ids)
        inside = np.zeros(len(self.ids) + 1, dtype=bool)
        inside[np.frombuffer(result.to_array(), dtype=np.uint32)] = True
        # Rank -1 (not in the index) reads the last slot, which is never in a result.
        kept = ranks[inside[ranks]]
        return np.frombuffer(self.ids, dtype=np.int64)[kept].tolist()

    def date_ranks(self, date_from: date | None, date_to: date | None) -> BitMap:
        """The ranks of cases reported in [date_from, date_to): a range, as ranks are in
        date order."""
        start, stop = 0, self.dated
        if date_from is not None:
            stop = bisect_right(self.negative_days, -date_from.toordinal())
        if date_to is not None:
            start = bisect_right(self.negative_days, -date_to.toordinal())
        return BitMap(range(start, stop)) if start < stop else BitMap()

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
        ids = np.frombuffer(self.ids, dtype=np.int64)
        return ids[np.frombuffer(ranks.to_array(), dtype=np.uint32)].tolist()

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
        counts = {}
        for name, values in self.values.items():
            if name in chosen:
                base = common
                for other, bitmap in chosen.items():
                    if other != name:
                        base = base & bitmap
            else:
                base = result
            counts[name] = self._count(values, base)
        return Answer(result, counts)

    def _count(self, values: dict[str, BitMap], base: BitMap) -> dict[str, int]:
        if base is self.everything:
            return {value: len(bitmap) for value, bitmap in values.items()}
        counts = {}
        for value, bitmap in values.items():
            if count := base.intersection_cardinality(bitmap):
                counts[value] = count
        return counts

    def page(self, result: BitMap, start: int, stop: int, *, oldest_first: bool) -> list[int]:
        """Case ids at positions [start, stop) of the result in list order."""
        stop = min(stop, len(result))
        if start >= stop:
            return []
        if not oldest_first:
            return [self.ids[rank] for rank in result[start:stop]]
        # Oldest first: the newest-first order backwards, except that undated cases stay
        # last (each part backwards).
        dated = result & BitMap(range(self.dated)) if self.dated else BitMap()
        undated = result - dated
        ranks = []
        for position in range(start, stop):
            if position < len(dated):
                ranks.append(dated[len(dated) - 1 - position])
            else:
                ranks.append(undated[len(undated) - 1 - (position - len(dated))])
        return [self.ids[rank] for rank in ranks]


def _labels(values: dict[str, dict[str, BitMap]]) -> dict[str, dict[str, str]]:
    # The tables of names are read whole (a few ten thousand rows at most) and the values
    # the index holds picked from them: cheaper than sending every value in the query.
    places, tags, outlets = (values.get(name, {}) for name in ("place", "tag", "outlet"))
    return {
        "outlet": {
            slug: name
            for slug, name in Outlet.objects.values_list("slug", "name")
            if slug in outlets
        },
        "country": dict(Country.objects.values_list("code", "name")),
        "place": {
            slug: f"{name} ({country})" if country else name
            for slug, name, country in Place.objects.values_list("slug", "name", "country")
            if slug in places
        },
        "tag": {
            code: f"{code} – {description}" if description else code
            for code, description in Tag.objects.values_list("code", "description")
            if code in tags
        },
        "exploitation": {
            value: Case.Exploitation(value).label for value in values.get("exploitation", {})
        },
        "outcome": {value: Case.Outcome(value).label for value in values.get("outcome", {})},
        "sector": {value: sector_label(value) for value in values.get("sector", {})},
        "minor": {"true": "Yes", "false": "No", "unknown": "Not stated"},
        "month": {
            value: date.fromisoformat(f"{value}-01").strftime("%B %Y")
            for value in values.get("month", {})
        },
    }


_lock = threading.Lock()
_current: FacetIndex | None = None


def current_index() -> FacetIndex:
    """The index of the archive as it is now, rebuilt when the data has changed."""
    global _current
    version = ArchiveState.current_version()
    index = _current
    if index is not None and index.version == version:
        return index
    with _lock:
        if _current is None or _current.version != version:
            _current = FacetIndex.build(version)
        return _current


def built_version() -> str | None:
    """The archive version of the index this process holds, if it has built one (the
    health check reports it without building one)."""
    index = _current
    return index.version if index is not None else None
