"""Public pages and their JSON twins: they only read, so they answer GET and HEAD only."""

from dataclasses import replace

from django.conf import settings
from django.core.paginator import EmptyPage
from django.db.models import Prefetch
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView, View
from django.views.generic.list import MultipleObjectMixin, MultipleObjectTemplateResponseMixin
from django_filters.views import FilterMixin

from ..catalog import search
from ..catalog.cables import CableFilter, cable_contents, cable_facets, cable_queryset
from ..catalog.facets import FACETS_BY_NAME, query_without, selected_values
from ..catalog.filters import SORTS, CaseFilter, PageForm, canonical_query
from ..catalog.histogram import month_histogram
from ..catalog.listing import coordinates, list_cases
from ..catalog.navigation import position_in_list
from ..catalog.overview import overview
from ..catalog.spans import case_in_paragraph, mark_cases
from ..extraction import PUBLISH_THRESHOLD
from ..models import Cable, CableTag, Case, Paragraph, paragraph_permalink
from . import maps, serializers, sharing
from .caching import cached_by_version
from .citations import Citation, case_title


class ReadOnlyMixin:
    """Public pages answer GET and HEAD only.

    They change nothing, so there is nothing for a CSRF token to protect: exempting them
    lets any other method get its honest 405 instead of a 403 about a missing cookie.
    """

    http_method_names = ["get", "head"]

    # Pages are cached per archive version (cases/caching.py); streams are not.
    cache_pages = True

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        return csrf_exempt(cached_by_version(view) if cls.cache_pages else view)


def read_only(view):
    """ReadOnlyMixin for function views (feeds, sitemaps, robots.txt)."""
    return csrf_exempt(require_safe(view))


class JSONResponseMixin:
    """Answers with ``get_data(context)`` as JSON instead of rendering a template."""

    def render_to_response(self, context, **response_kwargs):
        return JsonResponse(self.get_data(context), **response_kwargs)


class FilteredListMixin(ReadOnlyMixin, FilterMixin):
    """A list narrowed by a filter set and a page form (``self.filterset``,
    ``self.page_form``): its page, and its rendering, 400 with the errors when the query
    has any."""

    def render_filtered(self, facets, errors):
        context = self.get_context_data(
            filter=self.filterset,
            facets=facets,
            selected=selected_values(facets),
            errors=errors,
            query=self.filterset.form.cleaned_data.get("q", "") if not errors else "",
        )
        return self.render_to_response(context, status=400 if errors else 200)

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        try:
            page = paginator.page(self.page_form.cleaned_data.get("page") or 1)
        except EmptyPage:
            return paginator, None, [], False
        return paginator, page, page.object_list, page.has_other_pages()


class CaseSearchMixin(FilteredListMixin, MultipleObjectMixin):
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
        canonical = canonical_query(request.GET)
        if canonical is not None:  # ?country=kz: the same list as ?country=KZ
            return HttpResponsePermanentRedirect(f"{request.path}?{canonical}")
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.page_form = PageForm(request.GET)
        errors = ErrorDict({**self.filterset.errors, **self.page_form.errors})
        if errors:
            self.object_list = self.filterset.queryset.none()
            facets = []
        else:
            listing = list_cases(self.filterset, self.facet_names)
            self.object_list, facets = listing.cases, listing.facets
        return self.render_filtered(facets, errors)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = context["query"]
        context["snippets"] = (
            search.snippets([case.pk for case in context["object_list"]], query)
            if query and self.with_snippets
            else {}
        )
        return context


class CaseListView(MultipleObjectTemplateResponseMixin, CaseSearchMixin, View):
    template_name = "cases/case_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facets = {facet.name: facet for facet in context["facets"]}
        months, places = facets.get("month"), facets.get("place")
        context["histogram"] = month_histogram(months, self.request.GET) if months else None
        context["places_map"] = (
            maps.list_map(places, coordinates, reverse("cases:map-outline")) if places else None
        )
        context["more_selected"] = any(not facet.main for facet, _ in context["selected"])
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
                facet = replace(facet, by_label=True)
            context["facet"] = facet
        context["order"] = order
        context["list_query"] = query_without(self.request.GET, "order")
        return context


