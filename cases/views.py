"""Public pages and their JSON twins: they only read, so they answer GET and HEAD only."""

from dataclasses import replace

from django.conf import settings
from django.core.paginator import EmptyPage
from django.db.models import Count, F, Prefetch, Q
from django.forms.utils import ErrorDict
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, ListView, View
from django.views.generic.list import MultipleObjectMixin, MultipleObjectTemplateResponseMixin
from django_filters.views import FilterMixin

from . import search, serializers
from .facets import FACETS_BY_NAME, count_facets, query_without, selected_values
from .filters import SORTS, CaseFilter, PageForm
from .histogram import month_histogram
from .models import Cable, Case


class ReadOnlyMixin:
    """Public pages answer GET and HEAD only.

    They change nothing, so there is nothing for a CSRF token to protect: exempting them
    lets any other method get its honest 405 instead of a 403 about a missing cookie.
    """

    http_method_names = ["get", "head"]

    @classmethod
    def as_view(cls, **initkwargs):
        return csrf_exempt(super().as_view(**initkwargs))


class JSONResponseMixin:
    """Answers with ``get_data(context)`` as JSON instead of rendering a template."""

    def render_to_response(self, context, **response_kwargs):
        return JsonResponse(self.get_data(context), **response_kwargs)


class CaseSearchMixin(ReadOnlyMixin, FilterMixin, MultipleObjectMixin):
    """Published cases, filtered, searched, sorted, faceted and paginated from the query string.

    Invalid input is answered with its errors and status 400. A page past the end is an
    empty page rather than an error, since results can shrink between two requests.
    """

    filterset_class = CaseFilter
    context_object_name = "cases"
    facet_names: list[str] | None = None  # None: every facet
    with_snippets = True

    def get_queryset(self):
        return Case.objects.published().for_list()

    def get_paginate_by(self, queryset):
        return settings.CASES_PER_PAGE

    def get_filterset_kwargs(self, filterset_class):
        # Bound even to an empty query string, so that every request is validated alike.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.page_form = PageForm(request.GET)
        errors = ErrorDict({**self.filterset.errors, **self.page_form.errors})
        if errors:
            self.object_list = self.filterset.queryset.none()
            facets = []
        else:
            self.object_list = self.filterset.qs
            facets = count_facets(self.filterset, self.facet_names)
        context = self.get_context_data(
            filter=self.filterset,
            facets=facets,
            selected=selected_values(facets),
            errors=errors,
            query=self.filterset.form.cleaned_data.get("q", "") if not errors else "",
        )
        return self.render_to_response(context, status=400 if errors else 200)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = context["query"]
        context["snippets"] = (
            search.snippets([case.paragraph_id for case in context["object_list"]], query)
            if query and self.with_snippets
            else {}
        )
        return context

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        try:
            page = paginator.page(self.page_form.cleaned_data.get("page") or 1)
        except EmptyPage:
            return paginator, None, [], False
        return paginator, page, page.object_list, page.has_other_pages()


class CaseListView(MultipleObjectTemplateResponseMixin, CaseSearchMixin, View):
    template_name = "cases/case_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months = [facet for facet in context["facets"] if facet.name == "month"]
        context["histogram"] = month_histogram(months[0], self.request.GET) if months else None
        context["sorts"] = SORTS
        context["chips"] = search_chips(self.request.GET, context["errors"])
        return context


def search_chips(data, errors) -> list[dict]:
    """Removable chips for the search words and the date range."""
    if errors:
        return []
    labels = {"q": "Search: {}", "from": "From {}", "to": "To {}"}
    return [
        {"label": label.format(data[name]), "query": query_without(data, name, "page")}
        for name, label in labels.items()
        if data.get(name, "").strip()
    ]


class FacetValuesView(MultipleObjectTemplateResponseMixin, CaseSearchMixin, View):
    """Every value of one facet for the current filters, by count or by name."""

    template_name = "cases/facet_values.html"
    with_snippets = False

    def get(self, request, *args, **kwargs):
        if kwargs["name"] not in FACETS_BY_NAME:
            raise Http404("No such facet.")
        self.facet_names = [kwargs["name"]]
        return super().get(request, *args, **kwargs)

    def get_paginate_by(self, queryset):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.request.GET.get("order", "count")
        if context["facets"]:
            facet = context["facets"][0]
            if order == "name":
                values = sorted(facet.values, key=lambda value: value.label.casefold())
                facet = replace(facet, values=values)
            context["facet"] = facet
        context["order"] = order
        context["list_query"] = query_without(self.request.GET, "order")
        return context


class CaseListJSONView(JSONResponseMixin, CaseSearchMixin, View):
    def get_data(self, context):
        return serializers.case_list_dict(context, self.request)


class CaseDetailView(ReadOnlyMixin, DetailView):
    queryset = Case.objects.published().for_list()


class CaseDetailJSONView(JSONResponseMixin, CaseDetailView):
    def get_data(self, context):
        return serializers.case_dict(self.object)


class CableListView(ReadOnlyMixin, ListView):
    paginate_by = 50
    queryset = (
        Cable.objects.only("reference_id", "sent_at", "origin", "origin_name", "subject")
        .annotate(case_count=Count("cases", filter=Q(cases__is_published=True)))
        # Meta.ordering does not apply to GROUP BY queries.
        .order_by(F("sent_at").desc(nulls_last=True), "reference_id")
    )


class CableDetailView(ReadOnlyMixin, DetailView):
    slug_field = slug_url_kwarg = "reference_id"
    queryset = Cable.objects.with_tags().prefetch_related(
        Prefetch("paragraphs__cases", queryset=Case.objects.published(), to_attr="published_cases")
    )


class CableDetailJSONView(JSONResponseMixin, CableDetailView):
    def get_data(self, context):
        return serializers.cable_dict(self.object)
