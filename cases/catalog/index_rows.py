"""What the facet index reads from the database: each published case's place in the list's
default order and its facet values, for every case at once (a build) or for a few (a delta).

A build reads a million cases, their 1.7 million countries, 1.8 million places and their
cables' million tags: it reads them as plain columns and groups them with numpy, so that
no Python object per case and value outlives a chunk. A delta reads a few cases with
plain queries. Both give the same values for the same rows (tests/test_index_updates.py
compares an index updated by deltas with one built anew).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import numpy as np
from django.db import connections
from django.db.models import F, IntegerField

from .. import rows
from ..labels import sector_label
from ..models import ArchiveChange, Cable, CableTag, Case, Country, Outlet, Place, Tag

# Facets whose values are single columns of the case row, in the order the rows give them.
CASE_COLUMNS = ("category", "outlet_id", "exploitation", "sector", "outcome", "minor")
MINOR_VALUES = {True: "true", False: "false", None: "unknown"}
# Where an undated case sorts among dated ones: after all of them (-date.toordinal()).
UNDATED = 1 << 40
CHUNK = 20_000


@cache
def month_of(day: int) -> str:
    # Cached: a million cases share a few thousand days, and strftime is slow.
    return f"{date.fromordinal(day):%Y-%m}"


def order_key(reported_on: date | None, case_id: int) -> tuple[int, int]:
    """A case's place in the default order (newest first, undated last, then by id)."""
    return (-reported_on.toordinal() if reported_on else UNDATED, case_id)


@dataclass
class Built:
    """Every published case in order, and each facet value's cases as sorted ranks."""

    ids: np.ndarray  # case id by rank (int64)
    negative_days: np.ndarray  # -ordinal of each dated rank, ascending (int64)
    values: dict[str, dict[str, np.ndarray]]  # facet -> value -> ranks (uint32, ascending)
    keys: dict[str, dict[int, str]]  # outlet, place, tag: row id -> the value naming it


@dataclass
class CaseEntry:
    """A published case as a delta reads it: its order key and its values per facet."""

    key: tuple[int, int]
    values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def last_change(using: str) -> tuple[int, int | None]:
    """The newest note of the change log: (id, token), or (0, None) when there is none."""
    row = ArchiveChange.objects.using(using).order_by("-id").values_list("id", "token").first()
    return row or (0, None)


# Building --------------------------------------------------------------------------------


class _Codes(dict):
    """Value -> small integer, given in order of first sight."""

    def code(self, value) -> int:
        found = self.get(value)
        if found is None:
            found = self[value] = len(self)
        return found

    def values_by_code(self) -> list:
        return list(self)


