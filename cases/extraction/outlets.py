"""News outlets: one identity for the spellings a cable gives one outlet.

Cables transliterate outlet names freely ("Argumenti i Fakti", "Argumenty i Fakty") and
abbreviate them after the first mention ("Argumenti & Facti (AiF)", then "AiF"). Within a
cable, ``OutletResolver`` takes spellings that romanise one name alike (``text.skeleton``) for
one outlet and learns the abbreviations the cable introduces. No table of outlets is kept:
the 536 cables of the corpus and the 6,292 of the mirror name no outlet in a report's lead,
so a list drawn up by hand would only fit the one cable it was written for.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .text import skeleton

_ABBREVIATED = re.compile(r"^(?P<name>.+?)\s*\((?P<abbreviation>[^()]{1,20})\)$")


def outlet_key(name: str) -> str:
    """A spelling-insensitive key: accents, case, punctuation and spaces removed, and the
    letters romanisations trade made one ("Vremya" and "Vremia")."""
    return skeleton(re.sub(r"[^\w\s-]", " ", name))


def outlet_slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "outlet"


@dataclass(frozen=True)
class OutletName:
    """An outlet as the archive files it: a display name and a stable slug."""

    name: str
    slug: str


class OutletResolver:
    """Resolves outlet spellings to one identity, learning a cable's own abbreviations.

    Use one resolver per cable: "Argumenti & Facti (AiF)" teaches it that a later "AiF"
    in the same cable is the same outlet, and "Argumenty i Fakty" too.
    """

    def __init__(self) -> None:
        self._learned: dict[str, str] = {}

    def resolve(self, written: str) -> OutletName:
        written = " ".join(written.split())
        if match := _ABBREVIATED.match(written):
            full, abbreviation = match["name"], match["abbreviation"]
            canonical = self._lookup(full) or self._lookup(abbreviation) or full
            self._learned[outlet_key(abbreviation)] = canonical
            self._learned[outlet_key(full)] = canonical
        else:
            canonical = self._lookup(written) or written
            self._learned.setdefault(outlet_key(written), canonical)
        return OutletName(canonical, outlet_slug(canonical))

    def _lookup(self, spelling: str) -> str | None:
        return self._learned.get(outlet_key(spelling))
