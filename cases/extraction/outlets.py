"""News outlets: one identity whatever the spelling a cable uses.

Cables transliterate outlet names freely ("Argumenti & Facti", "Argumenty i Fakty") and
abbreviate them ("AiF", "Kazpravda"). The table below holds names known to be the same
outlet; ``OutletResolver`` adds the abbreviations a cable itself introduces in the form
"Full Name (ABBR)".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Canonical name -> other spellings and abbreviations of the same outlet.
KNOWN_OUTLETS: dict[str, tuple[str, ...]] = {
    "Argumenty i Fakty": (
        "AiF",
        "Argumenti & Facti",
        "Argumenty & Fakty",
        "Argumenti i Fakti",
        "Argumenty i Fakty Kazakhstan",
    ),
    "Interfax": ("Interfax-Kazakhstan", "Interfax Kazakhstan", "Interfax-Ukraine", "Interfax-AVN"),
    "Kazakhstanskaya Pravda": ("Kazpravda", "Kaz Pravda"),
    "Izvestia-Kazakhstan": ("Izvestia-K", "Izvestiya-Kazakhstan", "Izvestia Kazakhstan"),
    "Express-K": ("Ekspress-K", "Express K"),
    "Vremya": ("Vremia",),
    "Liter": ("Litr",),
    "Akmolinskaya Pravda": (),
    "Karavan": (),
    "Panorama": (),
    "Megapolis": (),
    "Novoye Pokoleniye": ("Novoe Pokolenie",),
    "Respublika": (),
    "Khabar": ("Khabar TV",),
    "KTK": ("KTK TV",),
    "Kazinform": (),
    "Kazakhstan Today": (),
    "RIA Novosti": ("RIA-Novosti",),
    "ITAR-TASS": ("ITAR TASS", "TASS"),
    "Kommersant": (),
    "Nezavisimaya Gazeta": ("NG",),
    "Komsomolskaya Pravda": ("KP",),
    "Moskovskiy Komsomolets": ("Moskovsky Komsomolets", "MK"),
    "Rossiyskaya Gazeta": ("Rossiiskaya Gazeta", "RG"),
    "24.kg": ("24kg",),
    "AKIpress": ("AKI Press", "AKI-press"),
    "Ferghana.ru": ("Fergana.ru", "Ferghana News", "Fergana News"),
    "Associated Press": ("AP",),
    "Agence France-Presse": ("AFP",),
    "Reuters": (),
    "BBC": ("BBC News",),
    "Radio Free Europe/Radio Liberty": ("RFE/RL", "Radio Liberty", "Radio Azattyq", "Azattyq"),
}

_ABBREVIATED = re.compile(r"^(?P<name>.+?)\s*\((?P<abbreviation>[^()]{1,20})\)$")


def outlet_key(name: str) -> str:
    """A spelling-insensitive key: accents, case, punctuation and spaces removed."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def outlet_slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "outlet"


def _known_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, aliases in KNOWN_OUTLETS.items():
        for spelling in (canonical, *aliases):
            index[outlet_key(spelling)] = canonical
    return index


_KNOWN = _known_index()


@dataclass(frozen=True)
class OutletName:
    """An outlet as the archive files it: a display name and a stable slug."""

    name: str
    slug: str


class OutletResolver:
    """Resolves outlet spellings to one identity, learning a cable's own abbreviations.

    Use one resolver per cable: "Argumenti & Facti (AiF)" teaches it that a later "AiF"
    in the same cable is the same outlet, even for outlets missing from KNOWN_OUTLETS.
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
        return OutletName(canonical, outlet_slug(canonical))

    def _lookup(self, spelling: str) -> str | None:
        key = outlet_key(spelling)
        return _KNOWN.get(key) or self._learned.get(key)