class CaseListJSONView(JSONResponseMixin, CaseSearchMixin, View):
    def get_data(self, context):
        return serializers.case_list_dict(context, self.request)


GONE_EXPLANATION = (
    "This case has been withdrawn from the archive by its editors. Its key will not be "
    "given to another case."
)


class PublishedCaseMixin(ReadOnlyMixin):
    """A published case by its key. One that was public and no longer is answers 410 Gone;
    a suggestion staff never accepted was never public: 404, as for a key never given."""

    slug_field = slug_url_kwarg = "key"
    queryset = (
        Case.objects.published()
        .for_list()
        .prefetch_related(
            "countries",
            "places",
            Prefetch(
                "paragraph__cable__cabletag_set", queryset=CableTag.objects.select_related("tag")
            ),
        )
    )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            withdrawn = Case.objects.withdrawn().filter(key=kwargs["key"])
            pk = withdrawn.values_list("pk", flat=True).first()
            if pk is not None:
                return self.gone(pk, kwargs["key"])
            raise

    def gone(self, pk: int, key: str) -> HttpResponse:
        return TemplateResponse(self.request, "cases/case_gone.html", {"key": key}, status=410)


class CaseNumberView(ReadOnlyMixin, View):
    """A case's numeric URL, as published before cases had keys: 301 to its key's URL
    (``pattern_name``), query string kept. A case never public has none to lead to."""

    pattern_name = ""
    cache_pages = False  # a redirect, one query

    def get(self, request, pk: int):
        public = Case.objects.published().filter(pk=pk) | Case.objects.withdrawn().filter(pk=pk)
        key = public.values_list("key", flat=True).first()
        if key is None:
            raise Http404("No such case.")
        url = reverse(self.pattern_name, kwargs={"key": key})
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


class CaseDetailView(PublishedCaseMixin, DetailView):
    """A case, its sentences in their paragraph, the other places the cable tells it, how
    to cite it, and the previous and next cases of the list it was found in."""

    def get_context_data(self, **kwargs):
        case = self.object
        permalink = self.request.build_absolute_uri(case.get_absolute_url())
        card_url = self.request.build_absolute_uri(
            reverse("cases:case-card", kwargs={"key": case.key})
        )
        return super().get_context_data(
            permalink=permalink,
            title=case_title(case),
            meta=sharing.case_meta(case, permalink, card_url),
            place_map=maps.case_map(
                case.places.all(), reverse("cases:case-list"), reverse("cases:map-outline")
            ),
            paragraph_permalink=self.request.build_absolute_uri(case.paragraph.get_absolute_url()),
            paragraph_text=case_in_paragraph(case, case.paragraph.text),
            tellings=self.tellings(case),
            citation=Citation.of(case, permalink),
            position=position_in_list(case, self.request.GET.get("back", "")),
            **kwargs,
        )

    def tellings(self, case: Case) -> list[dict]:
        """The other places the cable tells the case: the paragraph, its link and text."""
        if not case.tellings:
            return []
        cable = case.paragraph.cable
        paragraphs = {
            paragraph.anchor: paragraph
            for paragraph in Paragraph.objects.filter(
                cable=cable, anchor__in=[telling["anchor"] for telling in case.tellings]
            )
        }
        found = []
        for telling in case.tellings:
            paragraph = paragraphs.get(telling["anchor"])
            if paragraph is None:
                continue
            paragraph.cable = cable
            start, end = telling["start"], telling["end"]
            found.append(
                {
                    "paragraph": paragraph,
                    "url": paragraph_permalink(cable.reference_id, paragraph.anchor),
                    "excerpt": paragraph.text[start:end] if 0 <= start < end else "",
                }
            )
        return found


class CaseCardView(PublishedCaseMixin, DetailView):
    """The picture a shared link to the case previews with (og:image): a PNG card."""

    def render_to_response(self, context, **response_kwargs):
        return HttpResponse(sharing.case_card(self.object), content_type="image/png")

    def gone(self, pk: int, key: str) -> HttpResponse:
        raise Http404("No card for a withdrawn case.")


class CaseDetailJSONView(JSONResponseMixin, PublishedCaseMixin, DetailView):
    def get_data(self, context):
        return serializers.case_dict(self.object, self.request.build_absolute_uri)

    def gone(self, pk: int, key: str) -> HttpResponse:
        return JsonResponse({"id": pk, "key": key, "error": GONE_EXPLANATION}, status=410)


