"""Plain dicts of cases and cables for the JSON views.

URLs are absolute (scheme and host of the request), as in the CSV export: ``absolute`` is
``request.build_absolute_uri``. Cases are expected with ``Case.objects.for_list()``'s related
rows, and cables with their tags and paragraphs prefetched (see the views).
"""

from collections.abc import Callable
from datetime import UTC, date, datetime

from django.core.paginator import Page
from django.http import HttpRequest
from django.urls import reverse

from .. import labels
from ..catalog.facets import Facet
from ..models import Cable, Case, Paragraph, paragraph_permalink

Absolute = Callable[[str], str]


def iso_utc(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def iso_date(day: date | None) -> str | None:
    return day.isoformat() if day else None


def case_dict(case: Case, absolute: Absolute) -> dict:
    """A case; ``span`` is offsets into its paragraph's text, ``excerpt`` that text, and each
    of ``tellings`` another place in the cable that tells the same case."""
    paragraph = case.paragraph
    reference_id = paragraph.cable.reference_id
    return {
        "id": case.pk,
        "key": case.key,
        "url": absolute(case.get_absolute_url()),
        "title": labels.case_title(case),
        "cable": reference_id,
        "paragraph": {
            "ordinal": paragraph.ordinal,
            "number": paragraph.number,
            "anchor": paragraph.anchor,
            "url": absolute(paragraph.get_absolute_url()),
        },
        "excerpt": case.excerpt,
        "span": [case.span_start, case.span_end],
        "confidence": case.confidence,
        "tellings": [
            {
                "anchor": telling["anchor"],
                "url": absolute(paragraph_permalink(reference_id, telling["anchor"])),
                "span": [telling["start"], telling["end"]],
            }
            for telling in case.tellings
        ],
        "reported_on": iso_date(case.reported_on),
        "outlet": case.outlet.name if case.outlet else None,
        "outlet_slug": case.outlet.slug if case.outlet else None,
        "category": case.category,  # the section heading (the query string's name)
        "section": case.category,
        **case_fields_dict(
            case,
            countries=[country.code for country in case.countries.all()],
            places=list(case.places.all()),
        ),
    }


def place_dict(place) -> dict:
    """A place, stored or as the extractor found it: coordinates only when known."""
    data = {"name": place.name, "country": place.country or None}
    if place.latitude is not None and place.longitude is not None:
        data.update(latitude=place.latitude, longitude=place.longitude)
    return data


def case_fields_dict(fields, *, countries: list[str], places: list) -> dict:
    """The extracted fields of a case, from a Case row or from the extractor's CaseFields
    (``python manage.py extract_case``): the same keys either way."""
    years = fields.max_sentence_years
    return {
        "countries": sorted(countries),
        "places": [place_dict(place) for place in places],
        "exploitation": fields.exploitation or None,
        "sector": fields.sector or None,
        "exploitation_type": fields.exploitation_type or None,
        "means_of_control": list(fields.means_of_control),
        "minor": fields.minor,
        "victim_count_min": fields.victim_count_min,
        "victim_count_max": fields.victim_count_max,
        "ages": list(fields.ages),
        "victim_sex": fields.victim_sex or None,
        "outcome": fields.outcome,
        "convicted": fields.outcome == Case.Outcome.CONVICTED,
        "max_sentence_years": None if years is None else float(years),
        "life_sentence": fields.life_sentence,
        "amounts_usd": [float(amount) for amount in fields.amounts_usd],
        "summary": fields.summary,
        "occurred": fields.occurred or None,
    }


# A facet can have tens of thousands of values (places); the list JSON gives the top ones
# and, for longer facets, the URL of all of them.
JSON_FACET_VALUES = 100


def facets_dict(facets: list[Facet]) -> dict:
    return {
        facet.name: [
            {
                "value": choice.value,
                "label": choice.label,
                "count": choice.count,
                "selected": choice.selected,
            }
            for choice in facet.first(JSON_FACET_VALUES)
        ]
        for facet in facets
    }


def more_facet_values(facets: list[Facet], request: HttpRequest) -> dict[str, str]:
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return {
        facet.name: request.build_absolute_uri(
            f"{reverse('cases:facet-values', args=[facet.name])}{query}"
        )
        for facet in facets
        if facet.size > JSON_FACET_VALUES
    }


def page_url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def case_list_dict(context: dict, request: HttpRequest) -> dict:
    """A page of the case list, from the context that CaseSearchMixin builds."""
    page: Page | None = context["page_obj"]
    data = {
        "count": context["paginator"].count,
        "results": [case_dict(case, request.build_absolute_uri) for case in context["object_list"]],
        "facets": facets_dict(context["facets"]),
        "facets_more": more_facet_values(context["facets"], request),
        "next": page_url(request, page.next_page_number()) if page and page.has_next() else None,
        "previous": (
            page_url(request, page.previous_page_number()) if page and page.has_previous() else None
        ),
    }
    if context["errors"]:
        data["errors"] = context["errors"].get_json_data()
    return data


def paragraph_dict(paragraph: Paragraph, absolute: Absolute) -> dict:
    return {
        "ordinal": paragraph.ordinal,
        "number": paragraph.number,
        "anchor": paragraph.anchor,
        "depth": paragraph.depth,
        "former_anchors": [former.anchor for former in paragraph.former],
        "heading": paragraph.heading or None,
        "text": paragraph.text,
        "url": absolute(paragraph.get_absolute_url()),
    }


def cable_dict(cable: Cable, absolute: Absolute) -> dict:
    """A cable with its current paragraphs (``current_paragraphs``, each carrying its
    ``published_cases`` and ``former`` paragraphs), as CableDetailView loads them."""
    paragraphs = cable.current_paragraphs
    return {
        "reference_id": cable.reference_id,
        "url": absolute(cable.get_absolute_url()),
        "source_url": cable.source_url or None,
        "sent_at": iso_utc(cable.sent_at),
        "precedence": cable.precedence,
        "origin": cable.origin,
        "origin_name": cable.origin_name,
        "to": cable.to_names,
        "info": cable.info_names,
        "classification": cable.classification,
        "caveats": cable.caveats,
        "tags": cable.tag_codes,
        "tag_details": [
            {
                "code": tag.code,
                "kind": tag.kind or None,
                "description": tag.description,
                "country": tag.country or None,
            }
            for tag in cable.tag_list
        ],
        "subject": cable.subject,
        "signature": cable.signature,
        "sections": cable.sections,
        "paragraphs": [paragraph_dict(paragraph, absolute) for paragraph in paragraphs],
        "cases": [
            {
                "id": case.pk,
                "key": case.key,
                "url": absolute(case.get_absolute_url()),
                "paragraph": paragraph.ordinal,
                "span": [case.span_start, case.span_end],
            }
            for paragraph in paragraphs
            for case in paragraph.published_cases
        ],
    }
