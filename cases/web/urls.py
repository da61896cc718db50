from django.urls import path, register_converter

from . import exports, views
from .feeds import LatestCasesFeed

# What no identifier holds: a slash, or a control character (PostgreSQL refuses NUL in
# text, so a path with one must not reach a query: it is a 404 like any unknown name).
SEGMENT = r"[^/\x00-\x1f\x7f]"


class SegmentConverter:
    """A reference id or a paragraph anchor: any text of one path segment but control
    characters."""

    regex = f"{SEGMENT}+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class CaseKeyConverter(SegmentConverter):
    """A case key, ``<REFERENCE_ID>-<paragraph anchor>-<n>`` (``08ASTANA1246-p7-1``); the
    anchor of a sub-paragraph carries its letters (``05SANJOSE488-p18b-1``), and an anchor
    given again a suffix (``p7-2``).

    Never a number, nor a word like ``feed`` or ``facets``: the other routes under
    /cases/ and the numeric URLs of the past cannot be taken for a key.
    """

    regex = f"{SEGMENT}+?-p[0-9]+[a-z]*(?:-[0-9]+)?-[0-9]+"


register_converter(CaseKeyConverter, "case_key")
register_converter(SegmentConverter, "segment")

app_name = "cases"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("method/", views.MethodView.as_view(), name="method"),
    path("maps/world.svg", views.map_outline, name="map-outline"),
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path("cases.json", views.CaseListJSONView.as_view(), name="case-list-json"),
    path("cases/facets/<slug:name>/", views.FacetValuesView.as_view(), name="facet-values"),
    path("cases/<case_key:key>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<case_key:key>.json", views.CaseDetailJSONView.as_view(), name="case-detail-json"),
    path("cases/<case_key:key>/card.png", views.CaseCardView.as_view(), name="case-card"),
    # Cases were published under their row numbers before they had keys.
    path(
        "cases/<int:pk>/",
        views.CaseNumberView.as_view(pattern_name="cases:case-detail"),
        name="case-number",
    ),
    path(
        "cases/<int:pk>.json",
        views.CaseNumberView.as_view(pattern_name="cases:case-detail-json"),
        name="case-number-json",
    ),
    path("cables/", views.CableListView.as_view(), name="cable-list"),
    path("cables/<segment:reference_id>/", views.CableDetailView.as_view(), name="cable-detail"),
    path(
        "cables/<segment:reference_id>/paragraphs/<segment:anchor>/",
        views.ParagraphView.as_view(),
        name="paragraph",
    ),
    path(
        "cables/<segment:reference_id>.json",
        views.CableDetailJSONView.as_view(),
        name="cable-detail-json",
    ),
    path("cases.csv", exports.CaseCSVView.as_view(), name="case-export-csv"),
    path("cases/export.json", exports.CaseJSONView.as_view(), name="case-export-json"),
    path("cases/feed/", views.read_only(LatestCasesFeed()), name="case-feed"),
]
