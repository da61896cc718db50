"""Data entry for staff: correct and trace cases, review suggested cases, create cases from
paragraphs, import cables.

Cables and paragraphs are read-only here (they change by re-importing); cases are edited,
and every change of a case is kept in its history. What staff correct in a case the
extractor found is "curated": re-imports leave it alone until staff release it. Cases the
extractor found without the confidence to publish them wait in "Suggested cases" for an
editor to accept or reject them; re-imports never undo that decision.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .. import history, labels, search_index
from ..catalog import search
from ..catalog.spans import case_in_paragraph
from ..ingest.importer import EXTRACTED_CASE_FIELDS, reextract_cases
from ..ingest.uploads import import_uploads
from ..models import Cable, Case, Country, Outlet, Paragraph, Place, SuggestedCase, Tag
from .forms import RELEASE_FIELD, CableUploadForm, CaseForm, field_label
from .suggestions import suggested_case
from .uploads import limited_upload, without_statement_timeout

IMPORT_PERMISSION = "cases.import_cables"
# Staff decisions on a case: its review, whether it is published, and the name of both.
DECISIONS = {
    "accept": (Case.Review.ACCEPTED, True, "Accept"),
    "reject": (Case.Review.REJECTED, False, "Reject"),
}


def decide(request, cases, decision: str) -> int:
    """Accept (publish) or reject (unpublish for good) ``cases``, each change in its
    history under the user's name; the number of cases changed."""
    review, published, name = DECISIONS[decision]
    count = 0
    for case in cases:
        if case.review == review and case.is_published == published:
            continue
        history.ensure_baseline(case.pk)
        case.review, case.is_published = review, published
        history.save(
            case,
            user=request.user,
            reason=f"{name}ed",
            update_fields=["review", "is_published", "updated_at"],
        )
        count += 1
    return count


def can_import(user) -> bool:
    return user.is_active and user.has_perm(IMPORT_PERMISSION)


def add_case_link(paragraph: Paragraph) -> str:
    url = f"{reverse('admin:cases_case_add')}?paragraph={paragraph.pk}"
    return format_html('<a href="{}">Add a case</a>', url)


class ReviewActions:
    """The admin actions that accept or reject the selected cases."""

    @admin.action(description="Accept the selected cases (published)", permissions=["change"])
    def accept(self, request, queryset):
        count = decide(request, queryset, "accept")
        self.message_user(request, f"Accepted: {count} case(s).", messages.SUCCESS)

    @admin.action(
        description="Reject the selected cases (unpublished; never proposed again)",
        permissions=["change"],
    )
    def reject(self, request, queryset):
        count = decide(request, queryset, "reject")
        self.message_user(request, f"Rejected: {count} case(s).", messages.SUCCESS)


class ParagraphInline(admin.TabularInline):
    """Paragraphs as imported: they are corrected by re-importing the cable."""

    model = Paragraph
    fields = ["ordinal", "number", "anchor", "heading", "text", "is_candidate"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_current=True)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if request.user.has_perm("cases.add_case"):
            fields.append("new_case")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description="Case")
    def new_case(self, paragraph):
        return add_case_link(paragraph)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Cable)
