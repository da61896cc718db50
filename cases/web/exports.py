"""Every case the list's query selects, as CSV or JSON, streamed.

The query string is the list's own (filters, search, sort), read by the same FilterSet, so
an export holds exactly the cases the list counts. Rows are fetched and written in chunks:
an export of a million cases is never held in memory.

The CSV is built from plain rows rather than model objects: one query for the cases'
columns, and per chunk one for their countries and one for their places. Making a model
object, and reversing two URLs, for each of 100,000 cases took four times as long as the
rest of the export (bench/README.md).
"""

import csv
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import islice
from urllib.parse import quote

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.generic import View

from ..catalog.filters import CaseFilter
from ..models import Case, Country, Place
from ..rows import among
from .serializers import case_dict
from .views import ReadOnlyMixin

CHUNK_SIZE = 5000

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
    """Streams the cases that the list's query string selects; 400 if it is invalid."""

    content_type: str
    filename: str
    cache_pages = False  # streamed, never held whole

    def get(self, request, *args, **kwargs):
        filterset = CaseFilter(request.GET, queryset=Case.objects.published())
        if not filterset.is_valid():
            return HttpResponseBadRequest(
                filterset.errors.as_text(), content_type="text/plain; charset=utf-8"
            )
        response = StreamingHttpResponse(
            self.render(filterset.qs, request), content_type=self.content_type
        )
        response["Content-Disposition"] = content_disposition_header(True, self.filename)
        return response

    def render(self, cases: QuerySet[Case], request: HttpRequest) -> Iterator[str]:
        raise NotImplementedError


class CaseCSVView(CaseExportView):
    content_type = "text/csv; charset=utf-8"
    filename = "cases.csv"

    def render(self, cases, request):
        writer = csv.writer(Echo())
        yield writer.writerow(CSV_FIELDS)
        urls = ExportUrls(request)
        for chunk in case_rows(cases):
            yield "".join(writer.writerow(spreadsheet_safe(csv_record(row, urls))) for row in chunk)


class CaseJSONView(CaseExportView):
    content_type = "application/json"
    filename = "cases.json"

    def render(self, cases, request):
        # for_list() prefetches countries and places: with a chunk size, chunk by chunk.
        separator = "["
        absolute = ExportUrls(request).absolute
        for case in cases.for_list().iterator(chunk_size=CHUNK_SIZE):
            item = json.dumps(case_dict(case, absolute), cls=DjangoJSONEncoder)
            item = item.translate(JSON_ESCAPES)
            yield f"{separator}\n{item}"
            separator = ","
        yield "[]\n" if separator == "[" else "\n]\n"


class Echo:
    """A file that hands back what is written to it, so that csv writes into a stream."""

    def write(self, value: str) -> str:
        return value


# The columns a CSV row is made of: the case's own, as the CSV names them, then those of
# its outlet, cable and paragraph that its cells and links need.
_STORED = {field.name for field in Case._meta.concrete_fields if not field.is_relation}
CASE_COLUMNS = (
    *(name for name in CSV_FIELDS if name in _STORED),
    "outlet__name",
    "cable__reference_id",
    "paragraph__number",
    "paragraph__ordinal",
    "paragraph__anchor",
    "paragraph__is_current",
    "paragraph__replaced_by",
)


def case_rows(cases: QuerySet[Case]) -> Iterator[list[dict]]:
    """The cases' columns in chunks, each row with its countries and places (in the
    order their names sort in, as the case page lists them)."""
    # Names come from these, not from a join per chunk: there are a few thousand at most.
    country_names = dict(Country.objects.values_list("code", "name"))
    place_names = dict(Place.objects.values_list("pk", "name"))
    Countries, Places = Case.countries.through, Case.places.through
    rows = cases.values(*CASE_COLUMNS).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        ids = [row["id"] for row in chunk]
        countries, places = defaultdict(list), defaultdict(list)
        links = Countries.objects.filter(among(Countries, "case", ids))
        for case_id, code in links.values_list("case_id", "country_id"):
            countries[case_id].append(code)
        links = Places.objects.filter(among(Places, "case", ids))
        for case_id, place_id in links.values_list("case_id", "place_id"):
            places[case_id].append(place_names[place_id])
        for row in chunk:
            codes = countries.get(row["id"], [])
            row["countries"] = sorted(codes, key=lambda code: country_names[code])
            row["places"] = sorted(places.get(row["id"], []))
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
