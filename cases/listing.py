"""The case list as a valid query selects it: its size, its page of cases, its facets.

Counts and order come from the facet index; the search, the rows of the page and their
snippets come from the database. Exports and the case page's neighbours read the same
query through ``CaseFilter`` in SQL, which gives the same cases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyroaring import BitMap

from . import search
from .facet_index import FacetIndex, Selection, current_index
from .facets import FACETS_BY_NAME, Facet, build_facets
from .filters import CaseFilter
from .models import Case


@dataclass
class Listing:
    cases: CasePage
    facets: list[Facet]

    @property
    def count(self) -> int:
        return len(self.cases)


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
            ranks = (self.index.rank(pk) for pk in self.ranked)
            in_result = [self.index.ids[r] for r in ranks if r >= 0 and r in self.result]
            return in_result[start:stop]
        return self.index.page(self.result, start, stop, oldest_first=self.order == "oldest")


def list_cases(filterset: CaseFilter, facet_names: list[str] | None = None) -> Listing:
    """Run a bound, valid CaseFilter against the facet index."""
    index = current_index()
    data, cleaned = filterset.data, filterset.form.cleaned_data
    query = (cleaned.get("q") or "").strip()
    ranked = search.matching_ids(query) if query else []
    selection = Selection(
        facets={name: data.getlist(name) for name in FACETS_BY_NAME if data.getlist(name)},
        date_from=cleaned.get("from"),
        date_to=cleaned.get("to"),
        within=index.ranks_of(ranked) if query else None,
    )
    answer = index.answer(selection)
    sort = cleaned.get("sort") or ""
    order = "relevance" if query and sort in ("", "relevance") and search.on_postgres() else sort
    page = CasePage(index, answer.result, order or "newest", ranked)
    return Listing(page, build_facets(answer.counts, index.labels, data, facet_names))
