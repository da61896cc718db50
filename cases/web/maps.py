"""Maps of case places, drawn as SVG on the server: no tile server, nothing fetched.

The world outline is Natural Earth's 1:110m countries as the npm package ``world-atlas``
ships them (TopoJSON, installed by ``make install``; ``settings.WORLD_ATLAS_DIR``). It is
decoded once per process into one SVG document, served at its own URL and drawn under
each map as an image, so that a page carries only its markers. Places are drawn where
the gazetteer puts them (``Place.latitude``/``longitude``), in the plate carrée
projection: a degree is two units across and two down.

Every string written into the SVG (place names) is escaped here.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from ..catalog.facets import toggle
from ..labels import counted

logger = logging.getLogger(__name__)

UNIT = 2  # SVG units per degree
WIDTH, HEIGHT = 360 * UNIT, 180 * UNIT
# The world map leaves out Antarctica and the Arctic Ocean: no case is told there.
TOP, BOTTOM = 84, -58
# A zoomed map spans at least this many degrees across (2:1, as the world map).
MIN_SPAN = 40
MAX_MARKERS = 150


def project(latitude: float, longitude: float) -> tuple[float, float]:
    return round((longitude + 180) * UNIT, 1), round((90 - latitude) * UNIT, 1)


@cache
def outline_svg() -> str:
    """The world's countries as one SVG document (empty of shapes when world-atlas is not
    installed: the markers are still drawn, over a plain sea)."""
    paths = ""
    source = Path(settings.WORLD_ATLAS_DIR) / "countries-110m.json"
    try:
        paths = "".join(
            f'<path d="{d}"><title>{escape(name)}</title></path>'
            for name, d in _country_paths(json.loads(source.read_text(encoding="utf-8")))
        )
    except OSError:
        logger.warning("no world outline at %s: run make install (npm ci)", source)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#e8eef4"/>'
        f'<g fill="#f7f5ef" stroke="#a9a9a0" stroke-width="0.4">{paths}</g></svg>'
    )


def _country_paths(topology: dict) -> list[tuple[str, str]]:
    """(name, path data) of each country of a TopoJSON topology (quantized, delta-encoded
    arcs; a negative arc index ~i is arc i reversed)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(project(y * sy + ty, x * sx + tx))
        arcs.append(points)

    def ring(indexes: list[int]) -> str:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        # Rings that cross the antimeridian (Russia, Fiji) jump from one edge of the map to
        # the other: drawn continuous past the edge, and again a world away, so that the
        # map's frame cuts both where the edge is.
        shift, unwrapped = 0.0, []
        for n, (x, y) in enumerate(points):
            if n and abs(x + shift - unwrapped[-1][0]) > WIDTH / 2:
                shift += WIDTH if x + shift < unwrapped[-1][0] else -WIDTH
            unwrapped.append((round(x + shift, 1), y))
        copies = [0.0]
        if max(x for x, _ in unwrapped) > WIDTH:
            copies.append(-WIDTH)
        if min(x for x, _ in unwrapped) < 0:
            copies.append(WIDTH)
        return "".join(
            "M" + "L".join(f"{x + offset:g},{y:g}" for x, y in unwrapped) + "Z" for offset in copies
        )

    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        d = "".join(ring(rings) for polygon in polygons for rings in polygon)
        found.append((geometry.get("properties", {}).get("name", ""), d))
    return found


@dataclass(frozen=True)
class Marker:
    name: str
    latitude: float
    longitude: float
    count: int
    href: str

    @property
    def title(self) -> str:
        return f"{self.name}: {counted(self.count)}"


@dataclass(frozen=True)
class PlaceMap:
    markers: list[Marker]
    view: tuple[float, float, float, float]  # x, y, width, height
    outline_url: str
    caption: str

    @property
    def view_box(self) -> str:
        return " ".join(f"{value:g}" for value in self.view)

    def svg_markers(self) -> SafeString:
        """The markers as SVG links, the most cases drawn last (on top); names escaped."""
        peak = max((marker.count for marker in self.markers), default=1)
        scale = self.view[2] / WIDTH
        items = []
        for marker in sorted(self.markers, key=lambda marker: marker.count):
            x, y = project(marker.latitude, marker.longitude)
            radius = round(scale * (2.5 + 7.5 * math.sqrt(marker.count / peak)), 2)
            items.append(
                f'<a href="{escape(marker.href)}" aria-label="{escape(marker.title)}">'
                f'<circle class="marker" cx="{x}" cy="{y}" r="{radius}">'
                f"<title>{escape(marker.title)}</title></circle></a>"
            )
        return mark_safe("".join(items))


