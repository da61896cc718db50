"""The sitemap: every published case and every cable, in sections of at most 50,000 URLs."""

from django.contrib.sitemaps import GenericSitemap

from ..models import Cable, Case

SITEMAPS = {
    "cases": GenericSitemap(
        {
            "queryset": Case.objects.published().only("key", "updated_at").order_by("pk"),
            "date_field": "updated_at",
        }
    ),
    "cables": GenericSitemap(
        {
            "queryset": Cable.objects.only("reference_id", "updated_at").order_by("reference_id"),
            "date_field": "updated_at",
        }
    ),
}
