"""Every case the list's query selects, as CSV or JSON, streamed.

The query string is the list's own (filters, search, sort), read by the same FilterSet, so
an export holds exactly the cases the list counts. Rows are fetched and written in chunks:
an export of a million cases is never held in memory.

Both are built from plain rows rather than model objects: one query for the cases'
columns, and per chunk one for their countries and one for their places. Making a model
object, and reversing URLs, for each case took four times as long as the rest of the CSV
export and made the JSON ten times slower than the CSV (bench/README.md).

An export cannot take the site down: it runs only in a free slot (``throttling``; 429
with Retry-After otherwise), and its first rows are fetched before the response starts,
so that a database that fails is answered 503 rather than with a 200 and a truncated body.
(A failure later in the stream breaks the connection, which clients see as an incomplete
transfer, never as a complete file.)
"""

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from itertools import chain, islice
from json.encoder import encode_basestring_ascii
from types import SimpleNamespace
from urllib.parse import quote

from django.conf import settings
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS, content_disposition_header
from django.views.generic import View

from .. import labels
from ..catalog.filters import CaseFilter
from ..models import Case, Country, Place
from ..rows import among
from .serializers import place_dict
from .throttling import Slot, Slots
from .views import ReadOnlyMixin

CHUNK_SIZE = 5000
# Characters that no URL quotes (RFC 3986's unreserved).
UNRESERVED = re.compile(r"[A-Za-z0-9._~-]*")

CSV_FIELDS = (
    "id",
    "key",
    "url",
    "cable",
    "paragraph_number",
    "paragraph_url",
    "span_start",
    "span_end",
    "excerpt",
    "confidence",
    "reported_on",
    "outlet",
    "category",
    "countries",
    "places",
    "exploitation",
    "sector",
    "exploitation_type",
    "means_of_control",
    "minor",
    "victim_count_min",
    "victim_count_max",
    "victim_sex",
    "ages",
    "outcome",
    "convicted",
    "max_sentence_years",
    "life_sentence",
    "amounts_usd",
    "summary",
    "occurred",
)

# As in a <script> block: the JSON reads the same, but nothing in it can be taken for a tag.
JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})

# Spreadsheets run a cell starting with one of these as a formula; cable text is untrusted.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CaseExportView(ReadOnlyMixin, View):
    """Streams the cases that the list's query string selects; 400 if it is invalid, 429
    when no export slot is free."""

    content_type: str
    filename: str
    cache_pages = False  # streamed, never held whole

    def get(self, request, *args, **kwargs):
        filterset = CaseFilter(request.GET, queryset=Case.objects.published())
        if not filterset.is_valid():
            return HttpResponseBadRequest(
                filterset.errors.as_text(), content_type="text/plain; charset=utf-8"
            )
        slot = export_slots().take(request.META.get("REMOTE_ADDR", ""))
        if slot is None:
            return too_many_exports()
        try:
            chunks = case_rows(filterset.qs)
            # Before the response starts: a database that fails here is a 503, not a 200.
            first = next(chunks, None)
            rows = chain([first], chunks) if first is not None else iter(())
            body = Stream(self.render(rows, request), slot)
        except BaseException:
            slot.release()
            raise
        response = StreamingHttpResponse(body, content_type=self.content_type)
        response["Content-Disposition"] = content_disposition_header(True, self.filename)
        return response

    def render(self, chunks: Iterator[list[dict]], request: HttpRequest) -> Iterator[str]:
        raise NotImplementedError


class Stream:
    """An export's body: its pieces, then its slot released when the server closes it
    (finished, failed or abandoned by the client, whether it started or not)."""

    def __init__(self, pieces: Iterator[str], slot: Slot) -> None:
        self.pieces, self.slot = pieces, slot

    def __iter__(self) -> Iterator[str]:
        return self.pieces

    def close(self) -> None:
        try:
            self.pieces.close()
        finally:
            self.slot.release()


def export_slots() -> Slots:
    return Slots(
        settings.EXPORT_SLOTS_DIR, settings.EXPORTS_MAX_CONCURRENT, settings.EXPORTS_MAX_PER_CLIENT
    )


