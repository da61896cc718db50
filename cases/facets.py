"""Facet counts for the case list.

Counts are disjunctive: each facet is counted over the cases that match every filter but
its own, so that its values say what ticking one more would add instead of all but the
ticked ones dropping to zero. One GROUP BY query per facet.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.http import QueryDict

from .filters import CaseFilter

Row = tuple[str, str, int]  # (value in the query string, label, count)


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    toggle_query: str  # the current query string with this value ticked or unticked


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[FacetValue]


def count_categories(cases: QuerySet) -> list[Row]:
    rows = (
        cases.exclude(category="")
        .values_list("category")
        .annotate(count=Count("pk"))
        .order_by("-count", "category")
    )
    return [(category, category, count) for category, count in rows]


def count_outlets(cases: QuerySet) -> list[Row]:
    return list(
        cases.exclude(outlet=None)
        .values_list("outlet__slug", "outlet__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "outlet__name")
    )


def count_months(cases: QuerySet) -> list[Row]:
    rows = (
        cases.exclude(reported_on=None)
        .annotate(month=TruncMonth("reported_on"))
        .values_list("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )
    return [(*month_choice(month), count) for month, count in rows]


def month_choice(month: date) -> tuple[str, str]:
    return f"{month:%Y-%m}", f"{month:%B %Y}"


@dataclass(frozen=True)
class FacetSpec:
    name: str
    label: str
    count: Callable[[QuerySet], list[Row]]
    # Turns a selected value, as the filter cleaned it, into (value, label).
    choice: Callable[[object], tuple[str, str]]


FACETS = [
    FacetSpec("category", "Category", count_categories, lambda category: (category, category)),
    FacetSpec("outlet", "Outlet", count_outlets, lambda outlet: (outlet.slug, outlet.name)),
    FacetSpec("month", "Month reported", count_months, month_choice),
]


def count_facets(filterset: CaseFilter) -> list[Facet]:
    """The facets of a bound and valid CaseFilter."""
    return [count_facet(filterset, spec) for spec in FACETS]


def selected_values(facets: list[Facet]) -> list[tuple[Facet, FacetValue]]:
    return [(facet, choice) for facet in facets for choice in facet.values if choice.selected]


def count_facet(filterset: CaseFilter, spec: FacetSpec) -> Facet:
    selected = dict(map(spec.choice, filterset.form.cleaned_data[spec.name]))
    rows = spec.count(filter_all_but(filterset, spec.name))
    counted = {value for value, _, _ in rows}
    # Other filters can leave a selected value with no cases; it stays so it can be unticked.
    rows += [(value, label, 0) for value, label in selected.items() if value not in counted]
    return Facet(
        name=spec.name,
        label=spec.label,
        values=[
            FacetValue(
                value=value,
                label=label,
                count=count,
                selected=value in selected,
                toggle_query=toggle(filterset.data, spec.name, value),
            )
            for value, label, count in rows
        ],
    )


def filter_all_but(filterset: CaseFilter, excluded: str) -> QuerySet:
    cases = filterset.queryset
    for name, value in filterset.form.cleaned_data.items():
        if name != excluded:
            cases = filterset.filters[name].filter(cases, value)
    return cases


def toggle(data: QueryDict, name: str, value: str) -> str:
    """The query string with ``value`` added to or removed from ``name``, on page one."""
    query = data.copy()
    query.pop("page", None)
    values = query.getlist(name)
    query.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    return query.urlencode()
