"""Places and countries named in a case: one scan of the text against the gazetteer.

The scan reads runs of capitalised words ("Ust-Kamenogorsk", "South-Kazakhstan Oblast",
"Rio de Janeiro") and takes at each word the longest name the gazetteer knows: a country, a
nationality, a region or a city. Rival readings of one spelling are settled by context: a
city in a country the text names, or in the post's own country, wins over a namesake
elsewhere ("Aksu" in a Kazakhstan cable is the Kazakh town). Villages the gazetteer lacks
are still found by the way reports introduce them ("the village of X", "in X near Y", "the X
train station", "a resident of X").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import geo_vocabulary as vocab
from .common_words import COMMON_WORDS
from .gazetteer import ALIAS, PRIMARY, City, Entry, Gazetteer, Region, gazetteer
from .text import fold


@dataclass(frozen=True)
class Place:
    """A settlement or region, resolved to one identity whatever the spelling."""

    name: str  # canonical display name ("Ürümqi" for "Urumchi")
    country: str  # ISO alpha-2, or "" when unknown
    latitude: float | None
    longitude: float | None
    geonameid: int | None
    key: str  # stable identity: "geonames:1529102", "iso3166-2:KZ-47", "name:kz:volnyi"
    kind: str  # "city" | "region" | "locality"


@dataclass(frozen=True)
class GeoScan:
    """What one text says about geography."""

    places: tuple[Place, ...]
    named_countries: frozenset[str]  # named outright or through a nationality
    # Countries named as where something happened or went, by name or through a place
    # ("to Turkey", "in a Moscow warehouse"), not as a nationality ("two Turkish men") or
    # where someone comes from ("an older man from Saudi Arabia").
    scene_countries: frozenset[str] = frozenset()


def city_place(city: City) -> Place:
    return Place(
        name=city.name,
        country=city.country,
        latitude=city.latitude,
        longitude=city.longitude,
        geonameid=city.geonameid,
        key=f"geonames:{city.geonameid}",
        kind="city",
    )


def region_place(region: Region) -> Place:
    return Place(
        name=region.name,
        country=region.country,
        latitude=region.latitude,
        longitude=region.longitude,
        geonameid=None,
        key=f"iso3166-2:{region.code}",
        kind="region",
    )


def locality_place(name: str, country: str, kind: str = "locality") -> Place:
    """A place known only by its name: its key joins spellings that fold alike."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    return Place(
        name=name,
        country=country,
        latitude=None,
        longitude=None,
        geonameid=None,
        key=f"name:{country.lower()}:{slug}",
        kind=kind,
    )


