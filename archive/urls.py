from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.views.generic import TemplateView

from cases.web.health import health
from cases.web.sitemaps import SITEMAPS
from cases.web.views import read_only

# Errors in the site's own look, with a way back (templates/404.html, 500.html); a
# database that cannot be reached is a 503 with Retry-After (archive/errors.py).
handler404 = "cases.web.errors.not_found"
handler500 = "archive.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health, name="health"),
    path("", include("cases.web.urls")),
    path(
        "robots.txt",
        read_only(
            TemplateView.as_view(
                template_name="robots.txt", content_type="text/plain; charset=utf-8"
            )
        ),
        name="robots",
    ),
    path(
        "sitemap.xml",
        read_only(sitemaps.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        read_only(sitemaps.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
