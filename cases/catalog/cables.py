"""The cable list: its search, its filters and their counts, and a long cable's contents.

Cables are far fewer than cases (a quarter as many), so their facets are counted with
GROUP BY queries over the cables that every other filter leaves (disjunctive counts, as
the case list's), one query a facet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import django_filters
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.http import QueryDict

from ..models import Cable, CableTag, Case, Paragraph, Tag
from . import search
from .facets import Facet, FacetSpec, facet_of
from .filters import MAX_QUERY_LENGTH, KnownValuesFilter, YearFilter, _known

HAS_CASES = {"yes": "Tells cases", "no": "Tells none"}

CABLE_FACETS = [
    FacetSpec("cases", "Cases", main=True),
    FacetSpec("origin", "Sent from", main=True),
    FacetSpec("year", "Year sent", chronological=True, main=True),
    FacetSpec("classification", "Classification", main=True),
    FacetSpec("tag", "Tag", main=True),
]


def _published_cases():
    return Case.objects.filter(cable_id=OuterRef("pk"), is_published=True)


class CableSearchFilter(django_filters.CharFilter):
    """Every word in the reference or the subject, or a case of the cable found by the
    full-text search (which reads each case's paragraph)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=MAX_QUERY_LENGTH, **kwargs)

    def filter(self, qs, value):
        if not (value and value.strip()):
            return qs
        words = [word for word in value.replace('"', " ").split() if not word.startswith("-")]
        in_subject = Q()
        for word in words:
            in_subject &= Q(subject__icontains=word) | Q(reference_id__icontains=word)
        case_ids = search.matching_ids(value)
        told = Case.objects.filter(pk__in=case_ids, is_published=True).values("cable_id")
        condition = Q(pk__in=told)
        if words:
            condition |= in_subject
        return qs.filter(condition)


class HasCasesFilter(django_filters.MultipleChoiceFilter):
    def __init__(self, **kwargs):
        super().__init__(choices=list(HAS_CASES.items()), distinct=False, **kwargs)

    def filter(self, qs, value):
        if not value or set(value) == set(HAS_CASES):
            return qs
        has = Exists(_published_cases())
        return qs.filter(has if "yes" in value else ~has)


class SentYearFilter(YearFilter):
    def filter(self, qs, value):
        ranges = Q()
        for year in value or []:
            ranges |= Q(sent_at__year=year)
        return qs.filter(ranges) if value else qs


def _cable_tag(qs: QuerySet, codes: list) -> QuerySet:
    return qs.filter(Exists(CableTag.objects.filter(cable_id=OuterRef("pk"), tag__code__in=codes)))


def _field_values(field: str):
    def known(values: list[str]):
        return Cable.objects.filter(**{f"{field}__in": values}).values_list(field, flat=True)

    return known


class CableFilter(django_filters.FilterSet):
    q = CableSearchFilter()
    cases = HasCasesFilter()
    origin = KnownValuesFilter(
        known=_field_values("origin_name"),
        apply=lambda qs, values: qs.filter(origin_name__in=values),
    )
    year = SentYearFilter()
    classification = KnownValuesFilter(
        known=_field_values("classification"),
        apply=lambda qs, values: qs.filter(classification__in=values),
    )
    tag = KnownValuesFilter(known=_known(lambda: Tag.objects.all(), "code"), apply=_cable_tag)

    class Meta:
        model = Cable
        fields: list[str] = []


def cable_queryset() -> QuerySet:
    """Cables newest first (undated last), each with its number of published cases.

    The count is a subquery, worked out for the rows of the page only (and left out of the
    paginator's count): a join grouped by cable cost 150 ms a query at 25,000 cables."""
    published = (
        Case.objects.filter(cable_id=OuterRef("pk"), is_published=True)
        .order_by()
        .values("cable_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Cable.objects.only("reference_id", "sent_at", "origin", "origin_name", "subject")
        .annotate(case_count=Coalesce(Subquery(published), 0))
        .order_by(F("sent_at").desc(nulls_last=True), "reference_id")
    )


def _filtered_but(filterset: CableFilter, left_out: str) -> QuerySet:
    cables = Cable.objects.all()
    for name, cable_filter in filterset.filters.items():
        if name != left_out:
            cables = cable_filter.filter(cables, filterset.form.cleaned_data.get(name))
    return cables


def cable_facets(filterset: CableFilter) -> list[Facet]:
    """Each facet of a bound, valid CableFilter, counted over the cables that the other
    filters leave."""
    data: QueryDict = filterset.data
    facets = []
    for spec in CABLE_FACETS:
        cables = _filtered_but(filterset, spec.name)
        facets.append(facet_of(spec, _counts(spec.name, cables), _labels(spec.name), data))
    return facets


def _counts(name: str, cables: QuerySet) -> dict[str, int]:
    if name == "cases":
        rows = (
            cables.annotate(has=Exists(_published_cases()))
            .values_list("has")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {("yes" if has else "no"): n for has, n in rows}
    if name == "tag":
        rows = (
            CableTag.objects.filter(cable__in=cables.values("pk"))
            .values_list("tag__code")
            .annotate(n=Count("cable_id"))
            .order_by()
        )
        return dict(rows)
    if name == "year":
        rows = (
            cables.exclude(sent_at=None)
            .annotate(year=ExtractYear("sent_at"))
            .values_list("year")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {str(year): n for year, n in rows}
    column = {"origin": "origin_name", "classification": "classification"}[name]
    rows = cables.exclude(**{column: ""}).values_list(column).annotate(n=Count("pk")).order_by()
    return dict(rows)


def _labels(name: str) -> dict[str, str]:
    return HAS_CASES if name == "cases" else {}


# A long cable's contents -------------------------------------------------------------

# A cable this long (paragraphs) gets a contents box.
CONTENTS_FROM = 8
# "A. Develop three strategies", "(b) The court", "2a. Victims": a sub-paragraph.
SUB_PARAGRAPH = re.compile(r"^\(?([A-Za-z]|[0-9]+[a-z])[.)]\s+")
OPENING_WORDS = 8


@dataclass
class Entry:
    anchor: str
    number: str  # as printed, or the sub-paragraph's letter
    opening: str
    cases: int = 0
    sub: bool = False


@dataclass
class Section:
    heading: str
    anchor: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def cases(self) -> int:
        return sum(entry.cases for entry in self.entries)


def _opening(text: str) -> str:
    words = text.split()
    return " ".join(words[:OPENING_WORDS]) + (" …" if len(words) > OPENING_WORDS else "")


def cable_contents(paragraphs: list[Paragraph]) -> list[Section] | None:
    """The sections of a long cable (its headings), and in each the paragraphs worth a
    line: those that tell cases (with how many) and the lettered sub-paragraphs. None for a
    short cable. The paragraphs carry ``published_cases`` (as the cable page loads them)."""
    if len(paragraphs) < CONTENTS_FROM:
        return None
    sections: list[Section] = []
    for paragraph in paragraphs:
        heading = paragraph.heading or ""
        if not sections or heading != sections[-1].heading:
            sections.append(Section(heading or "Opening", paragraph.anchor))
        cases = len(paragraph.published_cases)
        # Sub-paragraphs the parser recognised (depth 1), and lettered lines it left whole.
        sub = paragraph.depth > 0 or SUB_PARAGRAPH.match(paragraph.text)
        if cases or sub:
            sections[-1].entries.append(
                Entry(
                    anchor=paragraph.anchor,
                    number=paragraph.number or str(paragraph.ordinal),
                    opening=_opening(paragraph.text),
                    cases=cases,
                    sub=bool(sub),
                )
            )
    return sections
