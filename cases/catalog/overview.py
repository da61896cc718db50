"""What the archive holds, for its front page: counts, years, posts, the latest cases and
the largest values of the main facets, from the facet index and two small queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from ..models import Cable, Case
from .facets import FACETS_BY_NAME
from .live_index import current_index

LATEST = 6
WAYS_IN = ("exploitation", "country", "outcome")
WAY_VALUES = 5


@dataclass(frozen=True)
class WayIn:
    name: str
    label: str
    values: list[tuple[str, str, int]]  # value, label, cases


@dataclass(frozen=True)
class Overview:
    cables: int
    cables_with_cases: int
    cases: int
    first_year: str | None
    last_year: str | None
    posts: int
    latest: list[Case]
    ways_in: list[WayIn]


def overview() -> Overview:
    index = current_index()
    years = sorted(index.values.get("year", {}))
    latest_ids = index.page(index.everything, 0, LATEST, oldest_first=False)
    rows = Case.objects.for_list().in_bulk(latest_ids)
    ways = []
    for name in WAYS_IN:
        values = index.values.get(name, {})
        top = sorted(values.items(), key=lambda item: (-len(item[1]), item[0]))[:WAY_VALUES]
        labels = index.labels.get(name, {})
        ways.append(
            WayIn(
                name,
                FACETS_BY_NAME[name].label,
                [(value, labels.get(value, value), len(bitmap)) for value, bitmap in top],
            )
        )
    # Counted here, not kept in the index: the index knows cases, which a delta moves one
    # by one, not the cables they share (a query of the page, cached with it).
    telling = Case.objects.published().filter(cable=OuterRef("pk"))
    cables = Cable.objects.aggregate(
        total=Count("pk"),
        posts=Count("origin_name", distinct=True),
        with_cases=Count("pk", filter=Q(Exists(telling))),
    )
    return Overview(
        cables=cables["total"],
        cables_with_cases=cables["with_cases"],
        cases=len(index.everything),
        first_year=years[0] if years else None,
        last_year=years[-1] if years else None,
        posts=cables["posts"],
        latest=[rows[pk] for pk in latest_ids if pk in rows],
        ways_in=ways,
    )
