"""What the extractor proposes for a new case in a given paragraph.

Staff create a case from a paragraph (often a candidate the extractor did not take as a
case) on the admin's add form, with these values filled in for them to confirm or correct.
The paragraph is read as the importer reads a case paragraph, whether or not the extractor
took it for one, and its values are mapped to rows by the importer's own functions: the
outlets, countries and places proposed are stored as an import would store them, so that
the form can offer them.
"""

from __future__ import annotations

from ..extraction import ExtractedCase, OutletResolver, extract_fields, home_country
from ..extraction.detection import read_lead
from ..ingest import importer
from ..models import Paragraph


def suggested_case(paragraph: Paragraph) -> dict[str, object]:
    """Initial values of a case form for ``paragraph``, as the extractor reads it."""
    cable = paragraph.cable
    cable_date = cable.sent_at.date() if cable.sent_at else None
    lead = read_lead(paragraph.text)
    found = ExtractedCase(
        paragraph_ordinal=paragraph.ordinal or 0,
        # Staff take the case as the whole paragraph; how sure the extractor would be does
        # not matter to a case they enter themselves.
        start=0,
        end=len(paragraph.text),
        excerpt=paragraph.text,
        confidence=1.0,
        # A media report is dated by its lead; a case told in the cable's own prose, by
        # the cable (as the extractor dates them).
        reported_on=lead.reported_on(cable_date) if lead else cable_date,
        outlet=_resolver_for(paragraph).resolve(lead.outlet) if lead and lead.outlet else None,
        category=paragraph.heading,
        fields=extract_fields(
            paragraph.text,
            cable_date=cable_date,
            post_country=home_country(cable.origin_name, cable.tag_codes),
        ),
    )
    countries = importer.countries_for([found])
    places = importer.places_for([found])
    return {
        "paragraph": paragraph.pk,
        **importer.case_values(found, importer.outlets_for([found])),
        "countries": [countries[code] for code in found.fields.countries],
        "places": [places[place.key] for place in found.fields.places],
    }


def _resolver_for(paragraph: Paragraph) -> OutletResolver:
    """A resolver that has read the cable up to ``paragraph``: cables introduce an
    abbreviation once ("Argumenti & Facti (AiF)") and use it in later paragraphs."""
    resolver = OutletResolver()
    if paragraph.ordinal is None:  # retired: no longer has a place in the cable
        return resolver
    earlier = paragraph.cable.paragraphs.filter(is_current=True, ordinal__lt=paragraph.ordinal)
    for text in earlier.order_by("ordinal").values_list("text", flat=True):
        lead = read_lead(text)
        if lead is not None and lead.outlet:
            resolver.resolve(lead.outlet)
    return resolver
