"""The query string of the case list: filters, and the page number.

Each filter takes several values (``?outlet=interfax&outlet=vremya``), ORed together;
different filters are ANDed. Values that name nothing are errors, not empty results, so
that a mistyped link says so.
"""

import re
from datetime import date

import django_filters
from django import forms
from django.db.models import Q

from .models import Case, Outlet

MONTH_PATTERN = re.compile(r"(?P<year>[1-9][0-9]{3})-(?P<month>0[1-9]|1[0-2])")


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)


class CategoryField(forms.MultipleChoiceField):
    """Categories that published cases have.

    Checked with one query for the values given, rather than against every category.
    """

    def validate(self, value):
        known = set(
            Case.objects.published()
            .filter(category__in=value)
            .values_list("category", flat=True)
            .distinct()
        )
        for category in value:
            if category not in known:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": category},
                )


class MonthsField(forms.Field):
    """``YYYY-MM`` values, cleaned to the first day of each month."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": "“%(value)s” is not a month: write it as YYYY-MM, for example 2008-06."
    }

    def to_python(self, value):
        return [self.parse_month(month) for month in value or []]

    def parse_month(self, value: str) -> date:
        match = MONTH_PATTERN.fullmatch(value)
        if match is None:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            )
        return date(int(match["year"]), int(match["month"]), 1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


class MonthFilter(django_filters.Filter):
    """Filters a date field by whole months, as ranges so that an index on it serves."""

    field_class = MonthsField

    def filter(self, qs, value):
        if not value:
            return qs
        ranges = Q()
        for month in value:
            ranges |= Q(
                **{f"{self.field_name}__gte": month, f"{self.field_name}__lt": next_month(month)}
            )
        return qs.filter(ranges)


class CategoryFilter(django_filters.MultipleChoiceFilter):
    field_class = CategoryField


class CaseFilter(django_filters.FilterSet):
    category = CategoryFilter(distinct=False)
    outlet = django_filters.ModelMultipleChoiceFilter(
        field_name="outlet__slug",
        to_field_name="slug",
        queryset=Outlet.objects.all(),
        distinct=False,
    )
    month = MonthFilter(field_name="reported_on")

    class Meta:
        model = Case
        fields = ["category", "outlet", "month"]