def world_view() -> tuple[float, float, float, float]:
    top = (90 - TOP) * UNIT
    return 0.0, float(top), float(WIDTH), float((TOP - BOTTOM) * UNIT)


def fitted_view(markers: list[Marker]) -> tuple[float, float, float, float]:
    """The part of the world around the markers (2:1, at least MIN_SPAN degrees across)."""
    if not markers:
        return world_view()
    xs, ys = zip(*(project(m.latitude, m.longitude) for m in markers), strict=True)
    width = max(max(xs) - min(xs), (max(ys) - min(ys)) * 2)
    width = min(max(width * 1.4, MIN_SPAN * UNIT), WIDTH)
    height = width / 2
    x = min(max((max(xs) + min(xs)) / 2 - width / 2, 0), WIDTH - width)
    y = min(max((max(ys) + min(ys)) / 2 - height / 2, 0), HEIGHT - height)
    return round(x, 1), round(y, 1), round(width, 1), round(height, 1)


def place_map(markers: list[Marker], outline_url: str, *, fit: bool, caption: str) -> PlaceMap:
    markers = sorted(markers, key=lambda marker: -marker.count)[:MAX_MARKERS]
    view = fitted_view(markers) if fit else world_view()
    return PlaceMap(markers, view, outline_url, caption)


def list_map(
    facet, locate: Callable[[list[str]], dict[str, tuple[float, float]]], outline_url: str
) -> PlaceMap:
    """The places of the listed cases, from the place facet (each count applies every
    filter but the place itself, as a tick would): a marker adds its place to the query.

    Only the MAX_MARKERS places with the most cases are drawn (a facet can count tens of
    thousands), and only their links are worked out."""
    counts = facet.counts
    # The largest first, with a margin for places the gazetteer could not locate: a facet
    # can count tens of thousands of places, and a scan of each in Python cost 15 ms. Only
    # those are looked up (one query).
    largest = [slug for slug in facet.largest(2 * MAX_MARKERS) if counts[slug]]
    coordinates = locate(largest) if largest else {}
    top = [(slug, counts[slug]) for slug in largest if slug in coordinates]
    top = top[:MAX_MARKERS]
    # A place not yet chosen adds itself to the query: written onto the query once encoded
    # (a copy of the query for each of 150 markers cost 10 ms); a chosen one takes itself off.
    query = facet.data.copy()
    query.pop("page", None)
    base = query.urlencode()
    base = f"{base}&" if base else ""

    def href(slug: str) -> str:
        if slug in facet.selected:
            return f"?{toggle(facet.data, 'place', slug)}"
        return f"?{base}{urlencode({'place': slug})}"

    markers = [
        Marker(
            name=facet.labels.get(slug, slug),
            latitude=coordinates[slug][0],
            longitude=coordinates[slug][1],
            count=count,
            href=href(slug),
        )
        for slug, count in top
    ]
    places = f"{len(markers)} place{'' if len(markers) == 1 else 's'}"
    caption = (
        f"Where the listed cases happened: {places} (a case may name several). "
        "Choose a place to list its cases."
    )
    return place_map(markers, outline_url, fit=False, caption=caption)


def case_map(places, list_url: str, outline_url: str) -> PlaceMap | None:
    """The places of one case, the map fitted around them; None when none is located."""
    markers = [
        Marker(
            name=f"{place.name} ({place.country})" if place.country else place.name,
            latitude=place.latitude,
            longitude=place.longitude,
            count=1,
            href=f"{list_url}?{urlencode({'place': place.slug})}",
        )
        for place in places
        if place.latitude is not None and place.longitude is not None
    ]
    if not markers:
        return None
    names = ", ".join(marker.name for marker in markers)
    return place_map(markers, outline_url, fit=True, caption=f"Where it happened: {names}.")
