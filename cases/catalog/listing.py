"""The case list as a valid query selects it: its size, its page of cases, its facets.

Counts and order come from the facet index; the search, the rows of the page and their
snippets come from the database. Exports and the case page's neighbours read the same
query through ``CaseFilter`` in SQL, which gives the same cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from math import inf

from django.db import connection
from pyroaring import BitMap

from ..models import Case, Place
from . import search
from .facet_index import FacetIndex, Selection
from .facets import FACETS_BY_NAME, Facet, build_facets
from .filters import CaseFilter
from .live_index import current_index


@dataclass
class Listing:
    cases: CasePage
    facets: list[Facet]

    @property
    def count(self) -> int:
        return len(self.cases)


def coordinates(slugs: Iterable[str]) -> dict[str, tuple[float, float]]:
    """Where these places are (slug -> latitude, longitude), for those the gazetteer could
    locate: one query for the few hundred places a map draws at most."""
    located = (
        Place.objects.filter(slug__in=list(slugs)).exclude(latitude=None).exclude(longitude=None)
    )
    return {
        slug: (lat, lon) for slug, lat, lon in located.values_list("slug", "latitude", "longitude")
    }


class CasePage(Sequence):
    """The listed cases as a sequence a Paginator can slice; rows are fetched per slice."""

    def __init__(self, index: FacetIndex, result: BitMap, order: str, ranked: list[int]):
        self.index, self.result, self.order, self.ranked = index, result, order, ranked

    def __len__(self) -> int:
        return len(self.result)

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start, stop, _ = key.indices(len(self))
        ids = self._ids(start, stop)
        rows = Case.objects.for_list().in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]

    def _ids(self, start: int, stop: int) -> list[int]:
        if self.order == "relevance":
            return self._by_relevance[start:stop]
        return self.index.page(self.result, start, stop, oldest_first=self.order == "oldest")

    @cached_property
    def _by_relevance(self) -> list[int]:
        return self.index.ordered_within(self.ranked, self.result)

    def position(self, case_id: int) -> int | None:
        """Where the case stands in this list, or None when it is not in it."""
        if self.order == "relevance":
            rank = self.index.rank(case_id)
            if rank < 0 or rank not in self.result:
                return None
            return self._by_relevance.index(case_id)
        return self.index.position(self.result, case_id, oldest_first=self.order == "oldest")

    def neighbours(self, case_id: int) -> tuple[int | None, int | None]:
        """The cases before and after this one in the list."""
        position = self.position(case_id)
        if position is None:
            return None, None
        before = self._ids(position - 1, position) if position else []
        after = self._ids(position + 1, position + 2)
        return (before[0] if before else None), (after[0] if after else None)


def list_cases(filterset: CaseFilter, facet_names: list[str] | None = None) -> Listing:
    """Run a bound, valid CaseFilter against the facet index."""
    index, selection, order, ranked = _prepare(filterset, counting=True)
    answer = index.answer(selection)
    page = CasePage(index, answer.result, order, ranked)
    return Listing(page, build_facets(answer.counts, index.labels, filterset.data, facet_names))


def selected_cases(filterset: CaseFilter) -> CasePage:
    """The cases a bound, valid CaseFilter selects, in order, without facet counts."""
    index, selection, order, ranked = _prepare(filterset, counting=False)
    return CasePage(index, index.select(selection), order, ranked)


# A search confined to the cases the filters leave passes their ids to the database; past
# this many it searches everything instead, and the index intersects.
MAX_SEARCH_CANDIDATES = 10_000


def _prepare(
    filterset: CaseFilter, *, counting: bool
) -> tuple[FacetIndex, Selection, str, list[int]]:
    index = current_index()
    data, cleaned = filterset.data, filterset.form.cleaned_data
    query = (cleaned.get("q") or "").strip()
    selection = Selection(
        facets={name: data.getlist(name) for name in FACETS_BY_NAME if data.getlist(name)},
        date_from=cleaned.get("from"),
        date_to=cleaned.get("to"),
    )
    ranked = []
    if query:
        ranked = _search(index, selection, query, counting=counting)
        selection = replace(selection, within=index.ranks_of(ranked))
    sort = cleaned.get("sort") or ""
    order = "relevance" if query and sort in ("", "relevance") else sort
    return index, selection, order or "newest", ranked


def _search(index: FacetIndex, selection: Selection, query: str, *, counting: bool) -> list[int]:
    """The ids of the cases matching ``query``, most relevant first, as far as the page
    needs them: only among the cases the filters leave, when they leave few."""
    needed = index.needed(selection, counting=counting)
    limit = min(MAX_SEARCH_CANDIDATES, connection.features.max_query_params or inf)
    if needed is None or len(needed) > limit:
        return search.matching_ids(query)
    if not needed:
        return []
    return search.matching_ids(query, among=index.ids_of(needed))