def too_many_exports() -> HttpResponse:
    seconds = settings.EXPORT_RETRY_AFTER_SECONDS
    response = HttpResponse(
        "Too many exports are running (at most "
        f"{settings.EXPORTS_MAX_PER_CLIENT} from one client, "
        f"{settings.EXPORTS_MAX_CONCURRENT} in all): try again in {seconds} seconds.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(seconds)
    return response


class CaseCSVView(CaseExportView):
    content_type = "text/csv; charset=utf-8"
    filename = "cases.csv"

    def render(self, chunks, request):
        writer = csv.writer(Echo())
        yield writer.writerow(CSV_FIELDS)
        urls = ExportUrls(request)
        for chunk in chunks:
            yield "".join(writer.writerow(spreadsheet_safe(csv_record(row, urls))) for row in chunk)


class CaseJSONView(CaseExportView):
    """An array of the cases as ``/cases/<key>.json`` gives each (``serializers.case_dict``),
    made from the same plain rows as the CSV."""

    content_type = "application/json"
    filename = "cases.json"

    def render(self, chunks, request):
        # Read here, in the view, before the response starts (see CaseExportView.get).
        names = Names(
            countries=dict(Country.objects.values_list("code", "name")),
            places={
                pk: SimpleNamespace(name=name, country=country, latitude=lat, longitude=lon)
                for pk, name, country, lat, lon in Place.objects.values_list(
                    "pk", "name", "country", "latitude", "longitude"
                )
            },
        )
        return self.pieces(chunks, PathUrls(origin(request)), names)

    def pieces(self, chunks, urls, names):
        opened = False
        for chunk in chunks:
            items = ",\n".join([json_text(row, urls, names) for row in chunk])
            yield ("[\n" if not opened else ",\n") + json_safe(items)
            opened = True
        yield "\n]\n" if opened else "[]\n"


def json_safe(text: str) -> str:
    """``JSON_ESCAPES`` applied; three replaces scan a chunk several times faster than
    ``str.translate`` with a mapping."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class Echo:
    """A file that hands back what is written to it, so that csv writes into a stream."""

    def write(self, value: str) -> str:
        return value


# The columns a CSV row is made of: the case's own, as the CSV names them, then those of
# its outlet, cable and paragraph that its cells and links need. JSON columns (lists) are
# read as text and decoded here, most of them empty: Django decodes each one through
# json.loads, which took a sixth of an export's time.
_STORED = {field.name for field in Case._meta.concrete_fields if not field.is_relation}
JSON_COLUMNS = ("means_of_control", "ages", "amounts_usd", "tellings")
CASE_COLUMNS = (
    *(name for name in CSV_FIELDS if name in _STORED and name not in JSON_COLUMNS),
    "outlet__name",
    "cable__reference_id",
    "paragraph__number",
    "paragraph__ordinal",
    "paragraph__anchor",
    "paragraph__is_current",
    "paragraph__replaced_by",
    # The JSON's own.
    "outlet__slug",
)
AS_TEXT = {f"{name}__text": Cast(name, TextField()) for name in JSON_COLUMNS}


def case_rows(cases: QuerySet[Case]) -> Iterator[list[dict]]:
    """The cases' columns in chunks, each row with its countries and places (in the
    order their names sort in, as the case page lists them); ``place_ids`` in the same
    order."""
    # Names come from these, not from a join per chunk: there are a few thousand at most.
    country_names = dict(Country.objects.values_list("code", "name"))
    place_names = dict(Place.objects.values_list("pk", "name"))
    Countries, Places = Case.countries.through, Case.places.through
    rows = cases.values(*CASE_COLUMNS, **AS_TEXT).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        ids = [row["id"] for row in chunk]
        countries, places = defaultdict(list), defaultdict(list)
        links = Countries.objects.filter(among(Countries, "case", ids))
        for case_id, code in links.values_list("case_id", "country_id"):
            countries[case_id].append(code)
        links = Places.objects.filter(among(Places, "case", ids))
        for case_id, place_id in links.values_list("case_id", "place_id"):
            places[case_id].append(place_id)
        for row in chunk:
            for name in JSON_COLUMNS:
                text = row.pop(f"{name}__text")
                row[name] = [] if text == "[]" else json.loads(text)
            codes = countries.get(row["id"])
            row["countries"] = sorted(codes, key=country_names.__getitem__) if codes else []
            found = places.get(row["id"])
            row["place_ids"] = sorted(found, key=lambda pk: (place_names[pk], pk)) if found else []
            row["places"] = [place_names[pk] for pk in row["place_ids"]]
        yield chunk


class ExportUrls:
    """Absolute links of cases and paragraphs, reversed once per export, not per row."""

    # Stands in for a value while a URL is reversed; never a real id or reference.
    _MARKER = 918273645

    def __init__(self, request: HttpRequest) -> None:
        self.absolute = request.build_absolute_uri
        self._case = self._template("cases:case-detail", "key", f"X-p1-{self._MARKER}")
        self._cable = self._template("cases:cable-detail", "reference_id")

    def _template(self, name: str, kwarg: str, value: object = _MARKER) -> tuple[str, str]:
        url = self.absolute(reverse(name, kwargs={kwarg: value}))
        head, marker, tail = url.partition(str(value))
        assert marker, url
        return head, tail

    def case(self, key: str) -> str:
        head, tail = self._case
        return f"{head}{quote(key, safe='')}{tail}"

    def paragraph(self, reference_id: str, anchor: str, *, in_cable: bool) -> str:
        """Where the paragraph's text is read, as ``Paragraph.get_absolute_url`` says."""
        if not in_cable:
            path = reverse(
                "cases:paragraph", kwargs={"reference_id": reference_id, "anchor": anchor}
            )
            return self.absolute(path)
        head, tail = self._cable
        return f"{head}{quote(reference_id, safe='')}{tail}#{anchor}"