class CableListView(FilteredListMixin, ListView):
    """Cables, searched and filtered, with their facets and total. Invalid input is a 400
    with its errors; a page past the end is an empty page, as on the case list."""

    paginate_by = 50
    filterset_class = CableFilter
    template_name = "cases/cable_list.html"

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def get(self, request, *args, **kwargs):
        canonical = canonical_query(request.GET)
        if canonical is not None:
            return HttpResponsePermanentRedirect(f"{request.path}?{canonical}")
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.page_form = PageForm(request.GET)
        errors = ErrorDict({**self.filterset.errors, **self.page_form.errors})
        if errors:
            self.object_list, facets = Cable.objects.none(), []
        else:
            self.object_list = self.filterset.filter_queryset(cable_queryset())
            facets = cable_facets(self.filterset)
        return self.render_filtered(facets, errors)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chips"] = search_chips(self.request.GET, context["errors"])
        return context


class CableDetailView(ReadOnlyMixin, DetailView):
    slug_field = slug_url_kwarg = "reference_id"
    queryset = Cable.objects.with_tags().prefetch_related(
        Prefetch(
            "paragraphs",
            queryset=Paragraph.objects.filter(is_current=True)
            .order_by("ordinal")
            .prefetch_related(
                Prefetch(
                    "cases",
                    queryset=Case.objects.published()
                    .only(
                        "pk", "key", "paragraph_id", "span_start", "span_end", "excerpt", "tellings"
                    )
                    .order_by("span_start", "key"),
                    to_attr="published_cases",
                ),
                # Anchors of paragraphs an earlier parsing had, whose text is now here.
                Prefetch(
                    "replaces",
                    queryset=Paragraph.objects.only("pk", "anchor", "replaced_by_id"),
                    to_attr="former",
                ),
            ),
            to_attr="current_paragraphs",
        )
    )

    def get_context_data(self, **kwargs):
        cable = self.object
        permalink = self.request.build_absolute_uri(cable.get_absolute_url())
        paragraphs = cable.current_paragraphs
        mark_cases(paragraphs)
        case_count = sum(len(paragraph.published_cases) for paragraph in paragraphs)
        return super().get_context_data(
            permalink=permalink,
            contents=cable_contents(paragraphs),
            case_count=case_count,
            meta=sharing.cable_meta(cable, permalink, case_count),
            **kwargs,
        )


class CableDetailJSONView(JSONResponseMixin, CableDetailView):
    def get_data(self, context):
        return serializers.cable_dict(self.object, self.request.build_absolute_uri)


class ParagraphView(ReadOnlyMixin, DetailView):
    """A paragraph's permanent address: it leads to wherever the paragraph's text now is.

    A current paragraph, or a retired one whose text went into another, redirects
    permanently to its place in the cable page; one whose text is gone from the cable's
    latest parsing is shown on its own, as it was.
    """

    template_name = "cases/paragraph_retired.html"
    context_object_name = "paragraph"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Paragraph.objects.select_related("cable", "replaced_by"),
            cable__reference_id=self.kwargs["reference_id"],
            anchor=self.kwargs["anchor"],
        )

    def get(self, request, *args, **kwargs):
        self.object = paragraph = self.get_object()
        target = paragraph if paragraph.is_current else paragraph.replaced_by
        if target is not None:
            return HttpResponsePermanentRedirect(
                f"{paragraph.cable.get_absolute_url()}#{target.anchor}"
            )
        return self.render_to_response(self.get_context_data(object=paragraph))


class HomeView(ReadOnlyMixin, TemplateView):
    """The front door: what the archive holds, how cases are found, the latest cases, and
    the ways in."""

    template_name = "cases/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(overview=overview(), **kwargs)


class MethodView(ReadOnlyMixin, TemplateView):
    """What counts as a case, how the extractor finds one, and how sure it is."""

    template_name = "cases/method.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(threshold=PUBLISH_THRESHOLD, **kwargs)


@read_only
def map_outline(request):
    """The world outline under every map: one document, cached by browsers for a day."""
    response = HttpResponse(maps.outline_svg(), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=24 * 3600)
    return response