def build(using: str) -> Built:
    cases = (
        Case.objects.using(using)
        .published()
        .order_by(F("reported_on").desc(nulls_last=True), "id")
        .values_list("id", "reported_on", "cable_id", *CASE_COLUMNS)
    )
    codes = {name: _Codes() for name in CASE_COLUMNS}
    columns: dict[str, list[np.ndarray]] = defaultdict(list)
    for chunk in _chunks(cases.iterator(CHUNK)):
        ids, days, cables, *values = zip(*chunk, strict=True)
        columns["ids"].append(np.fromiter(ids, dtype=np.int64, count=len(ids)))
        columns["days"].append(
            np.fromiter((d.toordinal() if d else 0 for d in days), np.int64, len(days))
        )
        columns["cables"].append(np.fromiter(cables, dtype=np.int64, count=len(cables)))
        for name, column in zip(CASE_COLUMNS, values, strict=True):
            code = codes[name].code
            columns[name].append(np.fromiter(map(code, column), np.int32, len(column)))
    # Every column, the empty archive's included (no chunk, no part).
    joined = {name: _join(columns[name]) for name in ("ids", "days", "cables", *CASE_COLUMNS)}
    ids, days, case_cables = joined["ids"], joined["days"], joined["cables"]
    ranks_by_id = _ranks_by_id(ids)
    dated = int(np.count_nonzero(days))
    values: dict[str, dict[str, np.ndarray]] = {}

    for name in CASE_COLUMNS:
        labels = codes[name].values_by_code()
        facet = {"outlet_id": "outlet"}.get(name, name)
        grouped = _group(np.arange(len(ids), dtype=np.int64), joined[name])
        if name == "minor":
            values[facet] = {MINOR_VALUES[labels[c]]: r for c, r in grouped.items()}
        else:
            values[facet] = {labels[c]: r for c, r in grouped.items()}
    outlet_keys = _keys(Outlet, "slug", using)
    values["outlet"] = _rekey(values["outlet"], outlet_keys)

    unique_days, day_codes = np.unique(days[:dated], return_inverse=True)
    dated_ranks = np.arange(dated, dtype=np.int64)
    months = [month_of(int(day)) for day in unique_days]
    month_codes = _Codes()
    by_month = np.fromiter((month_codes.code(m) for m in months), np.int32, len(months))
    values["month"] = _named(_group(dated_ranks, by_month[day_codes]), month_codes)
    years = [m[:4] for m in month_codes.values_by_code()]
    year_codes = _Codes()
    by_year = np.fromiter((year_codes.code(y) for y in years), np.int32, len(years))
    values["year"] = _named(_group(dated_ranks, by_year[by_month[day_codes]]), year_codes)

    countries = _links(Case.countries.through, "case_id", "country_id", using)
    values["country"] = _grouped_links(countries, ranks_by_id)
    place_keys = _keys(Place, "slug", using)
    places = _links(Case.places.through, "case_id", "place_id", using)
    values["place"] = _rekey(_grouped_links(places, ranks_by_id), place_keys)

    origin, classification = _cable_columns(using)
    for name, (by_cable, names) in (("origin", origin), ("classification", classification)):
        values[name] = _named(
            _group(np.arange(len(ids), dtype=np.int64), _lookup(by_cable, case_cables)), names
        )
    tag_keys = _keys(Tag, "code", using)
    values["tag"] = _rekey(_cable_tags(case_cables, using), tag_keys)

    values = {
        name: {str(v): r for v, r in facet.items() if v not in ("", None)}
        for name, facet in values.items()
    }
    return Built(
        ids=ids,
        negative_days=-days[:dated],
        values=values,
        keys={"outlet": outlet_keys, "place": place_keys, "tag": tag_keys},
    )


def _chunks(iterator: Iterator, size: int = CHUNK) -> Iterator[list]:
    chunk = []
    for row in iterator:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _empty() -> np.ndarray:
    return np.zeros(0, dtype=np.int64)


def _join(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else _empty()


def _ranks_by_id(ids: np.ndarray) -> np.ndarray:
    ranks = np.full(int(ids.max()) + 1 if len(ids) else 0, -1, dtype=np.int32)
    ranks[ids] = np.arange(len(ids), dtype=np.int32)
    return ranks


def _lookup(table: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """``table[keys]``, -1 where a key falls outside the table."""
    found = np.full(len(keys), -1, dtype=np.int64)
    inside = (keys >= 0) & (keys < len(table))
    found[inside] = table[keys[inside]]
    return found


def _group(ranks: np.ndarray, codes: np.ndarray) -> dict[int, np.ndarray]:
    """Code -> its ranks (ascending); negative codes and ranks are dropped."""
    keep = (codes >= 0) & (ranks >= 0)
    ranks, codes = ranks[keep], codes[keep]
    order = np.lexsort((ranks, codes))
    ranks, codes = ranks[order].astype(np.uint32), codes[order]
    if not len(codes):
        return {}
    starts = np.flatnonzero(np.diff(codes)) + 1
    bounds = np.concatenate(([0], starts, [len(codes)]))
    return {
        int(codes[start]): ranks[start:stop]
        for start, stop in zip(bounds[:-1], bounds[1:], strict=True)
    }


def _named(grouped: dict[int, np.ndarray], codes: _Codes) -> dict:
    names = codes.values_by_code()
    return {names[code]: ranks for code, ranks in grouped.items()}


def _rekey(grouped: dict, keys: dict) -> dict:
    return {keys[pk]: ranks for pk, ranks in grouped.items() if pk in keys}


def _keys(model, column: str, using: str) -> dict:
    return dict(model.objects.using(using).values_list("pk", column))


def _links(through, owner: str, target: str, using: str) -> tuple[np.ndarray, np.ndarray]:
    """The (owner id, target) pairs of a link table, the targets as codes when not ids.

    Read with a plain cursor, past the ORM's work per row: four million pairs at a million
    cases, where that work cost more than the reading.
    """
    owners: list[np.ndarray] = []
    targets: list = []
    codes = _Codes()
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [through._meta.get_field(name).column for name in (owner, target)]
    pointed = through._meta.get_field(target)
    numeric = isinstance(getattr(pointed, "target_field", pointed), IntegerField)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(fields[0])}, {quote(fields[1])} FROM {quote(through._meta.db_table)}"
        )
        while chunk := cursor.fetchmany(CHUNK * 5):
            if numeric:
                pairs = np.array(chunk, dtype=np.int64).reshape(-1, 2)
                owners.append(pairs[:, 0])
                targets.append(pairs[:, 1])
                continue
            left, right = zip(*chunk, strict=True)
            owners.append(np.fromiter(left, np.int64, len(left)))
            targets.append(np.fromiter(map(codes.code, right), np.int64, len(right)))
    return _join(owners), (_join(targets), None if numeric else codes)


