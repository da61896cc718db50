"""Previous and next cases within the list an analyst came from.

The list links to a case as ``/cases/7/?back=<the list's query string>``: the case keeps
its one permalink, and the page can still step through the list and return to it. The
neighbours are found by keyset on the list's own ordering, whatever sort the query chose,
with one cheap query each, never by loading the list.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import connections
from django.db.models import F, OrderBy, Q, QuerySet, Subquery
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode

from .filters import CaseFilter, PageForm
from .models import Case


@dataclass(frozen=True)
class ListPosition:
    list_url: str
    previous_url: str | None
    next_url: str | None


def position_in_list(case: Case, back: str) -> ListPosition:
    """Where ``case`` stands in the list that the query string ``back`` selects.

    An invalid ``back`` is ignored, as if the analyst came from the whole list.
    """
    query = QueryDict(back)
    filterset = CaseFilter(query, queryset=Case.objects.published().for_list())
    if not (filterset.is_valid() and PageForm(query).is_valid()):
        return position_in_list(case, "")
    back = query.urlencode()
    previous, following = neighbours(filterset.qs, case)
    return ListPosition(
        list_url=f"{reverse('cases:case-list')}?{back}" if back else reverse("cases:case-list"),
        previous_url=case_url(previous, back) if previous else None,
        next_url=case_url(following, back) if following else None,
    )


def case_url(pk: int, back: str) -> str:
    url = reverse("cases:case-detail", kwargs={"pk": pk})
    return f"{url}?{urlencode({'back': back})}" if back else url


@dataclass(frozen=True)
class SortKey:
    """One term of an ORDER BY, with where its NULLs go made explicit."""

    name: str
    descending: bool
    nulls_last: bool

    def reversed(self) -> "SortKey":
        return SortKey(self.name, not self.descending, not self.nulls_last)

    def ordering(self) -> OrderBy:
        return OrderBy(
            F(self.name),
            descending=self.descending,
            nulls_first=None if self.nulls_last else True,
            nulls_last=True if self.nulls_last else None,
        )

    def equal(self, value) -> Q:
        return Q(**{f"{self.name}__isnull": True} if value is None else {self.name: value})

    def beyond(self, value) -> Q | None:
        """Rows that this key alone puts after ``value``, if any can be."""
        if value is None:
            return None if self.nulls_last else Q(**{f"{self.name}__isnull": False})
        beyond = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        return beyond | Q(**{f"{self.name}__isnull": True}) if self.nulls_last else beyond


def neighbours(cases: QuerySet, case: Case) -> tuple[int | None, int | None]:
    """The ids before and after ``case`` in the ordered ``cases``; none if it is not there.

    Keyset needs a total order: every sort of the list ends with the id.
    """
    terms = [as_order_by(item) for item in cases.query.order_by or Case._meta.ordering]
    names = [f"sort_key_{n}" for n in range(len(terms))]
    cases = cases.annotate(**dict(zip(names, (term.expression for term in terms), strict=True)))
    here = cases.filter(pk=case.pk)
    values = here.values_list(*names).first()
    if values is None:
        return None, None
    # The case's own sort values are compared in the database, not sent back from Python:
    # a search rank is a 4-byte float that does not survive the round trip exactly.
    position = [
        None if value is None else Subquery(here.values(name)[:1])
        for name, value in zip(names, values, strict=True)
    ]
    largest = connections[cases.db].features.nulls_order_largest
    keys = [
        SortKey(name, term.descending, puts_nulls_last(term, largest))
        for name, term in zip(names, terms, strict=True)
    ]
    return (
        first_after(cases, [key.reversed() for key in keys], position),
        first_after(cases, keys, position),
    )


def puts_nulls_last(term: OrderBy, nulls_order_largest: bool) -> bool:
    # Unless the term says, the database decides: PostgreSQL sorts NULLs as the largest
    # values, SQLite as the smallest.
    if term.nulls_last or term.nulls_first:
        return bool(term.nulls_last)
    return nulls_order_largest != term.descending


def as_order_by(item) -> OrderBy:
    if isinstance(item, str):
        return F(item[1:]).desc() if item.startswith("-") else F(item).asc()
    return item if isinstance(item, OrderBy) else item.asc()


def first_after(cases: QuerySet, keys: list[SortKey], position: list) -> int | None:
    """The first id after ``position`` (sort values, None for NULL) in the order of ``keys``."""
    beyond, ties = [], Q()
    for key, value in zip(keys, position, strict=True):
        condition = key.beyond(value)
        if condition is not None:
            beyond.append(ties & condition)
        ties &= key.equal(value)
    if not beyond:
        return None
    return (
        cases.filter(reduce(or_, beyond))
        .order_by(*(key.ordering() for key in keys))
        .values_list("pk", flat=True)
        .first()
    )