# Runs of capitalised words, joined by spaces or hyphens, with the small words that may sit
# inside a place name ("Rio de Janeiro", "Port of Spain") and "St." before a name.
_CAPITAL = "A-ZÀ-ÖØ-ÞĀ-Ž"
_CAP_WORD = rf"(?:[A-Z]\.){{2,}}|[{_CAPITAL}][^\W\d_]*(?:['’][^\W\d_]+)*"
_PARTICLES = r"(?:de|da|do|dos|das|del|della|di|la|le|les|of|el|al|es|upon|on|sur|am|an|der|den)"
_GAP = r"(?:[ \t]+|[ \t]*[-‐–][ \t]*|(?<=\bSt)\.[ \t]?|(?<=\bMt)\.[ \t]?|(?<=\bFt)\.[ \t]?)"
_PHRASE = re.compile(rf"(?:{_CAP_WORD})(?:{_GAP}(?:{_PARTICLES}[ \t]+)?(?:{_CAP_WORD}))*")
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]['\"”’)]*)\s*[\"“(\[]*$")
_LOWER_RUN = re.compile(r"[a-z]{4}")
_REGION_AFTER = re.compile(
    r"[ \t]+(" + "|".join(sorted(vocab.REGION_WORDS, key=len, reverse=True)) + r")\b"
)

# Suffix words that make an unknown name a region all the same ("Kirovskaya Oblast").
_UNKNOWN_REGION_WORDS = frozenset(
    {
        "oblast",
        "oblys",
        "oblysy",
        "province",
        "region",
        "krai",
        "kray",
        "governorate",
        "prefecture",
        "rayon",
        "raion",
        "viloyat",
        "vilayat",
        "velayat",
    }
)

_LANGUAGE_BEFORE = re.compile(
    r"\b(?:speak|speaks|spoke|spoken|speaking|understand|understands|understood|know|knows|"
    r"knew|learn|learns|learned|learning|study|studied|fluent in|translated into|written in|"
    r"conducted in|taught in)\s+(?:only\s+|no\s+|a\s+little\s+)?$",
    re.IGNORECASE,
)
_LANGUAGE_AFTER = re.compile(
    r"^\s*-?\s*(?:language|speaking|speakers?|lessons|classes|translation|translator|"
    r"interpreter|course)\b",
    re.IGNORECASE,
)
_IN_LANGUAGE = re.compile(r"\bin\s+$", re.IGNORECASE)
_END_OF_CLAUSE = re.compile(r"^\s*(?:[.,;:)]|and\b|or\b|$)")
# Articles that belong to an Arabic or Spanish place name: "Al Gharbeya", "El Alto".
_ARTICLES = frozenset({"al", "el", "ad", "as", "ash", "az", "ar"})
_FROM_BEFORE = re.compile(r"\b(?:from|of)\s+(?:the\s+)?$", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"\s*(?:\$|dollars?\b|cents?\b)", re.IGNORECASE)
_ETHNIC_BEFORE = re.compile(r"\bethnic(?:ally)?\s+$", re.IGNORECASE)

_NAME = r"[A-Z][a-zà-ÿāēīōūğşıçöüé'’]+(?:[- ][A-Z][a-zà-ÿāēīōūğşıçöüé'’]+){0,2}"
_SETTLEMENT = "|".join(vocab.SETTLEMENT_WORDS)
_STATION = r"(?:train|railway|rail|bus)\s+station"
# (words one of which the text must hold, pattern): the words let most texts skip the pattern.
_LOCALITY_PATTERNS = (
    (vocab.SETTLEMENT_WORDS, re.compile(rf"\b(?i:{_SETTLEMENT})\s+of\s+(?P<name>{_NAME})")),
    (
        ("village", "settlement", "aul", "kishlak"),
        re.compile(rf"\b(?P<name>{_NAME})\s+(?i:village|settlement|aul|kishlak)\b"),
    ),
    (
        ("near", "outside", "close to", "not far from"),
        re.compile(
            rf"\b(?i:in|at|from)\s+(?P<name>{_NAME})\s+(?i:near|outside|close\s+to|not\s+far\s+from)"
            rf"\s+(?:the\s+(?:city|town)\s+of\s+)?(?P<near>{_NAME})"
        ),
    ),
    (("station",), re.compile(rf"\b(?P<name>{_NAME})\s+(?i:{_STATION})")),
    (("station",), re.compile(rf"(?i:{_STATION})\s+(?i:in|of|at)\s+(?P<name>{_NAME})")),
    (
        ("resident", "native", "inhabitant", "villager"),
        re.compile(
            rf"\b(?i:resident|residents|native|natives|inhabitant|inhabitants|villager|villagers)"
            rf"\s+of\s+(?P<name>{_NAME})"
        ),
    ),
    (("-based",), re.compile(rf"\b(?P<name>{_NAME})-based\b")),
    # "a ring in Barrio Flores in Buenos Aires": a name placed inside a known place
    (
        (" in ",),
        re.compile(rf"\b(?i:in|at)\s+(?P<name>{_NAME})\s+(?i:in)\s+(?P<near>{_NAME})"),
    ),
    # A court, police force or prosecutor is named after its town: "the District Court of
    # Reykjanes", "the Reykjanes Police", "a Shymkent court".
    (
        ("court", "tribunal"),
        re.compile(rf"\b(?i:court|courts|tribunal)\s+of\s+(?P<name>{_NAME})"),
    ),
    (
        ("court", "police", "prosecutor"),
        re.compile(
            rf"\b(?P<name>{_NAME})\s+(?i:(?:district|regional|city|provincial|municipal)\s+)?"
            r"(?i:court|police|prosecutor'?s?\s+office)\b"
        ),
    ),
    # "the coastal town Limon", "a house in Bakirkoy", "the neighborhood of Barrio Flores"
    (
        vocab.SETTLEMENT_WORDS,
        re.compile(rf"\b(?i:{_SETTLEMENT})\s+(?P<name>{_NAME})"),
    ),
    (
        ("house", "apartment", "flat", "brothel", "hotel", "club", "farm", "factory", "home"),
        re.compile(
            r"\b(?i:house|apartment|flat|brothel|bar|hotel|club|nightclub|farm|factory|home)"
            rf"\s+in\s+(?P<name>{_NAME})"
        ),
    ),
    (
        ("neighborhood", "neighbourhood", "district", "suburb", "municipality", "borough"),
        re.compile(
            r"\b(?i:neighbou?rhood|district|suburb|municipality|borough|commune|parish)\s+of\s+"
            rf"(?P<name>{_NAME})"
        ),
    ),
)
# Capitalised words that name institutions, not places: "the District Court", "City Police".
_INSTITUTION_WORDS = frozenset(
    "district supreme criminal federal national city regional provincial high appeals appeal "
    "lower upper public metropolitan state border immigration military traffic tourist "
    "municipal local civil special juvenile family administrative constitutional central "
    "judicial court police the this that".split()
)
# Words that open a sentence in capitals without being a name ("From Taraz to Almaty").
_FUNCTION_WORDS = frozenset(
    "a an the in on at to from for with by of after before during since until when while as "
    "if but and or then near between into upon under over about against across through via "
    "this that these those their his her its our my both each every some many most several "
    "other another such no not there here".split()
)
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_ABROAD_BY_OTHER_SPELLING = 500_000
_ABROAD_ONE_WORD = 100_000
_IN_COUNTRY_AFTER = re.compile(r"^(?:,\s*|\s+in\s+(?:the\s+)?|\s+\()")


@dataclass(slots=True)
class _Word:
    start: int
    end: int
    text: str
    key: str
    capital: bool
    acronym: bool


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    kind: str  # "country" | "demonym" | "city" | "region" | "unknown-region" | "none"
    entries: list[Entry] = field(default_factory=list)
    country: str = ""
    skip: bool = False  # a nationality word used for a language or an ethnic group
    name: str = ""
    suffixed: bool = False  # followed by a region word: "Zhambyl Oblast"
    variant: bool = False  # read through another romanisation: a region of the case only
    all_caps: bool = False  # found in a text written in capitals


def _key(word: str) -> str:
    if word.isascii():
        return word.lower().replace("'", "").replace(".", "")
    return fold(word)


def _words(text: str, start: int, end: int, all_caps: bool) -> list[_Word]:
    words = []
    for match in _WORD.finditer(text, start, end):
        word = match.group()
        possessive = _POSSESSIVE.search(word)
        if possessive:
            word = word[: possessive.start()]
        if not word:
            continue
        acronym = not all_caps and len(word) > 1 and word.replace(".", "").isupper()
        words.append(
            _Word(
                match.start(),
                match.start() + len(word),
                word,
                _key(word),
                word[0].isupper(),
                acronym,
            )
        )
    return words


def scan(text: str, *, post_country: str | None = None) -> GeoScan:
    """Places and countries named in ``text`` (a case paragraph without its lead)."""
    gaz = gazetteer()
    all_caps = not _LOWER_RUN.search(text)
    mentions: list[_Mention] = []
    for phrase in _PHRASE.finditer(text):
        written = phrase.group()
        if written.isalpha() and not _could_name(written, text, phrase.end(), gaz):
            continue  # one word that starts no name: most phrases ("The", "Police")
        words = _words(text, phrase.start(), phrase.end(), all_caps)
        if words:
            mentions.extend(_read_phrase(text, words, gaz, all_caps))

    named = {m.country for m in mentions if m.kind in ("country", "demonym") and not m.skip}
    named.discard("")
    context = set(named)
    context.update(
        m.entries[0].country
        for m in mentions
        if m.kind == "region" and m.suffixed and not m.variant
    )
    if post_country:
        context.add(post_country)

    located: list[tuple[int, Place]] = []
    spans = []
    for mention in mentions:
        place = _resolve(mention, context, post_country)
        if place is None and mention.variant:
            if not mention.suffixed:
                continue  # not the region it sounds like: free for the locality patterns
            # "Zarechnaya Oblast": a region all the same, known by its name
            name = text[mention.start : mention.end]
            place = locality_place(name, post_country or "", kind="region")
        spans.append((mention.start, mention.end))
        if place is not None:
            located.append((mention.start, place))
    located.extend(_localities(text, spans, located, mentions, post_country))

    located.sort(key=lambda item: item[0])
    places: dict[str, Place] = {}
    for _, place in located:
        places.setdefault(place.key, place)
    scenes = {
        m.country
        for m in mentions
        if m.kind == "country" and not m.skip and not _FROM_BEFORE.search(text, 0, m.start)
    }
    scenes.update(
        place.country
        for start, place in located
        if place.country and not _FROM_BEFORE.search(text, 0, start)
    )
    scenes.discard("")
    return GeoScan(
        places=tuple(places.values()),
        named_countries=frozenset(named),
        scene_countries=frozenset(scenes),
    )


def _could_name(word: str, text: str, end: int, gaz: Gazetteer) -> bool:
    return (
        _key(word) in gaz.name_words
        or bool(_REGION_AFTER.match(text, end))
        or bool(gaz.region_variants(word))
    )


def _read_phrase(text: str, words: list[_Word], gaz: Gazetteer, all_caps: bool) -> list[_Mention]:
    """The mentions in one run of capitalised words, longest names first."""
    found: list[_Mention] = []
    i = 0
    count = len(words)
    while i < count:
        word = words[i]
        if not word.capital or word.key in vocab.NOT_PLACES:
            i += 1
            continue
        longest = min(gaz.name_words.get(word.key, 0), count - i)
        result = None
        for length in range(longest, 0, -1):
            result = _read(text, words, i, length, gaz, all_caps)
            if result is not None:
                break
        if result is None:
            result = _region_variant(text, words, i, gaz)
        if result is None:
            result = _unknown_region(text, words, i)
        if result is None:
            i += 1
            continue
        mention, used = result
        if mention.kind != "none" or mention.entries or mention.name:
            found.append(mention)
        i += used
    return found


def _region_word_after(text: str, words: list[_Word], last: int) -> tuple[str, int] | None:
    """The region word right after ``words[last]`` and where it ends, if there is one."""
    if last + 1 < len(words):
        following = words[last + 1]
        if following.key in vocab.REGION_WORDS and text[
            words[last].end : following.start
        ].strip() in ("", "-"):
            return following.key, following.end
        return None
    match = _REGION_AFTER.match(text, words[last].end)
    if match:
        return match[1], match.end()
    return None


def _read(
    text: str, words: list[_Word], i: int, length: int, gaz: Gazetteer, all_caps: bool
) -> tuple[_Mention, int] | None:
    """The mention made by ``words[i:i+length]`` (and a region word after it), if any."""
    span = words[i : i + length]
    key = " ".join(w.key for w in span)
    entries = gaz.lookup(key)
    if not entries:
        return None
    first, last = span[0], span[-1]
    suffix = _region_word_after(text, words, i + length - 1)
    if suffix is not None:
        regions = [e for e in entries if e.kind == "region"]
        if regions:
            mention = _Mention(
                first.start, suffix[1], "region", _best_regions(regions), suffixed=True
            )
            return mention, length + 1
    if _inside_compound(text, words, i, length):
        return None
    if first.acronym and length == 1:
        entries = [e for e in entries if e.kind == "country"]
        if not entries:
            return None
    kinds = {e.kind for e in entries}
    if "country" in kinds and _CURRENCY_AFTER.match(text, last.end):
        return None  # "IKR 10,000 (US $151)": a currency, not a country
    if "country" in kinds:
        code = next(e.country for e in entries if e.kind == "country")
        return _Mention(first.start, last.end, "country", entries, country=code), length
    if "demonym" in kinds:
        code = next(e.country for e in entries if e.kind == "demonym")
        skip = _language_or_ethnic(text, first.start, last.end)
        return _Mention(first.start, last.end, "demonym", entries, country=code, skip=skip), length
    if "none" in kinds:
        return _Mention(first.start, last.end, "none"), length
    if length == 1 and _part_of_a_name(text, words, i, gaz, all_caps):
        return None
    places = [e for e in entries if e.kind in ("city", "region")]
    if places:
        kind = "city" if any(e.kind == "city" for e in places) else "region"
        name = text[first.start : last.end]
        return _Mention(first.start, last.end, kind, places, name=name, all_caps=all_caps), length
    return None


def _region_variant(
    text: str, words: list[_Word], i: int, gaz: Gazetteer
) -> tuple[_Mention, int] | None:
    """A region written in another romanisation than the gazetteer's ("Mangystau" for
    Mangghystau, "Karakalpakistan" for Karakalpakstan). Taken only where the case's
    countries make it likely (see ``_resolve``)."""
    for length in (2, 1):
        span = words[i : i + length]
        if len(span) < length or any(not w.capital or w.acronym for w in span):
            continue
        if any(gaz.lookup(w.key) for w in span):
            continue  # a word the gazetteer knows ("Tajiks") is read as what it is
        if length == 1 and (span[0].key in COMMON_WORDS or span[0].key in vocab.NOT_PLACES):
            continue
        entries = gaz.region_variants(text[span[0].start : span[-1].end])
        if not entries:
            continue
        suffix = _region_word_after(text, words, i + length - 1)
        end = suffix[1] if suffix else span[-1].end
        mention = _Mention(
            span[0].start, end, "region", entries, suffixed=suffix is not None, variant=True
        )
        return mention, length + (1 if suffix else 0)
    return None


def _unknown_region(text: str, words: list[_Word], i: int) -> tuple[_Mention, int] | None:
    """ "Kirovskaya Oblast", "the Nile Delta region": a name of one or two words that the
    gazetteer lacks, made a region by the word after it."""
    word = words[i]
    if word.acronym:
        return None
    used = 1
    suffix = _region_word_after(text, words, i)
    if suffix is None and i + 1 < len(words):
        second = words[i + 1]
        if second.capital and not second.acronym and second.start <= word.end + 1:
            suffix, used = _region_word_after(text, words, i + 1), 2
    if suffix is None or suffix[0] not in _UNKNOWN_REGION_WORDS:
        return None
    if used == 1 and word.key in COMMON_WORDS:
        return None
    start = word.start
    before = words[i - 1] if i else None
    if before is not None and before.end + 1 >= word.start and before.key in _ARTICLES:
        start = before.start  # "Al Gharbeya Governorate": the article is the name's
    name = text[start : suffix[1]]
    return _Mention(start, suffix[1], "unknown-region", name=name), used + 1


def _inside_compound(text: str, words: list[_Word], i: int, length: int) -> bool:
    """True when the words are only part of a hyphenated name: "Aman" in "Aman-Karagai"."""
    end = i + length
    if (
        end < len(words)
        and words[end].capital
        and text[words[end - 1].end : words[end].start] == "-"
    ):
        return words[end].key not in vocab.REGION_WORDS
    return i > 0 and words[i - 1].capital and text[words[i - 1].end : words[i].start] == "-"


def _part_of_a_name(text: str, words: list[_Word], i: int, gaz: Gazetteer, all_caps: bool) -> bool:
    """A lone word inside a longer proper name is not a place: "Anibal Fernandez", "President
    Obama", "Washington Post". Words such as "Court" or "Police" after a city leave it one."""
    before = text[max(0, words[i].start - 20) : words[i].start].split()
    if before and fold(before[-1]) in vocab.TITLES:
        return True
    if all_caps:
        return False
    if i > 0:
        previous = words[i - 1]
        if (
            previous.capital
            and not previous.acronym
            and previous.key not in _FUNCTION_WORDS
            and not _is_a_name(previous.key, gaz)
        ):
            return True
    if i + 1 < len(words):
        following = words[i + 1]
        if (
            following.capital
            and following.key not in vocab.PLACE_FOLLOWERS
            and not _is_a_name(following.key, gaz)
        ):
            return True
    return False


def _is_a_name(key: str, gaz: Gazetteer) -> bool:
    """True for a word that names a country, a nationality, a region or a city by its own
    name (not by one of the gazetteer's alternate spellings: "Ana" is not a place here)."""
    return any(e.rank <= ALIAS or e.kind != "city" for e in gaz.lookup(key))


def _best_regions(entries: list[Entry]) -> list[Entry]:
    """Regions first, cities-as-subdivisions last; vocabulary aliases before ISO names."""
    return sorted(
        entries,
        key=lambda e: (e.region is not None and e.region.kind.endswith("City"), e.rank != ALIAS),
    )


def _language_or_ethnic(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    after = text[end : end + 30]
    if _ETHNIC_BEFORE.search(before) or _LANGUAGE_BEFORE.search(before):
        return True
    if _LANGUAGE_AFTER.match(after):
        return True
    return bool(_IN_LANGUAGE.search(before) and _END_OF_CLAUSE.match(after))


def _resolve(mention: _Mention, context: set[str], post_country: str | None) -> Place | None:
    if mention.kind == "unknown-region":
        return locality_place(mention.name, post_country or "", kind="region")
    if mention.kind not in ("city", "region"):
        return None
    cities = [e for e in mention.entries if e.kind == "city" and _plausible(e, context, mention)]
    regions = [e for e in mention.entries if e.kind == "region"]
    if mention.variant:
        regions = [e for e in regions if e.country in context]
        if not regions:
            return None
        return region_place(regions[0].region)
    if not mention.suffixed:
        # A bare name is a region when the vocabulary says so, or when a region of that name
        # lies in a country of the case and no city of that very name does ("Colorado" in a
        # US case, "Chiapas" beside the town whose alternate spelling it is).
        bare = [e for e in regions if e.bare]
        if bare:
            return region_place(_first_in_context(bare, context))
        # A city that is a region of its own ("Almaty", region KZ-75) is read as the city.
        same_city = {e.country for e in cities}
        regions = [e for e in regions if not (e.region.kind == "City" and e.country in same_city)]
        in_context = [e for e in regions if e.country in context]
        if in_context and not any(e.country in context and e.rank <= ALIAS for e in cities):
            assert in_context[0].region is not None
            return region_place(in_context[0].region)
        if cities:
            return city_place(_best_city(cities, context))
        if _unmistakable(mention, regions):
            return region_place(regions[0].region)
        return None
    # "Almaty Oblast" is the region around the city, not the city that is a region too.
    regions = [e for e in regions if e.region.kind != "City"] or regions
    return region_place(_first_in_context(regions, context))


# Short region names ("Ghat", "Aden") name too many other things to be taken alone.
_UNMISTAKABLE_LENGTH = 8


def _unmistakable(mention: _Mention, regions: list[Entry]) -> bool:
    """A region named alone outside the case's countries is taken when its name names
    nothing else: one region, no city anywhere, not a common word ("Karakalpakstan")."""
    codes = {e.region.code for e in regions if e.rank <= ALIAS}
    return (
        len(codes) == 1
        and not any(e.kind == "city" for e in mention.entries)
        and mention.end - mention.start >= _UNMISTAKABLE_LENGTH
    )


def _plausible(entry: Entry, context: set[str], mention: _Mention) -> bool:
    """Whether a city reading is worth taking. Outside the case's countries, a city read from
    another spelling must be big ("Kiev"), and one read from a single word must be a capital
    or a city of some size: small namesakes abroad are more often people ("President Lugo",
    "Pereira noted"), papers ("Avaz") or things ("Caracal" pistols)."""
    city = entry.city
    assert city is not None
    if entry.country in context:
        return True
    if entry.rank > ALIAS:
        return city.population >= _ABROAD_BY_OTHER_SPELLING
    if " " in mention.name or "-" in mention.name:
        return True
    return city.capital or city.population >= _ABROAD_ONE_WORD


def _first_in_context(entries: list[Entry], context: set[str]) -> Region:
    entry = next((e for e in entries if e.country in context), entries[0])
    assert entry.region is not None
    return entry.region


def _best_city(entries: list[Entry], context: set[str]) -> City:
    """The city a spelling means: its own name in a country of the case first, then a
    transliteration in such a country, then its own name anywhere (capitals and big cities
    first), then a former name."""

    def order(entry: Entry) -> tuple:
        city = entry.city
        assert city is not None
        spelled = entry.rank <= ALIAS
        in_context = entry.country in context
        if spelled and in_context:
            group = 0
        elif in_context and entry.rank != PRIMARY and entry.rank <= ALIAS + 1:
            group = 1
        elif spelled:
            group = 2
        elif in_context:
            group = 3
        else:
            group = 4
        return (group, not city.capital, -city.population)

    best = min(entries, key=order)
    assert best.city is not None
    return best.city


def _localities(
    text: str,
    spans: list[tuple[int, int]],
    located: list[tuple[int, Place]],
    mentions: list[_Mention],
    post_country: str | None,
) -> list[tuple[int, Place]]:
    """Settlements the gazetteer lacks, found by how the text introduces them."""
    found: list[tuple[int, Place]] = []
    lowered = text.lower()
    place_at = {start: place for start, place in located}
    for keywords, pattern in _LOCALITY_PATTERNS:
        if not any(word in lowered for word in keywords):
            continue
        for match in pattern.finditer(text):
            start, end = match.span("name")
            if any(s < end and start < e for s, e in spans):
                continue
            name = match["name"]
            words = fold(name).split()
            while len(words) > 1 and words[0] in _FUNCTION_WORDS:
                # "An Akkum-based recruiter": the article is not part of the name.
                cut = name.find(" ") + 1
                name, start, words = name[cut:], start + cut, words[1:]
            if words[0] in COMMON_WORDS or words[0] in vocab.NOT_PLACES:
                continue
            while len(words) > 1 and words[-1] in _INSTITUTION_WORDS:
                # "the Reykjanes District Court": the court's town, not "Reykjanes District"
                name, words = name.rsplit(" ", 1)[0], words[:-1]
            if any(w in vocab.REGION_WORDS or w in vocab.SETTLEMENT_WORDS for w in words):
                continue
            if words[0] in _INSTITUTION_WORDS or words[0] in _MONTHS:
                continue
            country = ""
            if "near" in pattern.groupindex:
                near = place_at.get(match.start("near"))
                country = near.country if near is not None else ""
            if not country:
                country = _country_after(text, end, mentions) or post_country or ""
            known = _known_first_word(words, country)
            found.append((start, known or locality_place(name, country)))
            spans.append((start, end))
    return found


def _known_first_word(words: list[str], country: str) -> Place | None:
    """ "the Santiago South prosecutor's office": a known city, named with a qualifier."""
    if len(words) < 2 or not country:
        return None
    for entry in gazetteer().lookup(words[0]):
        if entry.kind == "city" and entry.country == country and entry.city is not None:
            return city_place(entry.city)
    return None


def _country_after(text: str, end: int, mentions: list[_Mention]) -> str:
    """The country named right after a place: "Chagan, Kazakhstan", "Chagan in Uzbekistan"."""
    gap = _IN_COUNTRY_AFTER.match(text[end : end + 12])
    if not gap:
        return ""
    for mention in mentions:
        if mention.kind == "country" and mention.start == end + gap.end():
            return mention.country
    return ""