def _grouped_links(links, ranks_by_id: np.ndarray) -> dict:
    owners, (targets, codes) = links
    grouped = _group(_lookup(ranks_by_id, owners), targets)
    return _named(grouped, codes) if codes is not None else grouped


def _cable_columns(using: str):
    """Per cable id, the code of its origin and of its classification."""
    cables = Cable.objects.using(using).values_list("pk", "origin_name", "classification")
    pks: list[np.ndarray] = []
    columns = ([], [])
    codes = (_Codes(), _Codes())
    for chunk in _chunks(cables.iterator(CHUNK)):
        ids, origins, classifications = zip(*chunk, strict=True)
        pks.append(np.fromiter(ids, np.int64, len(ids)))
        for parts, names, column in zip(columns, codes, (origins, classifications), strict=True):
            parts.append(np.fromiter(map(names.code, column), np.int64, len(column)))
    ids = _join(pks)
    result = []
    for parts, names in zip(columns, codes, strict=True):
        table = np.full(int(ids.max()) + 1 if len(ids) else 0, -1, dtype=np.int64)
        table[ids] = _join(parts)
        result.append((table, names))
    return result


def _cable_tags(case_cables: np.ndarray, using: str) -> dict[int, np.ndarray]:
    """Tag id -> the ranks of the cases of the cables carrying it."""
    cables, (tags, _) = _links(CableTag, "cable_id", "tag_id", using)
    if not len(case_cables) or not len(cables):
        return {}
    # The cases of each cable, as a run of ranks in ``by_cable``.
    by_cable = np.argsort(case_cables, kind="stable")
    size = int(max(case_cables.max(), cables.max())) + 1
    counts = np.bincount(case_cables, minlength=size)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    per_link = counts[cables]
    total = int(per_link.sum())
    link_of = np.repeat(np.arange(len(cables)), per_link)
    offset = np.arange(total) - np.repeat(np.cumsum(per_link) - per_link, per_link)
    ranks = by_cable[starts[cables][link_of] + offset]
    return _group(ranks.astype(np.int64), tags[link_of])


# Deltas ----------------------------------------------------------------------------------


