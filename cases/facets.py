"""Facet counts for the case list.

Counts are disjunctive: each facet is counted over the cases that match every filter but
its own, so that its values say what ticking one more would add instead of all but the
ticked ones dropping to zero. One GROUP BY query per facet. Many-to-many facets group the
join of cases with their countries, places or cable tags: each (case, value) pair occurs
once, so a case with two countries counts once under each and never twice under one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear, TruncMonth
from django.http import QueryDict

from .filters import CaseFilter
from .labels import sector_label
from .models import Case

Row = tuple[str, str, int]  # (value in the query string, label, count)

# Facets show this many values on the list page; the rest are one link away.
TOP_VALUES = 10
# Filters that narrow the cases without being facets of their own.
NOT_FACETS = {"from", "to", "q", "sort"}


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

    @property
    def shown(self) -> list[FacetValue]:
        """The top values, and any selected value beyond them."""
        return [v for index, v in enumerate(self.values) if index < TOP_VALUES or v.selected]

    @property
    def hidden_count(self) -> int:
        return len(self.values) - len(self.shown)


def _grouped(cases: QuerySet, *columns: str) -> list[tuple]:
    return list(cases.values_list(*columns).annotate(count=Count("pk")).order_by())


def _by_count(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: (-row[2], row[1].casefold()))


def _labelled(cases: QuerySet, value: str, label: Callable[[str], str] | str | None = None):
    """Rows for a column, optionally labelled by another column or a function."""
    if isinstance(label, str):
        rows = [(v, lab or v, n) for v, lab, n in _grouped(cases, value, label) if v]
    else:
        rows = [(v, label(v) if label else v, n) for v, n in _grouped(cases, value) if v]
    return _by_count(rows)


def count_categories(cases: QuerySet) -> list[Row]:
    return _labelled(cases, "category")


def count_outlets(cases: QuerySet) -> list[Row]:
    return _labelled(cases, "outlet__slug", "outlet__name")


def count_years(cases: QuerySet) -> list[Row]:
    rows = _grouped(cases.annotate(year=ExtractYear("reported_on")), "year")
    return sorted(((str(year), str(year), n) for year, n in rows if year), reverse=True)


def count_months(cases: QuerySet) -> list[Row]:
    rows = _grouped(cases.annotate(month=TruncMonth("reported_on")), "month")
    return [(*month_choice(month), n) for month, n in sorted(r for r in rows if r[0])[::-1]]


def month_choice(month: date) -> tuple[str, str]:
    return f"{month:%Y-%m}", f"{month:%B %Y}"


def count_countries(cases: QuerySet) -> list[Row]:
    return _labelled(cases, "countries__code", "countries__name")


def count_places(cases: QuerySet) -> list[Row]:
    rows = _grouped(cases, "places__slug", "places__name", "places__country")
    return _by_count(
        [
            (slug, f"{name} ({country})" if country else name, n)
            for slug, name, country, n in rows
            if slug
        ]
    )


def count_exploitation(cases: QuerySet) -> list[Row]:
    return _labelled(cases, "exploitation", lambda v: Case.Exploitation(v).label)


def count_sectors(cases: QuerySet) -> list[Row]:
    return _labelled(cases, "sector", sector_label)


def count_outcomes(cases: QuerySet) -> list[Row]:
    return _labelled(cases, "outcome", lambda v: Case.Outcome(v).label)


MINOR_LABELS = {True: ("true", "Yes"), False: ("false", "No"), None: ("unknown", "Not stated")}


def count_minor(cases: QuerySet) -> list[Row]:
    return _by_count([(*MINOR_LABELS[flag], n) for flag, n in _grouped(cases, "minor")])


def count_origins(cases: QuerySet) -> list[Row]:
    return _labelled(cases, "cable__origin_name")


def count_tags(cases: QuerySet) -> list[Row]:
    rows = _grouped(cases, "cable__cabletag__tag__code", "cable__cabletag__tag__description")
    return _by_count([(code, f"{code} – {d}" if d else code, n) for code, d, n in rows if code])


def count_classifications(cases: QuerySet) -> list[Row]:
    return _labelled(cases, "cable__classification")


@dataclass(frozen=True)
class FacetSpec:
    name: str
    label: str
    count: Callable[[QuerySet], list[Row]]


FACETS = [
    FacetSpec("category", "Category", count_categories),
    FacetSpec("exploitation", "Form of exploitation", count_exploitation),
    FacetSpec("sector", "Labour sector", count_sectors),
    FacetSpec("country", "Country", count_countries),
    FacetSpec("place", "Place", count_places),
    FacetSpec("outlet", "Outlet", count_outlets),
    FacetSpec("year", "Year reported", count_years),
    FacetSpec("month", "Month reported", count_months),
    FacetSpec("outcome", "Outcome", count_outcomes),
    FacetSpec("minor", "Minor involved", count_minor),
    FacetSpec("origin", "Cable from", count_origins),
    FacetSpec("tag", "Cable tag", count_tags),
    FacetSpec("classification", "Classification", count_classifications),
]
FACETS_BY_NAME = {spec.name: spec for spec in FACETS}


def count_facets(filterset: CaseFilter, names: list[str] | None = None) -> list[Facet]:
    """The facets (all, or those named) of a bound and valid CaseFilter."""
    specs = FACETS if names is None else [FACETS_BY_NAME[name] for name in names]
    return [count_facet(filterset, spec) for spec in specs]


def selected_values(facets: list[Facet]) -> list[tuple[Facet, FacetValue]]:
    return [(facet, choice) for facet in facets for choice in facet.values if choice.selected]


def count_facet(filterset: CaseFilter, spec: FacetSpec) -> Facet:
    selected = set(filterset.data.getlist(spec.name))
    rows = spec.count(filter_all_but(filterset, spec.name))
    counted = {value for value, _, _ in rows}
    # Other filters can leave a selected value with no cases; it stays so it can be unticked.
    rows += [(value, value, 0) for value in sorted(selected - counted)]
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
    """The cases every filter but ``excluded`` (and sorting) lets through."""
    cases = filterset.queryset
    for name, value in filterset.form.cleaned_data.items():
        if name not in (excluded, "sort"):
            cases = filterset.filters[name].filter(cases, value)
    return cases


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
