"""Every case the list's query selects, as CSV or JSON, streamed.

The query string is the list's own (filters, search, sort), read by the same FilterSet, so
an export holds exactly the cases the list counts. Rows are fetched and written in chunks:
an export of a million cases is never held in memory.
"""

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponseBadRequest, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.views.generic import View

from .filters import CaseFilter
from .models import Case
from .serializers import case_dict
from .views import ReadOnlyMixin

CHUNK_SIZE = 2000

CSV_FIELDS = (
    "id",
    "url",
    "cable",
    "paragraph_number",
    "paragraph_url",
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
    "amounts_usd",
    "summary",
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
        filterset = CaseFilter(request.GET, queryset=Case.objects.published().for_list())
        if not filterset.is_valid():
            return HttpResponseBadRequest(
                filterset.errors.as_text(), content_type="text/plain; charset=utf-8"
            )
        # for_list() prefetches countries and places: with a chunk size, chunk by chunk.
        cases = filterset.qs.iterator(chunk_size=CHUNK_SIZE)
        response = StreamingHttpResponse(
            self.render(cases, request), content_type=self.content_type
        )
        response["Content-Disposition"] = content_disposition_header(True, self.filename)
        return response

    def render(self, cases: Iterable[Case], request: HttpRequest) -> Iterator[str]:
        raise NotImplementedError


class CaseCSVView(CaseExportView):
    content_type = "text/csv; charset=utf-8"
    filename = "cases.csv"

    def render(self, cases, request):
        writer = csv.DictWriter(Echo(), fieldnames=CSV_FIELDS)
        yield writer.writeheader()
        for case in cases:
            yield writer.writerow(spreadsheet_safe(csv_record(case, request.build_absolute_uri)))


class CaseJSONView(CaseExportView):
    content_type = "application/json"
    filename = "cases.json"

    def render(self, cases, request):
        separator = "["
        for case in cases:
            item = json.dumps(case_dict(case), cls=DjangoJSONEncoder).translate(JSON_ESCAPES)
            yield f"{separator}\n{item}"
            separator = ","
        yield "[]\n" if separator == "[" else "\n]\n"


class Echo:
    """A file that hands back what is written to it, so that csv writes into a stream."""

    def write(self, value: str) -> str:
        return value


def csv_record(case: Case, absolute_url: Callable[[str], str]) -> dict[str, object]:
    paragraph = case.paragraph
    return {
        "id": case.pk,
        "url": absolute_url(case.get_absolute_url()),
        "cable": paragraph.cable.reference_id,
        "paragraph_number": paragraph.number or paragraph.ordinal,
        "paragraph_url": absolute_url(paragraph.get_absolute_url()),
        "reported_on": case.reported_on.isoformat() if case.reported_on else "",
        "outlet": case.outlet.name if case.outlet else "",
        "category": case.category,
        "countries": joined(country.code for country in case.countries.all()),
        "places": joined(place.name for place in case.places.all()),
        "exploitation": case.exploitation,
        "sector": case.sector,
        "exploitation_type": case.exploitation_type,
        "means_of_control": joined(case.means_of_control),
        "minor": csv_bool(case.minor),
        "victim_count_min": case.victim_count_min,
        "victim_count_max": case.victim_count_max,
        "victim_sex": case.victim_sex,
        "ages": joined(case.ages),
        "outcome": case.outcome,
        "convicted": csv_bool(case.convicted),
        "max_sentence_years": csv_decimal(case.max_sentence_years),
        "amounts_usd": joined(case.amounts_usd),
        "summary": case.summary,
    }


def joined(values: Iterable) -> str:
    return ";".join(str(value) for value in values)


def csv_bool(value: bool | None) -> str:
    return "" if value is None else str(value).lower()


def csv_decimal(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def spreadsheet_safe(record: dict[str, object]) -> dict[str, object]:
    return {
        name: f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
        for name, value in record.items()
    }