def read_cases(case_ids: Iterable[int], using: str) -> dict[int, CaseEntry]:
    """The published ones of these cases, with their values; the others are left out."""
    ids = sorted(set(case_ids))
    if not ids:
        return {}
    cases = Case.objects.using(using).published().filter(rows.among(Case, "id", ids))
    entries: dict[int, CaseEntry] = {}
    cables: dict[int, list[CaseEntry]] = defaultdict(list)
    outlets = {}
    columns = cases.values_list("id", "reported_on", "cable_id", *CASE_COLUMNS)
    for case_id, reported_on, cable_id, *values in columns:
        entry = entries[case_id] = CaseEntry(order_key(reported_on, case_id))
        if reported_on is not None:
            entry.values["month"].add(month_of(reported_on.toordinal()))
            entry.values["year"].add(str(reported_on.year))
        for name, value in zip(CASE_COLUMNS, values, strict=True):
            if name == "minor":
                entry.values["minor"].add(MINOR_VALUES[value])
            elif name == "outlet_id":
                if value is not None:
                    outlets[case_id] = value
            elif value not in ("", None):
                entry.values[name].add(str(value))
        cables[cable_id].append(entry)
    if not entries:
        return {}
    found = list(entries)
    slugs = dict(
        Outlet.objects.using(using).filter(pk__in=set(outlets.values())).values_list("pk", "slug")
    )
    for case_id, outlet in outlets.items():
        if outlet in slugs:
            entries[case_id].values["outlet"].add(slugs[outlet])
    links = Case.countries.through.objects.using(using).filter(
        rows.among(Case.countries.through, "case_id", found)
    )
    for case_id, code in links.values_list("case_id", "country_id"):
        entries[case_id].values["country"].add(code)
    links = Case.places.through.objects.using(using).filter(
        rows.among(Case.places.through, "case_id", found)
    )
    for case_id, slug in links.values_list("case_id", "place__slug"):
        entries[case_id].values["place"].add(slug)
    cable_ids = list(cables)
    for cable_id, origin, classification in (
        Cable.objects.using(using)
        .filter(pk__in=cable_ids)
        .values_list("pk", "origin_name", "classification")
    ):
        for entry in cables[cable_id]:
            for name, value in (("origin", origin), ("classification", classification)):
                if value:
                    entry.values[name].add(value)
    tags = CableTag.objects.using(using).filter(cable_id__in=cable_ids)
    for cable_id, code in tags.values_list("cable_id", "tag__code"):
        for entry in cables[cable_id]:
            entry.values["tag"].add(code)
    return entries


def cases_of_cables(cable_ids: Iterable[int], using: str) -> list[int]:
    return list(
        Case.objects.using(using).filter(cable_id__in=list(cable_ids)).values_list("id", flat=True)
    )


def keys_of(kind: str, pks: Iterable[int], using: str) -> dict[int, str]:
    """The current value naming each of these outlets, places or tags."""
    model, column = {"outlet": (Outlet, "slug"), "place": (Place, "slug"), "tag": (Tag, "code")}[
        kind
    ]
    return dict(model.objects.using(using).filter(pk__in=list(pks)).values_list("pk", column))


# Labels ----------------------------------------------------------------------------------


def labels(facet: str, values: Iterable[str], using: str) -> dict[str, str]:
    """How each of these values of a facet is shown. Tables of names are read whole (a few
    ten thousand rows at most) and the values wanted picked from them: cheaper than sending
    every value in the query."""
    wanted = set(values)
    if facet == "outlet":
        rows_ = Outlet.objects.using(using).values_list("slug", "name")
        return {slug: name for slug, name in rows_ if slug in wanted}
    if facet == "country":
        return dict(Country.objects.using(using).values_list("code", "name"))
    if facet == "place":
        rows_ = Place.objects.using(using).values_list("slug", "name", "country")
        return {
            slug: f"{name} ({country})" if country else name
            for slug, name, country in rows_
            if slug in wanted
        }
    if facet == "tag":
        rows_ = Tag.objects.using(using).values_list("code", "description")
        return {
            code: f"{code} – {description}" if description else code
            for code, description in rows_
            if code in wanted
        }
    if facet == "exploitation":
        return {value: Case.Exploitation(value).label for value in wanted}
    if facet == "outcome":
        return {value: Case.Outcome(value).label for value in wanted}
    if facet == "sector":
        return {value: sector_label(value) for value in wanted}
    if facet == "minor":
        return {"true": "Yes", "false": "No", "unknown": "Not stated"}
    if facet == "month":
        return {value: date.fromisoformat(f"{value}-01").strftime("%B %Y") for value in wanted}
    return {}


LABELLED = (
    "outlet",
    "country",
    "place",
    "tag",
    "exploitation",
    "outcome",
    "sector",
    "minor",
    "month",
)
