"""A month-by-month histogram of the cases the current filters select, drawn as SVG.

Built from the month facet, whose counts already apply every filter but the month itself,
so each bar says how many cases choosing that month would give. Every month between the
first and the last is drawn, empty ones included, so that gaps show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import QueryDict

from .facets import Facet, month_choice
from .filters import next_month, parse_month

WIDTH, HEIGHT = 720, 120
# Beyond this many months (fifty years) bars would be thinner than a pixel: draw none.
MAX_MONTHS = 600


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int
    href: str
    selected: bool


@dataclass(frozen=True)
class Histogram:
    bars: list[Bar]
    first: str
    last: str
    peak: int
    width: int = WIDTH
    height: int = HEIGHT


def month_histogram(facet: Facet, data: QueryDict) -> Histogram | None:
    counts = {parse_month(choice.value): choice for choice in facet.values if choice.count > 0}
    if not counts:
        return None
    months = []
    month = min(counts)
    while month <= max(counts) and len(months) <= MAX_MONTHS:
        months.append(month)
        month = next_month(month)
    if len(months) > MAX_MONTHS:
        return None
    peak = max(choice.count for choice in counts.values())
    step = WIDTH / len(months)
    bars = []
    for index, month in enumerate(months):
        choice = counts.get(month)
        count = choice.count if choice else 0
        height = HEIGHT * count / peak
        bars.append(
            Bar(
                x=round(index * step, 2),
                y=round(HEIGHT - height, 2),
                width=round(max(step - 1, 0.5), 2),
                height=round(height, 2),
                label=month_choice(month)[1],
                count=count,
                href=f"?{only_month(data, month)}",
                selected=bool(choice and choice.selected),
            )
        )
    return Histogram(bars, month_choice(months[0])[1], month_choice(months[-1])[1], peak)


def only_month(data: QueryDict, month: date) -> str:
    """The query string narrowed to one month (other filters kept), on page one."""
    query = data.copy()
    query.pop("page", None)
    query.setlist("month", [month_choice(month)[0]])
    return query.urlencode()
