from django.urls import path

from . import exports, views
from .feeds import LatestCasesFeed

app_name = "cases"

urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path("cases.json", views.CaseListJSONView.as_view(), name="case-list-json"),
    path("cases/facets/<slug:name>/", views.FacetValuesView.as_view(), name="facet-values"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<int:pk>.json", views.CaseDetailJSONView.as_view(), name="case-detail-json"),
    path("cables/", views.CableListView.as_view(), name="cable-list"),
    path("cables/<str:reference_id>/", views.CableDetailView.as_view(), name="cable-detail"),
    path(
        "cables/<str:reference_id>/paragraphs/<str:anchor>/",
        views.ParagraphView.as_view(),
        name="paragraph",
    ),
    path(
        "cables/<str:reference_id>.json",
        views.CableDetailJSONView.as_view(),
        name="cable-detail-json",
    ),
    path("cases.csv", exports.CaseCSVView.as_view(), name="case-export-csv"),
    path("cases/export.json", exports.CaseJSONView.as_view(), name="case-export-json"),
    path("cases/feed/", views.read_only(LatestCasesFeed()), name="case-feed"),
]
