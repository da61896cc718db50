"""How a shared link to a case or a cable previews: citation_* meta tags (Google Scholar,
Zotero), OpenGraph and Twitter tags, schema.org JSON-LD, and a picture card.

Tag contents are plain strings, escaped by the template that writes them. JSON-LD is built
with json.dumps, and the characters that could end its script element or open markup
(``<``, ``>``, ``&``, the line separators) are written as JSON escapes: the cable text in
it stays data. (A ``<script type="application/ld+json">`` is a data block, which browsers
never run, so a Content-Security-Policy without 'unsafe-inline' does not concern it.)
"""

from __future__ import annotations

import io
import json
import textwrap
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.safestring import SafeString, mark_safe

from .. import labels
from ..models import Cable, Case
from .citations import cable_author

SITE_NAME = "Cable Case Archive"
JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)
DESCRIPTION_WORDS = 40


def json_ld(data: dict) -> SafeString:
    """``data`` as JSON to put inside a script element, nothing in it able to end it."""
    return mark_safe(json.dumps(data, ensure_ascii=False, default=str).translate(JSON_ESCAPES))


def _words(text: str, count: int = DESCRIPTION_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def _scholar_date(day: date | datetime | None) -> str:
    return f"{day:%Y/%m/%d}" if day else ""


@dataclass(frozen=True)
class Meta:
    """The tags of one page: (attribute, key, content), attribute being name or property."""

    tags: list[tuple[str, str, str]]
    data: SafeString


def _page_tags(
    cable: Cable, title: str, description: str, permalink: str
) -> list[tuple[str, str, str]]:
    """What case and cable pages both say: Google Scholar's citation tags (the cable as a
    technical report of its post) and OpenGraph's."""
    author = cable_author(cable)
    return [
        ("name", "description", description),
        ("name", "citation_title", title),
        ("name", "citation_author", author),
        ("name", "citation_publication_date", _scholar_date(cable.sent_at)),
        ("name", "citation_technical_report_institution", author),
        ("name", "citation_technical_report_number", cable.reference_id),
        ("name", "citation_publisher", SITE_NAME),
        ("name", "citation_public_url", permalink),
        ("name", "citation_language", "en"),
        ("property", "og:type", "article"),
        ("property", "og:site_name", SITE_NAME),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", permalink),
    ]


def case_meta(case: Case, permalink: str, card_url: str) -> Meta:
    cable = case.paragraph.cable
    title = labels.case_title(case)
    description = _words(case.summary or case.excerpt or case.paragraph.text)
    places = list(case.places.all())
    tags = [
        *_page_tags(cable, title, description, permalink),
        ("property", "og:image", card_url),
        ("property", "og:image:width", str(CARD_SIZE[0])),
        ("property", "og:image:height", str(CARD_SIZE[1])),
        ("property", "og:image:alt", f"{title}. {SITE_NAME}."),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
        ("name", "twitter:image", card_url),
    ]
    if case.reported_on:
        tags.append(("property", "article:published_time", case.reported_on.isoformat()))
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": permalink,
        "url": permalink,
        "identifier": case.key,
        "headline": title,
        "description": description,
        "image": card_url,
        "datePublished": case.reported_on.isoformat() if case.reported_on else None,
        "about": "Human trafficking",
        "keywords": [case.get_exploitation_display()] if case.exploitation else [],
        "contentLocation": [
            {
                "@type": "Place",
                "name": place.name,
                **(
                    {
                        "geo": {
                            "@type": "GeoCoordinates",
                            "latitude": place.latitude,
                            "longitude": place.longitude,
                        }
                    }
                    if place.latitude is not None and place.longitude is not None
                    else {}
                ),
            }
            for place in places
        ],
        "isBasedOn": cable_data(cable, None),
        "publisher": {"@type": "Organization", "name": SITE_NAME},
    }
    return Meta([tag for tag in tags if tag[2]], json_ld(_without_empty(data)))


def cable_data(cable: Cable, permalink: str | None) -> dict:
    return _without_empty(
        {
            "@type": "DigitalDocument",
            "name": f"Cable {cable.reference_id}",
            "identifier": cable.reference_id,
            "headline": cable.subject,
            "url": permalink,
            "sameAs": cable.source_url or None,
            "dateCreated": cable.sent_at.isoformat() if cable.sent_at else None,
            "author": {"@type": "Organization", "name": cable_author(cable)},
        }
    )


def cable_meta(cable: Cable, permalink: str, case_count: int) -> Meta:
    title = f"Cable {cable.reference_id}" + (f": {cable.subject}" if cable.subject else "")
    author = cable_author(cable)
    told = f"{labels.counted(case_count, 'trafficking case')}. " if case_count else ""
    description = _words(f"{author}, {cable.sent_at:%d %B %Y}. {told}" if cable.sent_at else told)
    tags = [
        *_page_tags(cable, title, description, permalink),
        ("name", "twitter:card", "summary"),
        ("name", "twitter:title", title),
    ]
    data = {"@context": "https://schema.org", **cable_data(cable, permalink)}
    return Meta([tag for tag in tags if tag[2]], json_ld(data))


def _without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


# The picture card ---------------------------------------------------------------------

CARD_SIZE = (1200, 630)
INK, PAPER, ACCENT, MUTED = "#1d1d1f", "#fdfdfb", "#1a4f8b", "#5b5b66"


def case_card(case: Case) -> bytes:
    """A PNG card of the case (title, place, date), for link previews."""
    from PIL import Image, ImageDraw, ImageFont

    title = labels.case_title(case)
    places = ", ".join(place.name for place in case.places.all()[:3])
    when = f"{case.reported_on:%-d %B %Y}" if case.reported_on else ""
    image = Image.new("RGB", CARD_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, CARD_SIZE[0], 18), fill=ACCENT)
    small, big = ImageFont.load_default(size=34), ImageFont.load_default(size=60)
    draw.text((70, 70), SITE_NAME.upper(), font=small, fill=ACCENT)
    y = 150
    for line in textwrap.wrap(title, width=34)[:5]:
        draw.text((70, y), line, font=big, fill=INK)
        y += 74
    details = " · ".join(part for part in (places, when) if part)
    draw.text((70, CARD_SIZE[1] - 130), details, font=small, fill=INK)
    source = f"Case {case.key}, from cable {case.paragraph.cable.reference_id}"
    draw.text((70, CARD_SIZE[1] - 80), source, font=small, fill=MUTED)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
