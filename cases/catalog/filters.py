"""The query string of the case list: facet filters, date range, search, sort and page.

Each facet filter takes several values (``?outlet=interfax&outlet=vremya``), ORed
together; different filters are ANDed. Values that name nothing are errors, not empty
results, so that a mistyped link says so. Many-to-many facets (countries, places, cable
tags) filter with EXISTS subqueries, never joins, so that no case is counted twice.
"""

import re
from collections.abc import Callable, Iterable
from datetime import date

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict

from ..models import CableTag, Case, Country, Outlet, Place, Tag
from . import search
from .live_index import current_index

MONTH_PATTERN = re.compile(r"(?P<year>[1-9][0-9]{3})-(?P<month>0[1-9]|1[0-2])")
YEAR_PATTERN = re.compile(r"[1-9][0-9]{3}")
DAY_PATTERN = re.compile(r"(?P<year>[1-9][0-9]{3})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?")
MINOR_VALUES = {"true": True, "false": False, "unknown": None}
MAX_QUERY_LENGTH = 300
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, max_value=10_000_000, required=False)


class KnownValuesField(forms.MultipleChoiceField):
    """Several values, each of which must exist; checked with one query for those given."""

    def __init__(self, *, known: Callable[[list[str]], Iterable[str]], **kwargs):
        self.known = known
        super().__init__(**kwargs)

    def validate(self, value):
        if not value:
            return
        # PostgreSQL refuses NUL in text, and no value of a facet holds a control character:
        # such a value is named in the error, never looked up.
        for item in value:
            if CONTROL_CHARACTERS.search(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        found = set(self.known(value))
        for item in value:
            if item not in found:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )


class PatternsField(forms.Field):
    """Several values of one written form (``YYYY-MM``, ``YYYY``), cleaned by ``parse``."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, parse: Callable[[str], object], example: str, **kwargs):
        self.parse, self.example = parse, example
        super().__init__(**kwargs)

    def to_python(self, value):
        cleaned = []
        for item in value or []:
            parsed = self.parse(item)
            if parsed is None:
                raise forms.ValidationError(
                    "“%(value)s” is not valid here: write it as %(example)s.",
                    code="invalid",
                    params={"value": item, "example": self.example},
                )
            cleaned.append(parsed)
        return cleaned


def parse_month(value: str) -> date | None:
    match = MONTH_PATTERN.fullmatch(value)
    return date(int(match["year"]), int(match["month"]), 1) if match else None


def parse_year(value: str) -> int | None:
    return int(value) if YEAR_PATTERN.fullmatch(value) else None


def next_month(month: date) -> date | None:
    """The first day of the month after, or None after December 9999 (the last date)."""
    if (month.year, month.month) == (date.max.year, 12):
        return None
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def period(start: date, end: date | None) -> Q:
    """Cases reported from ``start`` up to ``end`` (excluded); to the end of time if None."""
    if end is None:
        return Q(reported_on__gte=start)
    return Q(reported_on__gte=start, reported_on__lt=end)


def parse_bound(value: str, *, end: bool) -> date | None:
    """``2008``, ``2008-06`` or ``2008-06-04``: the first day it names, or the day after
    the last when ``end``, so that ``to=2008-06`` includes all of June."""
    match = DAY_PATTERN.fullmatch(value.strip())
    if not match:
        return None
    try:
        if match["day"]:
            day = date(int(match["year"]), int(match["month"]), int(match["day"]))
            return date.fromordinal(day.toordinal() + 1) if end else day
        if match["month"]:
            month = date(int(match["year"]), int(match["month"]), 1)
            return next_month(month) if end else month
        return date(int(match["year"]) + end, 1, 1)
    except (ValueError, OverflowError):
        return None


def _known(queryset: Callable[[], QuerySet], field: str) -> Callable[[list[str]], Iterable[str]]:
    """Values that exist as keys of a table (outlets, countries, places, tags)."""

    def known(values: list[str]) -> Iterable[str]:
        return queryset().filter(**{f"{field}__in": values}).values_list(field, flat=True)

    return known


def _in_index(facet: str) -> Callable[[list[str]], Iterable[str]]:
    """Values that published cases have, from the facet index: for facets that are columns
    of the case and cable tables, where asking the database would read every row with the
    value (100,000 at a million cases for a common category)."""

    def known(values: list[str]) -> Iterable[str]:
        return current_index().values.get(facet, {}).keys() & set(values)

    return known


class KnownValuesFilter(django_filters.Filter):
    """A facet filter over values that must exist; ``filter_values`` applies them."""

    field_class = KnownValuesField

    def __init__(self, *, known, apply: Callable[[QuerySet, list], QuerySet], **kwargs):
        self.apply = apply
        super().__init__(known=known, **kwargs)

    def filter(self, qs, value):
        return self.apply(qs, value) if value else qs


def _by_field(field: str) -> Callable[[QuerySet, list], QuerySet]:
    return lambda qs, values: qs.filter(**{f"{field}__in": values})


def _has_country(qs: QuerySet, codes: list) -> QuerySet:
    through = Case.countries.through.objects.filter(case_id=OuterRef("pk"), country_id__in=codes)
    return qs.filter(Exists(through))


def _has_place(qs: QuerySet, slugs: list) -> QuerySet:
    through = Case.places.through.objects.filter(case_id=OuterRef("pk"), place__slug__in=slugs)
    return qs.filter(Exists(through))


def _cable_has_tag(qs: QuerySet, codes: list) -> QuerySet:
    links = CableTag.objects.filter(cable_id=OuterRef("cable_id"), tag__code__in=codes)
    return qs.filter(Exists(links))


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    """A fixed vocabulary; several values ORed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class MinorFilter(django_filters.MultipleChoiceFilter):
    def __init__(self, **kwargs):
        choices = [("true", "Yes"), ("false", "No"), ("unknown", "Not stated")]
        super().__init__(choices=choices, distinct=False, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        condition = Q()
        for item in value:
            flag = MINOR_VALUES[item]
            condition |= Q(minor__isnull=True) if flag is None else Q(minor=flag)
        return qs.filter(condition)


class MonthFilter(django_filters.Filter):
    """Whole months, as date ranges so that the index on reported_on serves."""

    field_class = PatternsField

    def __init__(self, **kwargs):
        super().__init__(parse=parse_month, example="YYYY-MM, for example 2008-06", **kwargs)

    def filter(self, qs, value):
        ranges = Q()
        for month in value or []:
            ranges |= period(month, next_month(month))
        return qs.filter(ranges) if value else qs


class YearFilter(django_filters.Filter):
    field_class = PatternsField

    def __init__(self, **kwargs):
        super().__init__(parse=parse_year, example="YYYY, for example 2008", **kwargs)

    def filter(self, qs, value):
        ranges = Q()
        for year in value or []:
            ranges |= period(
                date(year, 1, 1), date(year + 1, 1, 1) if year < date.max.year else None
            )
        return qs.filter(ranges) if value else qs


class BoundField(forms.CharField):
    def __init__(self, *, end: bool, **kwargs):
        self.end = end
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        bound = parse_bound(value, end=self.end)
        if bound is None:
            raise forms.ValidationError(
                "“%(value)s” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.",
                code="invalid",
                params={"value": value},
            )
        return bound


class DateBoundFilter(django_filters.Filter):
    """``from`` (inclusive) and ``to`` (inclusive of the whole period it names)."""

    field_class = BoundField

    def __init__(self, *, end: bool, **kwargs):
        self.end = end
        super().__init__(end=end, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(reported_on__lt=value) if self.end else qs.filter(reported_on__gte=value)


class SearchFilter(django_filters.CharFilter):
    def __init__(self, **kwargs):
        super().__init__(max_length=MAX_QUERY_LENGTH, **kwargs)

    def filter(self, qs, value):
        return search.search_cases(qs, value) if value and value.strip() else qs


SORTS = {
    "newest": "Newest first",
    "oldest": "Oldest first",
    "relevance": "Most relevant first (when searching)",
}


class SortFilter(django_filters.ChoiceFilter):
    """Applied last: relevance when searching, otherwise by reported date."""

    def __init__(self, **kwargs):
        super().__init__(choices=list(SORTS.items()), **kwargs)

    def filter(self, qs, value):
        return search.order_cases(qs, value or "")


# Codes written in capitals, which a link or a hand may write in small letters.
UPPER_CASE_PARAMETERS = ("country", "tag")


def canonical_query(data: QueryDict) -> str | None:
    """The query string written as the archive writes it (``country=KZ`` for
    ``country=kz``), or None when it already is."""
    if not any(
        value != value.upper() for name in UPPER_CASE_PARAMETERS for value in data.getlist(name)
    ):
        return None
    query = data.copy()
    for name in UPPER_CASE_PARAMETERS:
        if name in query:
            query.setlist(name, [value.upper() for value in query.getlist(name)])
    return query.urlencode()


class CaseFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start >= end:
            raise forms.ValidationError(
                "“From” (%(start)s) is after “to” (%(end)s): no case can be in between. "
                "Swap them, or leave one out.",
                code="empty_range",
                params={"start": self.data.get("from"), "end": self.data.get("to")},
            )
        return cleaned


class CaseFilter(django_filters.FilterSet):
    category = KnownValuesFilter(known=_in_index("category"), apply=_by_field("category"))
    outlet = KnownValuesFilter(
        known=_known(lambda: Outlet.objects.all(), "slug"), apply=_by_field("outlet__slug")
    )
    year = YearFilter()
    month = MonthFilter()
    country = KnownValuesFilter(
        known=_known(lambda: Country.objects.all(), "code"), apply=_has_country
    )
    place = KnownValuesFilter(known=_known(lambda: Place.objects.all(), "slug"), apply=_has_place)
    exploitation = ChoicesFilter(choices=Case.Exploitation.choices)
    sector = KnownValuesFilter(known=_in_index("sector"), apply=_by_field("sector"))
    outcome = ChoicesFilter(choices=Case.Outcome.choices)
    minor = MinorFilter()
    origin = KnownValuesFilter(known=_in_index("origin"), apply=_by_field("cable__origin_name"))
    tag = KnownValuesFilter(known=_known(lambda: Tag.objects.all(), "code"), apply=_cable_has_tag)
    classification = KnownValuesFilter(
        known=_in_index("classification"), apply=_by_field("cable__classification")
    )
    date_from = DateBoundFilter(end=False, field_name="from")
    date_to = DateBoundFilter(end=True, field_name="to")
    q = SearchFilter()
    sort = SortFilter()

    class Meta:
        model = Case
        fields: list[str] = []
        form = CaseFilterForm


# "from" is a Python keyword, so the date bounds are declared under other names and
# exposed under the names of the query string. Sorting must come after every filter.
for _name in ("date_from", "date_to", "sort"):
    CaseFilter.base_filters[_name.removeprefix("date_")] = CaseFilter.base_filters.pop(_name)