def origin(request: HttpRequest) -> str:
    """The scheme and host the request came by (``https://archive.example``)."""
    return request.build_absolute_uri("/").removesuffix("/")


class PathUrls:
    """The URLs of cases and paragraphs as ``reverse`` gives their paths, after ``origin``,
    without reversing each (absolute, as in ``serializers.case_dict``)."""

    _MARKER = ExportUrls._MARKER

    def __init__(self, origin: str = "") -> None:
        self._case = self._template("cases:case-detail", "key", f"X-p1-{self._MARKER}", origin)
        self._cable = self._template("cases:cable-detail", "reference_id", self._MARKER, origin)
        path = reverse(
            "cases:paragraph", kwargs={"reference_id": self._MARKER, "anchor": self._MARKER}
        )
        self._paragraph = (origin + path).split(str(self._MARKER))

    def _template(self, name: str, kwarg: str, value: object, origin: str) -> tuple[str, str]:
        head, marker, tail = reverse(name, kwargs={kwarg: value}).partition(str(value))
        assert marker
        return origin + head, tail

    @staticmethod
    def _quote(value: str) -> str:
        if UNRESERVED.fullmatch(value):  # nearly every key and anchor: nothing to quote
            return value
        return quote(value, safe=RFC3986_SUBDELIMS + "/~:@")  # as reverse() quotes

    def case(self, key: str) -> str:
        head, tail = self._case
        return f"{head}{self._quote(key)}{tail}"

    def permalink(self, reference_id: str, anchor: str) -> str:
        head, middle, tail = self._paragraph
        return f"{head}{self._quote(reference_id)}{middle}{self._quote(anchor)}{tail}"

    def paragraph(self, reference_id: str, anchor: str, *, in_cable: bool) -> str:
        """As ``Paragraph.get_absolute_url``: its place in the cable, or its own page."""
        if not in_cable:
            return self.permalink(reference_id, anchor)
        head, tail = self._cable
        return f"{head}{self._quote(reference_id)}{tail}#{anchor}"


CONVICTED = str(Case.Outcome.CONVICTED)
_string = encode_basestring_ascii  # json's own, in C: a quoted, escaped JSON string


def _text(value: str | None) -> str:
    """A string, or null."""
    return "null" if value is None else _string(value)


def _or_null(value: str) -> str:
    """An optional choice: blank is null, as ``case_fields_dict`` gives it."""
    return _string(value) if value else "null"


def _number(value: float | int | bool | None) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    return repr(value)  # as json writes ints and floats


def _list(values: list) -> str:
    return json.dumps(values) if values else "[]"


@dataclass(frozen=True)
class Names:
    """What the rows name by id, read once per export: countries' names by code, places
    (name, country, coordinates) by id."""

    countries: dict[str, str]
    places: dict[int, SimpleNamespace]

    @cached_property
    def place_json(self) -> dict[int, str]:
        return {pk: json.dumps(place_dict(place)) for pk, place in self.places.items()}


def title_of(row: dict, names: Names) -> str:
    """The case's title (``labels.case_title``) from its row."""
    countries = [
        SimpleNamespace(code=code, name=names.countries[code]) for code in row["countries"]
    ]
    places = [names.places[pk] for pk in row["place_ids"]]
    return labels.case_title(SimpleNamespace(**row), countries, places)


