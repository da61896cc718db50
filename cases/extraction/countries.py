"""The countries a case involves, as ISO 3166-1 alpha-2 codes.

A country counts when the text names it ("Uzbekistan"), uses its nationality ("an
Uzbekistani", "two Tajiks", "Kyrgyz police"), or names a place in it ("Shymkent",
"Karakalpakstan"). The reporting post's own country counts too: a cable reports what
happens where it is sent from, and a case told there involves that country (its police,
its courts, its shelters) even when the victims come from elsewhere; unless the text puts
the case somewhere else, naming places or countries none of which is the post's ("two
Moldovan women were trafficked from Chisinau to Istanbul", told from Kyiv); where someone
comes from does not ("a man from Saudi Arabia").
"""

from __future__ import annotations

from .gazetteer import country_of_post, gazetteer
from .places import GeoScan

__all__ = ["country_label", "country_of_post", "countries_of"]


def countries_of(geo: GeoScan, post_country: str | None = None) -> tuple[str, ...]:
    """Sorted ISO alpha-2 codes of the countries a scanned case involves."""
    found = set(geo.named_countries)
    found.update(place.country for place in geo.places if place.country)
    scenes = geo.scene_countries
    if post_country and (not scenes or post_country in scenes):
        found.add(post_country)
    return tuple(sorted(found))


def country_label(code: str) -> str:
    """The English short name of a country code ("KZ" -> "Kazakhstan")."""
    return gazetteer().country_name(code)
