"""A facet of many values as arrays: its values numbered, and which case holds which.

Why arrays: at a million cases the place facet has some 20,000 values and the outlet
facet 2,000. Counted value by value (a bitmap intersection each), one filter on the list
page took 32 ms at the median; counted here, by marking the base's ranks and counting the
marked pairs with numpy, 6.6 ms (bench/README.md, "Issue 16, third look"). A page also
turns into Python objects only the few values it shows (``Counts``), where counting value
by value touched the object and the name of each: in a gunicorn worker, whose objects are
the master's, touching one writes its reference count and copies its memory page.

A table covers the ranks of the build; the cases changed since (``FacetIndex.updated``)
are counted by the index itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

# Below this share of the table's pairs, a count looks up the ranks' own pairs (binary
# search); above it, it marks the ranks and reads every pair once.
LOOK_UP_BELOW = 0.1


def _number_type(values: int) -> type:
    return np.uint16 if values <= np.iinfo(np.uint16).max else np.uint32


@dataclass(frozen=True, eq=False)
class ValueTable:
    names: Sequence[str]  # value by number
    number_of: Mapping[str, int]  # number by value
    pair_ranks: np.ndarray  # uint32, ascending: the rank of each (case, value) pair
    pair_values: np.ndarray  # the value number of each pair
    totals: np.ndarray  # int64: the build's cases of each value

    @classmethod
    def of(cls, facet: Mapping[str, np.ndarray]) -> ValueTable:
        """The table of a built facet: value -> its ranks."""
        names = list(facet)
        lengths = np.fromiter((len(ranks) for ranks in facet.values()), np.int64, len(names))
        ranks = (
            np.concatenate([np.asarray(r, dtype=np.uint32) for r in facet.values()])
            if names
            else np.zeros(0, dtype=np.uint32)
        )
        values = np.repeat(np.arange(len(names), dtype=_number_type(len(names))), lengths)
        order = np.argsort(ranks, kind="stable")
        return cls.made(names, ranks[order], values[order], lengths)

    @classmethod
    def made(
        cls,
        names: Sequence[str],
        pair_ranks: np.ndarray,
        pair_values: np.ndarray,
        totals: np.ndarray,
    ) -> ValueTable:
        return cls(
            names, {name: n for n, name in enumerate(names)}, pair_ranks, pair_values, totals
        )

    def _pairs_of(self, ranks: np.ndarray) -> np.ndarray:
        """The positions of the pairs of these ranks (ascending, unique)."""
        starts = np.searchsorted(self.pair_ranks, ranks, "left")
        lengths = np.searchsorted(self.pair_ranks, ranks, "right") - starts
        ends = np.cumsum(lengths)
        return np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(
            starts - ends + lengths, lengths
        )

    def count(self, ranks: np.ndarray, built: int) -> np.ndarray:
        """The cases of each value among ``ranks`` (of the build: below ``built``;
        ascending, unique), by value number (int64)."""
        if len(ranks) < LOOK_UP_BELOW * len(self.pair_ranks):
            picked = self.pair_values[self._pairs_of(ranks)]
        else:
            marked = np.zeros(built, dtype=bool)
            marked[ranks] = True
            picked = self.pair_values[marked[self.pair_ranks]]
        return np.bincount(picked, minlength=len(self.names)).astype(np.int64, copy=False)

    def values_of(self, ranks: np.ndarray) -> set[str]:
        """The values that cases of these ranks of the build hold."""
        numbers = np.unique(self.pair_values[self._pairs_of(ranks)])
        return {self.names[n] for n in numbers.tolist()}

    def renamed(self, before: str, now: str) -> ValueTable:
        """The table with value ``before`` named ``now``: merged with ``now`` if the table
        has it (two places given one slug), renumbered only then."""
        number = self.number_of.get(before)
        if number is None:
            return self
        number_of = dict(self.number_of)
        del number_of[before]
        names = list(self.names)
        if now not in number_of:
            names[number] = now
            number_of[now] = number
            return ValueTable(names, number_of, self.pair_ranks, self.pair_values, self.totals)
        # The merged number keeps its slot and name, but no pair and no case any more; a
        # case that held both values holds the merged one once.
        values = self.pair_values.astype(np.int64)
        values[values == number] = number_of[now]
        pairs = np.unique(self.pair_ranks.astype(np.int64) * len(names) + values)
        ranks, values = np.divmod(pairs, len(names))
        return ValueTable(
            names,
            number_of,
            ranks.astype(np.uint32),
            values.astype(self.pair_values.dtype),
            np.bincount(values, minlength=len(names)).astype(np.int64),
        )


class Counts(Mapping[str, int]):
    """A facet's counts, value -> count, from a table's array of counts by value number
    and of ``extra`` values: those the table does not number, and those the table counts 0
    that must be there all the same (a selected value stays, to be unticked). Other values
    counting nothing are left out.
    A value's name is read only when it is asked for: a page asks for ten of 20,000."""

    def __init__(
        self,
        table: ValueTable,
        counts: np.ndarray,
        extra: Mapping[str, int] | None = None,
    ) -> None:
        self._table = table
        self._counts = counts
        self._extra = extra or {}
        self._numbers = np.flatnonzero(counts)

    def __len__(self) -> int:
        return len(self._numbers) + len(self._extra)

    def __iter__(self) -> Iterator[str]:
        names = self._table.names
        yield from (names[number] for number in self._numbers.tolist())
        yield from self._extra

    def __getitem__(self, value: str) -> int:
        if value in self._extra:
            return self._extra[value]
        number = self._table.number_of.get(value)
        if number is None or not self._counts[number]:
            raise KeyError(value)
        return int(self._counts[number])

    def with_zeros(self, values: set[str] | frozenset[str]) -> Counts:
        """These counts with ``values`` (none of them counted) counting 0."""
        return Counts(self._table, self._counts, {**self._extra, **dict.fromkeys(values, 0)})

    def at_least_nth(self, number: int) -> list[str]:
        """The values counting at least as much as the ``number``-th largest count: the
        only ones that can be among the first ``number`` by count."""
        counted = self._counts[self._numbers]
        every = np.concatenate((counted, np.fromiter(self._extra.values(), np.int64)))
        if number >= len(every):
            return list(self)
        least = np.partition(every, len(every) - number)[len(every) - number]
        names = self._table.names
        chosen = [names[n] for n in self._numbers[counted >= least].tolist()]
        return chosen + [value for value, count in self._extra.items() if count >= least]
