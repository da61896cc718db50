"""The facets of the case list: which there are, and how their values are shown.

Counts are disjunctive: each facet is counted over the cases that match every filter but
its own, so that its values say what ticking one more would add instead of all but the
ticked ones dropping to zero. They come from the facet index (``cases.catalog.facet_index``),
where a case with two countries is in two value bitmaps and counts once under each.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.http import QueryDict

from .value_table import Counts

# Facets show this many values on the list page, this many more behind "show all", and
# the rest (a facet can have thousands) on a page of their own.
TOP_VALUES = 5
MORE_VALUES = 15


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    facet: str
    data: QueryDict = field(repr=False, compare=False)

    @property
    def toggle_query(self) -> str:
        """The current query string with this value ticked or unticked. Worked out only for
        the values a page shows: a facet can have tens of thousands."""
        return toggle(self.data, self.facet, self.value)


@dataclass(frozen=True)
class Facet:
    """A facet's disjunctive counts, turned into ordered values only as far as a page
    reads them: a facet can have tens of thousands of values, a page shows ten."""

    name: str
    label: str
    # value -> count; a selected value with no cases counts 0. A facet of many values
    # brings Counts, which are read value by value only as far as a page asks.
    counts: Mapping[str, int]
    labels: dict[str, str] = field(repr=False)
    selected: frozenset[str]
    data: QueryDict = field(repr=False, compare=False)
    chronological: bool = False  # newest first rather than by count
    by_label: bool = False  # alphabetical, as the page of all values offers
    main: bool = False

    @property
    def size(self) -> int:
        return len(self.counts)

    @cached_property
    def values(self) -> list[FacetValue]:
        """Every value, in order."""
        return [self._value(value) for value in self._sorted(self.counts)]

    def first(self, number: int) -> list[FacetValue]:
        """The first ``number`` values in order, then any selected value after them."""
        head = self._sorted(self.counts) if number >= self.size else self._head(number)
        later = self._sorted(self.selected.difference(head))
        return [self._value(value) for value in head + later]

    @cached_property
    def _page_head(self) -> list[str]:
        """The values the list page shows, in order: one partial sort for both parts."""
        return self._sorted(self.counts) if MORE_VALUES >= self.size else self._head(MORE_VALUES)

    @cached_property
    def shown(self) -> list[FacetValue]:
        """The top values, and any selected value beyond them."""
        top = self._page_head[:TOP_VALUES]
        later = self._sorted(self.selected.difference(top))
        return [self._value(value) for value in top + later]

    @cached_property
    def more(self) -> list[FacetValue]:
        """The values after the top ones, as far as the list page shows them."""
        return [
            self._value(value)
            for value in self._page_head[TOP_VALUES:]
            if value not in self.selected
        ]

    @property
    def hidden_count(self) -> int:
        """Values the list page does not show at all (on the page of every value)."""
        return self.size - len(self.shown) - len(self.more)

    def _label(self, value: str) -> str:
        return self.labels.get(value, value)

    def _sort_key(self, value: str):
        if self.by_label:
            return self._label(value).casefold()
        return self._by_count(value)

    def _by_count(self, value: str) -> tuple[int, str]:
        return (-self.counts[value], self._label(value).casefold())

    def _sorted(self, values) -> list[str]:
        if self.chronological and not self.by_label:
            return sorted(values, reverse=True)
        return sorted(values, key=self._sort_key)

    def _head(self, number: int) -> list[str]:
        """The first ``number`` values without sorting them all."""
        if number <= 0:
            return []
        if self.chronological and not self.by_label:
            return heapq.nlargest(number, self.counts)
        if self.by_label:
            return heapq.nsmallest(number, self.counts, key=self._sort_key)
        return self.largest(number)

    def largest(self, number: int) -> list[str]:
        """The ``number`` values of the most cases, in order (ties by label)."""
        if number <= 0:
            return []
        # Only values counting at least as much as the number-th can be among the first;
        # labels are looked up for those alone.
        if number >= self.size:
            candidates = list(self.counts)
        elif isinstance(self.counts, Counts):
            candidates = self.counts.at_least_nth(number)
        else:
            least = heapq.nlargest(number, self.counts.values())[-1]
            candidates = [v for v, count in self.counts.items() if count >= least]
        return sorted(candidates, key=self._by_count)[:number]

    def _value(self, value: str) -> FacetValue:
        return FacetValue(
            value=value,
            label=self._label(value),
            count=self.counts[value],
            selected=value in self.selected,
            facet=self.name,
            data=self.data,
        )


def month_choice(month: date) -> tuple[str, str]:
    return f"{month:%Y-%m}", f"{month:%B %Y}"


@dataclass(frozen=True)
class FacetSpec:
    name: str
    label: str
    chronological: bool = False  # values shown newest first rather than by count
    main: bool = False  # among the first filters; the others are under "More filters"


# The main facets are the controlled vocabularies of the case's fields; the cable's own
# metadata and the section heading it is told under come after them.
FACETS = [
    FacetSpec("exploitation", "Form of exploitation", main=True),
    FacetSpec("sector", "Labour sector", main=True),
    FacetSpec("outcome", "Outcome", main=True),
    FacetSpec("minor", "Minor involved", main=True),
    FacetSpec("country", "Country", main=True),
    FacetSpec("place", "Place", main=True),
    FacetSpec("year", "Year reported", chronological=True, main=True),
    FacetSpec("month", "Month reported", chronological=True),
    FacetSpec("outlet", "Outlet"),
    FacetSpec("origin", "Cable from"),
    FacetSpec("tag", "Cable tag"),
    FacetSpec("classification", "Classification"),
    FacetSpec("category", "Section of the cable"),
]
FACETS_BY_NAME = {spec.name: spec for spec in FACETS}


def build_facets(
    counts: dict[str, dict[str, int]],
    labels: dict[str, dict[str, str]],
    data: QueryDict,
    names: list[str] | None = None,
) -> list[Facet]:
    """Facets (all, or those named) from disjunctive counts, for the query ``data``."""
    specs = FACETS if names is None else [FACETS_BY_NAME[name] for name in names]
    return [
        facet_of(spec, counts.get(spec.name, {}), labels.get(spec.name, {}), data) for spec in specs
    ]


def facet_of(
    spec: FacetSpec, counts: Mapping[str, int], labels: dict[str, str], data: QueryDict
) -> Facet:
    """A facet from its disjunctive counts (selected values without any case count 0)."""
    selected = frozenset(data.getlist(spec.name))
    # Other filters can leave a selected value with no cases; it stays so it can be unticked.
    # (Looked up one by one: ``set.difference`` would read every value of the counts.)
    missing = {value for value in selected if value not in counts}
    if missing:
        if isinstance(counts, Counts):
            counts = counts.with_zeros(missing)
        else:
            counts = {**counts, **dict.fromkeys(missing, 0)}
    return Facet(
        name=spec.name,
        label=spec.label,
        counts=counts,
        labels=labels,
        selected=selected,
        data=data,
        chronological=spec.chronological,
        main=spec.main,
    )


def selected_values(facets: list[Facet]) -> list[tuple[Facet, FacetValue]]:
    return [(facet, choice) for facet in facets for choice in facet.first(0)]


def toggle(data: QueryDict, name: str, value: str) -> str:
    """The query string with ``value`` added to or removed from ``name``, on page one."""
    query = data.copy()
    query.pop("page", None)
    values = query.getlist(name)
    query.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    return query.urlencode()


def query_without(data: QueryDict, *names: str) -> str:
    query = data.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
