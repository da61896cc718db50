"""The countries a case involves, as ISO 3166-1 alpha-2 codes.

A country counts when the text names it ("Uzbekistan"), uses its nationality ("an
Uzbekistani", "two Tajiks", "Kyrgyz police"), or names a place in it ("Shymkent",
"Karakalpakstan"). The reporting post's own country counts when the case happens there:
when a place is only known to lie there, or when the text names no country or place at all
(a local press report about a local case).
"""

from __future__ import annotations

from .gazetteer import country_of_post, gazetteer
from .places import GeoScan

__all__ = ["country_label", "country_of_post", "countries_of"]


def countries_of(geo: GeoScan, post_country: str | None = None) -> tuple[str, ...]:
    """Sorted ISO alpha-2 codes of the countries a scanned case involves."""
    found = set(geo.named_countries)
    found.update(place.country for place in geo.places if place.country)
    if not found and post_country:
        found.add(post_country)
    return tuple(sorted(found))


def country_label(code: str) -> str:
    """The English short name of a country code ("KZ" -> "Kazakhstan")."""
    return gazetteer().country_name(code)