def json_text(row: dict, urls: PathUrls, names: Names) -> str:
    """The case JSON of a row, key for key as ``serializers.case_dict`` makes it, written
    straight from the row's values. Building a dict per case and handing it to json.dumps
    took twice as long as the CSV's writing of the same row; tests/test_exports.py holds
    the two equal."""
    places = names.place_json
    reference_id = row["cable__reference_id"]
    anchor = row["paragraph__anchor"]
    in_cable = row["paragraph__is_current"] or row["paragraph__replaced_by"] is not None
    years = row["max_sentence_years"]
    reported_on = row["reported_on"]
    tellings = ", ".join(
        f'{{"anchor": {_string(telling["anchor"])}, '
        f'"url": {_string(urls.permalink(reference_id, telling["anchor"]))}, '
        f'"span": [{telling["start"]}, {telling["end"]}]}}'
        for telling in row["tellings"]
    )
    return (
        f'{{"id": {row["id"]}, "key": {_string(row["key"])}, '
        f'"url": {_string(urls.case(row["key"]))}, "title": {_string(title_of(row, names))}, '
        f'"cable": {_string(reference_id)}, '
        f'"paragraph": {{"ordinal": {_number(row["paragraph__ordinal"])}, '
        f'"number": {_string(row["paragraph__number"])}, "anchor": {_string(anchor)}, '
        f'"url": {_string(urls.paragraph(reference_id, anchor, in_cable=in_cable))}}}, '
        f'"excerpt": {_string(row["excerpt"])}, '
        f'"span": [{row["span_start"]}, {row["span_end"]}], '
        f'"confidence": {_number(row["confidence"])}, "tellings": [{tellings}], '
        f'"reported_on": {_string(reported_on.isoformat()) if reported_on else "null"}, '
        f'"outlet": {_text(row["outlet__name"])}, "outlet_slug": {_text(row["outlet__slug"])}, '
        f'"category": {_string(row["category"])}, "section": {_string(row["category"])}, '
        f'"countries": {_list(sorted(row["countries"]))}, '
        f'"places": [{", ".join(places[pk] for pk in row["place_ids"])}], '
        f'"exploitation": {_or_null(row["exploitation"])}, '
        f'"sector": {_or_null(row["sector"])}, '
        f'"exploitation_type": {_or_null(row["exploitation_type"])}, '
        f'"means_of_control": {_list(row["means_of_control"])}, '
        f'"minor": {_number(row["minor"])}, '
        f'"victim_count_min": {_number(row["victim_count_min"])}, '
        f'"victim_count_max": {_number(row["victim_count_max"])}, '
        f'"ages": {_list(row["ages"])}, "victim_sex": {_or_null(row["victim_sex"])}, '
        f'"outcome": {_string(row["outcome"])}, '
        f'"convicted": {"true" if row["outcome"] == CONVICTED else "false"}, '
        f'"max_sentence_years": {"null" if years is None else repr(float(years))}, '
        f'"life_sentence": {_number(row["life_sentence"])}, '
        f'"amounts_usd": {_list([float(amount) for amount in row["amounts_usd"]])}, '
        f'"summary": {_string(row["summary"])}, "occurred": {_or_null(row["occurred"])}}}'
    )


def csv_record(row: dict, urls: ExportUrls) -> list[object]:
    """The cells of a case's CSV row, in the order of ``CSV_FIELDS``."""
    reference_id, reported_on = row["cable__reference_id"], row["reported_on"]
    in_cable = row["paragraph__is_current"] or row["paragraph__replaced_by"] is not None
    return [
        row["id"],
        row["key"],
        urls.case(row["key"]),
        reference_id,
        row["paragraph__number"] or row["paragraph__ordinal"],
        urls.paragraph(reference_id, row["paragraph__anchor"], in_cable=in_cable),
        row["span_start"],
        row["span_end"],
        row["excerpt"],
        "" if row["confidence"] is None else row["confidence"],
        reported_on.isoformat() if reported_on else "",
        row["outlet__name"] or "",
        row["category"],
        joined(row["countries"]),
        joined(row["places"]),
        row["exploitation"],
        row["sector"],
        row["exploitation_type"],
        joined(row["means_of_control"]),
        csv_bool(row["minor"]),
        row["victim_count_min"],
        row["victim_count_max"],
        row["victim_sex"],
        joined(row["ages"]),
        row["outcome"],
        csv_bool(row["outcome"] == Case.Outcome.CONVICTED),
        csv_decimal(row["max_sentence_years"]),
        csv_bool(row["life_sentence"]),
        joined(row["amounts_usd"]),
        row["summary"],
        row["occurred"],
    ]


def joined(values: Iterable) -> str:
    return ";".join(str(value) for value in values)


def csv_bool(value: bool | None) -> str:
    return "" if value is None else str(value).lower()


def csv_decimal(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def spreadsheet_safe(cells: list[object]) -> list[object]:
    return [
        f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
        for cell in cells
    ]
