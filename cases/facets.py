"""The facets of the case list: which there are, and how their values are shown.

Counts are disjunctive: each facet is counted over the cases that match every filter but
its own, so that its values say what ticking one more would add instead of all but the
ticked ones dropping to zero. They come from the facet index (``cases.facet_index``),
where a case with two countries is in two value bitmaps and counts once under each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.http import QueryDict

# Facets show this many values on the list page; the rest are one link away.
TOP_VALUES = 10


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


def month_choice(month: date) -> tuple[str, str]:
    return f"{month:%Y-%m}", f"{month:%B %Y}"


@dataclass(frozen=True)
class FacetSpec:
    name: str
    label: str
    chronological: bool = False  # values shown newest first rather than by count


FACETS = [
    FacetSpec("category", "Category"),
    FacetSpec("exploitation", "Form of exploitation"),
    FacetSpec("sector", "Labour sector"),
    FacetSpec("country", "Country"),
    FacetSpec("place", "Place"),
    FacetSpec("outlet", "Outlet"),
    FacetSpec("year", "Year reported", chronological=True),
    FacetSpec("month", "Month reported", chronological=True),
    FacetSpec("outcome", "Outcome"),
    FacetSpec("minor", "Minor involved"),
    FacetSpec("origin", "Cable from"),
    FacetSpec("tag", "Cable tag"),
    FacetSpec("classification", "Classification"),
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
        _facet(spec, counts.get(spec.name, {}), labels.get(spec.name, {}), data) for spec in specs
    ]


def _facet(spec: FacetSpec, counts: dict[str, int], labels: dict[str, str], data: QueryDict):
    selected = set(data.getlist(spec.name))
    # Other filters can leave a selected value with no cases; it stays so it can be unticked.
    rows = [(value, labels.get(value, value), count) for value, count in counts.items()]
    rows += [(value, labels.get(value, value), 0) for value in sorted(selected - set(counts))]
    if spec.chronological:
        rows.sort(key=lambda row: row[0], reverse=True)
    else:
        rows.sort(key=lambda row: (-row[2], row[1].casefold()))
    return Facet(
        name=spec.name,
        label=spec.label,
        values=[
            FacetValue(
                value=value,
                label=label,
                count=count,
                selected=value in selected,
                facet=spec.name,
                data=data,
            )
            for value, label, count in rows
        ],
    )


def selected_values(facets: list[Facet]) -> list[tuple[Facet, FacetValue]]:
    return [(facet, choice) for facet in facets for choice in facet.values if choice.selected]


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
