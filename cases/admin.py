from django.contrib import admin

from . import search
from .models import Cable, Case, Outlet, Paragraph, Tag

# Case fields that re-imports overwrite unless staff have corrected them.
CURATABLE_FIELDS = ("reported_on", "outlet", "category")


class ParagraphInline(admin.TabularInline):
    """Paragraphs as imported: they are corrected by re-importing the cable."""

    model = Paragraph
    fields = ["ordinal", "number", "anchor", "heading", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Cable)
class CableAdmin(admin.ModelAdmin):
    list_display = ["reference_id", "sent_at", "origin_name", "classification", "subject"]
    list_filter = ["origin", "classification"]
    search_fields = ["reference_id", "subject"]
    date_hierarchy = "sent_at"
    readonly_fields = [
        "source_name",
        "source_text",
        "content_hash",
        "parser_version",
        "imported_at",
        "updated_at",
    ]
    inlines = [ParagraphInline]


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["__str__", "ordinal", "heading"]
    list_select_related = ["cable"]
    search_fields = ["text", "cable__reference_id"]
    raw_id_fields = ["cable"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "reported_on", "outlet", "category", "cable", "is_published"]
    list_filter = ["is_published", "source", "outlet", "reported_on"]
    list_select_related = ["outlet", "cable"]
    search_fields = ["category", "outlet__name", "paragraph__text"]
    autocomplete_fields = ["paragraph", "outlet"]
    fields = [
        "paragraph",
        "cable",
        "source",
        "is_published",
        "reported_on",
        "outlet",
        "category",
        "curated_fields",
    ]
    readonly_fields = ["cable", "source", "curated_fields"]

    def save_model(self, request, obj, form, change):
        if not change:
            # The extractor owns the one "extracted" case per paragraph; staff add others.
            obj.source = Case.Source.STAFF
        obj.cable = obj.paragraph.cable  # denormalised: it must follow the paragraph
        corrected = {name for name in form.changed_data if name in CURATABLE_FIELDS}
        obj.curated_fields = sorted(set(obj.curated_fields) | corrected)
        super().save_model(request, obj, form, change)
        search.index_cases([obj.cable_id])


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["code"]