class CableAdmin(admin.ModelAdmin):
    """Cables are read-only; they arrive through the importer (command line or upload)."""

    list_display = ["reference_id", "sent_at", "origin_name", "classification", "subject"]
    list_filter = ["classification", "origin"]
    search_fields = ["reference_id", "subject"]
    date_hierarchy = "sent_at"
    fields = [
        "reference_id",
        "sent_at",
        "precedence",
        "origin",
        "origin_name",
        "classification",
        "caveats",
        "tag_codes",
        "subject",
        "signature",
        "sections",
        "source_name",
        "source_text",
        "content_hash",
        "parser_version",
        "imported_at",
        "updated_at",
    ]
    readonly_fields = fields
    inlines = [ParagraphInline]
    change_list_template = "admin/cases/cable/change_list.html"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if match is not None and match.url_name == "cases_cable_changelist":
            queryset = queryset.defer("source_text")  # no list shows it, and it is long
        return queryset

    @admin.display(description="Tags")
    def tag_codes(self, cable):
        return " ".join(cable.tag_codes)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Cases and citations hang on cables: only superusers may take one away.
        return request.user.is_active and request.user.is_superuser

    def get_urls(self):
        view = limited_upload(self.refuse_upload)(self.import_view)
        upload = path("import/", self.admin_site.admin_view(view), name="cases_cable_import")
        return [upload, *super().get_urls()]

    def refuse_upload(self, request):
        """An upload declared larger than the limit: 413, the form and why, unread."""
        return self.import_page(request, CableUploadForm(), None, status=413)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": can_import(request.user)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        """Upload cable files and import them as the import_cables command does."""
        if not can_import(request.user):
            raise PermissionDenied
        report = None
        if request.method == "POST":
            form = CableUploadForm(request.POST, request.FILES)
            if request.upload_refused:  # stopped at the limit (cases/staff/uploads.py)
                return self.import_page(request, CableUploadForm(), None, status=413)
            if form.is_valid():
                with without_statement_timeout():
                    report = import_uploads(form.cleaned_data["files"])
                level = messages.WARNING if report.failures else messages.SUCCESS
                self.message_user(request, f"Cables: {report.summary()}.", level)
                form = CableUploadForm()
        else:
            form = CableUploadForm()
        return self.import_page(request, form, report)

    def import_page(self, request, form, report, status=200):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import cable files",
            "form": form,
            "report": report,
            "max_bytes": settings.CABLE_UPLOAD_MAX_BYTES,
            "too_large": request.upload_refused,
        }
        return TemplateResponse(
            request, "admin/cases/cable/import_cables.html", context, status=status
        )


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    """Paragraphs, read-only; candidates (relevant, but not detected as cases) are where
    staff look for cases the extractor missed."""

    list_display = ["__str__", "heading", "relevance", "is_candidate", "is_current"]
    list_filter = ["is_candidate", "is_current"]
    list_select_related = ["cable"]
    search_fields = ["text", "cable__reference_id"]
    fields = [
        "cable",
        "ordinal",
        "number",
        "anchor",
        "heading",
        "portion_marking",
        "text",
        "relevance",
        "is_candidate",
        "is_current",
        "replaced_by",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("cable__source_text")

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if request.user.has_perm("cases.add_case"):
            columns.append("new_case")
        return columns

    @admin.display(description="Case")
    def new_case(self, paragraph):
        return add_case_link(paragraph)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CurationFilter(admin.SimpleListFilter):
    title = "curation"
    parameter_name = "curation"

    def lookups(self, request, model_admin):
        return [("curated", "Corrected by staff"), ("extracted", "As extracted")]

    def queryset(self, request, queryset):
        extracted = queryset.filter(source=Case.Source.EXTRACTED)
        if self.value() == "curated":
            return extracted.exclude(curated_fields=[])
        if self.value() == "extracted":
            return extracted.filter(curated_fields=[])
        return queryset


@admin.register(Case)
class CaseAdmin(ReviewActions, SimpleHistoryAdmin):
    form = CaseForm
    change_form_template = "admin/cases/case/change_form.html"
    list_display = [
        "name",
        "reported_on",
        "outlet",
        "exploitation",
        "outcome",
        "cable",
        "is_published",
        "review",
        "confidence",
        "curated",
    ]
    list_filter = [
        "is_published",
        "review",
        "source",
        CurationFilter,
        "exploitation",
        "outcome",
        "victim_sex",
        "minor",
        "countries",
        "outlet",
        "reported_on",
    ]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["summary", "paragraph__text"]
    search_help_text = (
        'Words of the summary, the paragraph or the cable subject: "a phrase", -excluded, '
        "either or other. A case number or key finds that case."
    )
    autocomplete_fields = ["paragraph", "outlet", "countries", "places"]
    actions = ["publish", "unpublish", "accept", "reject", "release_curated_fields"]
    readonly_fields = ["cable", "source", "key", "review", "confidence", "curated"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("outlet", "cable")
            .prefetch_related("countries", "places")
            .defer("cable__source_text", "search_vector")
        )

    @admin.display(description="Case", ordering="key")
    def name(self, case):
        """Its key and its title, as the public pages name it."""
        return f"{case.key}: {labels.case_title(case)}"

    def get_fieldsets(self, request, obj=None):
        curation = ["curated"]
        if obj is not None and obj.curated_fields and self.has_change_permission(request, obj):
            curation.append(RELEASE_FIELD)
        # A new case's cable and source follow from its paragraph and its author.
        origin = (
            ["paragraph", "is_published"]
            if obj is None
            else ["key", "paragraph", "cable", "source", "is_published", "review", "confidence"]
        )
        fieldsets = [
            (None, {"fields": origin}),
            ("Report", {"fields": ["reported_on", "outlet", "category", "summary"]}),
            ("Where", {"fields": ["countries", "places"]}),
            (
                "Exploitation",
                {"fields": ["exploitation", "sector", "exploitation_type", "means_of_control"]},
            ),
            (
                "Victims",
                {
                    "fields": [
                        "minor",
                        "ages",
                        ("victim_count_min", "victim_count_max"),
                        "victim_sex",
                    ]
                },
            ),
            (
                "Justice",
                {"fields": ["outcome", "max_sentence_years", "life_sentence", "amounts_usd"]},
            ),
            ("When", {"fields": ["occurred"]}),
        ]
        if obj is not None:
            fieldsets.append(("Curation", {"fields": curation}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.source == Case.Source.EXTRACTED:
            # The extractor's case is where the extractor found it: re-imports follow its text.
            readonly.append("paragraph")
        return readonly

    @admin.display(description="Curated fields")
    def curated(self, case):
        if case.source == Case.Source.STAFF:
            return "Entered by staff"
        return ", ".join(field_label(name) for name in case.curated_fields) or "-"

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if term.lstrip("#").isdigit():
            return queryset.filter(pk=int(term.lstrip("#"))), False
        if queryset.filter(key=term).exists():
            return queryset.filter(key=term), False
        return search.search_cases(queryset, term), False

    def get_changeform_initial_data(self, request):
        """A case added from a paragraph starts with what the extractor reads in it."""
        initial = super().get_changeform_initial_data(request)
        given = str(initial.get("paragraph", ""))
        if not given.isdigit():
            return initial
        paragraph = Paragraph.objects.select_related("cable").filter(pk=int(given)).first()
        if paragraph is None:
            return initial
        return {**suggested_case(paragraph), **initial}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        paragraph = self._source_paragraph(context["adminform"].form, obj)
        context["source_paragraph"] = paragraph
        if obj is not None and paragraph is not None and obj.paragraph_id == paragraph.pk:
            context["source_text"] = case_in_paragraph(obj, paragraph.text)  # its sentences marked
        context["decisions"] = self._decisions(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _decisions(self, request, case) -> list[dict]:
        """The review buttons of a case's change page: the decisions that would change it."""
        if case is None or not self.has_change_permission(request, case):
            return []
        return [
            {"label": label, "url": reverse("admin:cases_case_review", args=[case.pk, name])}
            for name, (review, published, label) in DECISIONS.items()
            if (case.review, case.is_published) != (review, published)
        ]

    def get_urls(self):
        review = path(
            "<path:object_id>/review/<str:decision>/",
            self.admin_site.admin_view(self.review_view),
            name="cases_case_review",
        )
        return [review, *super().get_urls()]

    def review_view(self, request, object_id, decision):
        """Accept or reject one case (the buttons of its change page); a suggestion decided
        leads back to the queue of suggestions."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        case = get_object_or_404(Case, pk=object_id)
        if decision not in DECISIONS or not self.has_change_permission(request, case):
            raise PermissionDenied
        was_suggested = case.review == Case.Review.PENDING
        if decide(request, [case], decision):
            self.message_user(request, f"{case}: {DECISIONS[decision][2].lower()}ed.")
        if was_suggested:
            return HttpResponseRedirect(reverse("admin:cases_suggestedcase_changelist"))
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[case.pk]))

    def _source_paragraph(self, form, case):
        if "paragraph" in form.fields:
            chosen = str(form["paragraph"].value() or "")
            if chosen.isdigit():
                found = Paragraph.objects.select_related("cable").filter(pk=int(chosen)).first()
                if found is not None:
                    return found
        return case.paragraph if case is not None else None

    def save_model(self, request, obj, form, change):
        if change:
            history.ensure_baseline(obj.pk)
        else:
            # A case staff enter is theirs: the extractor never changes it.
            obj.source = Case.Source.STAFF
            obj.review = Case.Review.ACCEPTED
            obj.key = obj.paragraph.take_case_key()
        if obj.source == Case.Source.STAFF and (not change or "paragraph" in form.changed_data):
            # Told, for all the archive knows, in the whole paragraph staff chose.
            text = obj.paragraph.text
            obj.span_start, obj.span_end, obj.excerpt = 0, len(text), text
        if obj.is_published and obj.review in (Case.Review.PENDING, Case.Review.REJECTED):
            obj.review = Case.Review.ACCEPTED  # published by hand: staff have decided
        obj.cable = obj.paragraph.cable  # denormalised: it must follow the paragraph
        released = set(form.cleaned_data.get(RELEASE_FIELD, []))
        if obj.source == Case.Source.EXTRACTED:
            corrected = set(form.changed_data) & set(EXTRACTED_CASE_FIELDS)
            obj.curated_fields = sorted((set(obj.curated_fields) - released) | corrected)
        history.pause(obj)
        super().save_model(request, obj, form, change)
        reason = getattr(request, "case_change_reason", "")
        save_m2m = form.save_m2m

        def save_m2m_and_record():
            # Countries and places are saved after the case: record both as one entry.
            save_m2m()
            # After the countries and places: their names are in the index too.
            search_index.index_cases([obj.cable_id])
            history.record(obj, created=not change, user=request.user, reason=reason)
            if released:
                reextract_cases(Case.objects.filter(pk=obj.pk))

        form.save_m2m = save_m2m_and_record

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version of a case; reverting to it is a change like any other."""
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            version = get_object_or_404(Case.history, id=object_id, history_id=version_id)
            request.case_change_reason = (
                f"Reverted to the version of {version.history_date:%Y-%m-%d %H:%M:%S} UTC"
            )
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.action(description="Publish the selected cases", permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(
        description="Unpublish the selected cases (their pages answer 410 Gone)",
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published):
        reason = "Published" if published else "Unpublished"
        count = 0
        for case in queryset.filter(is_published=not published):
            history.ensure_baseline(case.pk)
            case.is_published = published
            if published and case.review in (Case.Review.PENDING, Case.Review.REJECTED):
                case.review = Case.Review.ACCEPTED  # a suggestion published is accepted
            history.save(
                case,
                user=request.user,
                reason=reason,
                update_fields=["is_published", "review", "updated_at"],
            )
            count += 1
        self.message_user(request, f"{reason}: {count} case(s).", messages.SUCCESS)

    @admin.action(description="Release curated fields to the extractor", permissions=["change"])
    def release_curated_fields(self, request, queryset):
        released = []
        for case in queryset.filter(source=Case.Source.EXTRACTED).exclude(curated_fields=[]):
            history.ensure_baseline(case.pk)
            names = ", ".join(case.curated_fields)
            case.curated_fields = []
            history.save(
                case,
                user=request.user,
                reason=f"Released to the extractor: {names}"[:100],
                update_fields=["curated_fields", "updated_at"],
            )
            released.append(case.pk)
        if released:
            reextract_cases(Case.objects.filter(pk__in=released))
        self.message_user(
            request,
            f"Curated fields released for {len(released)} case(s); the extractor filled them "
            "again.",
            messages.SUCCESS,
        )


@admin.register(SuggestedCase)
class SuggestedCaseAdmin(ReviewActions, admin.ModelAdmin):
    """The queue of suggested cases, most confident first: each one's sentences marked in
    its paragraph, to accept or reject. A case opens on its own change page.

    Permissions are those of cases: editors decide, viewers look.
    """

    list_display = ["case", "confidence", "told", "cable", "reported_on"]
    list_display_links = None
    ordering = ["-confidence", "id"]
    list_filter = ["exploitation", "countries"]
    search_fields = ["excerpt", "cable__reference_id"]
    actions = ["accept", "reject"]

    def get_queryset(self, request):
        return (
            SuggestedCase.objects.suggested()
            .select_related("cable", "paragraph")
            .defer("cable__source_text", "search_vector")
        )

    @admin.display(description="Case")
    def case(self, case):
        url = reverse("admin:cases_case_change", args=[case.pk])
        return format_html('<a href="{}">{}</a>', url, case.key)

    @admin.display(description="Told in its paragraph")
    def told(self, case):
        return case_in_paragraph(case, case.paragraph.text)

    def _may(self, request, action: str) -> bool:
        return request.user.is_active and request.user.has_perm(f"cases.{action}_case")

    def has_view_permission(self, request, obj=None):
        return self._may(request, "view") or self._may(request, "change")

    def has_change_permission(self, request, obj=None):
        return self._may(request, "change")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[object_id]))


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ReindexCasesMixin:
    """A renamed country or place: the cases that name it are searched by its new name."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            search_index.index_cases(obj.cases.values_list("cable_id", flat=True).distinct())


@admin.register(Country)
class CountryAdmin(ReindexCasesMixin, admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Place)
class PlaceAdmin(ReindexCasesMixin, admin.ModelAdmin):
    list_display = ["name", "country", "key"]
    search_fields = ["name", "key"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "description", "country"]
    list_filter = ["kind"]
    search_fields = ["code", "description"]
