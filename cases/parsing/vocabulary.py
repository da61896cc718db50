"""Fixed vocabularies of State Department cables: precedences, classifications, posts."""

from __future__ import annotations

import re

# Precedence prosigns of the date-time group line ("P 110334Z JUL 08").
PRECEDENCE_CODES = {
    "Z": "FLASH",
    "O": "IMMEDIATE",
    "0": "IMMEDIATE",  # a zero typed for the letter O ("0 241208Z OCT 79")
    "P": "PRIORITY",
    "R": "ROUTINE",
    "M": "ROUTINE",  # deferred traffic in older cables
}

# Precedence words as written after a recipient, typos included ("PRIOITY").
_PRECEDENCE_WORDS = [
    (re.compile(r"^NIACT$"), "NIACT"),
    (re.compile(r"^FLA?SH$"), "FLASH"),
    (re.compile(r"^IMM?EDI?AT?E?$"), "IMMEDIATE"),
    (re.compile(r"^PRI?O?I?R?I?TY$"), "PRIORITY"),
    (re.compile(r"^ROUT?I?NE?$"), "ROUTINE"),
]


def precedence_word(word: str) -> str:
    """The canonical precedence a recipient-line word stands for, or ``""``."""
    for pattern, canonical in _PRECEDENCE_WORDS:
        if pattern.match(word.upper()):
            return canonical
    return ""


MONTHS = {
    "JAN": 1,
    "FEB": 2,
    "MAR": 3,
    "APR": 4,
    "MAY": 5,
    "JUN": 6,
    "JUL": 7,
    "AUG": 8,
    "SEP": 9,
    "OCT": 10,
    "NOV": 11,
    "DEC": 12,
}


def _spaced(word: str) -> str:
    """A pattern for a classification word as typed: ``S E C R E T``, ``SE C R E T``.

    The first letter may be doubled ("UUNCLAS", 06MANAGUA1002; "SS E C R E T", 08ASMARA546).
    """
    first, rest = word[0], word[1:]
    return rf"(?:{first}\s?)?{first}" + "".join(rf"\s?{letter}" for letter in rest)


# Classification words as they open the classification line, in any case and spacing
# (partial extracts write "C o n f i d e n t i a l", 08KINSHASA189).
CLASSIFICATIONS = [
    (
        re.compile(rf"^{_spaced('UNCLAS')}(?:\s?S\s?I\s?F\s?I\s?E\s?D)?(?![A-Z])", re.I),
        "UNCLASSIFIED",
    ),
    (re.compile(r"^LIMITED\s+OFFICIAL\s+USE\b", re.I), "LIMITED OFFICIAL USE"),
    (re.compile(rf"^{_spaced('CONFIDENTIAL')}(?![A-Z])", re.I), "CONFIDENTIAL"),
    (re.compile(rf"^{_spaced('TOP')}\s+{_spaced('SECRET')}(?![A-Z])", re.I), "TOP SECRET"),
    (re.compile(rf"^{_spaced('SECRET')}(?![A-Z])", re.I), "SECRET"),
]

# The classification a ZNY/ZNR line of the routing header encodes ("ZNY CCCCC ZZH"), for
# cables whose classification line is lost (10SANSALVADOR37).
ROUTING_CLASSIFICATIONS = {
    "UUUUU": "UNCLASSIFIED",
    "EEEEE": "UNCLASSIFIED",
    "CCCCC": "CONFIDENTIAL",
    "SSSSS": "SECRET",
    "TTTTT": "TOP SECRET",
}

# Handling caveats that may follow the classification or stand on their own line.
CAVEATS = ("SIPDIS", "NOFORN", "SENSITIVE", "NODIS", "EXDIS", "LIMDIS", "STADIS", "ORCON")

# The marking WikiLeaks gives an unclassified cable with the SENSITIVE caveat.
UNCLASSIFIED_SENSITIVE = "UNCLASSIFIED//FOR OFFICIAL USE ONLY"

# Originator prefixes of the FM line and the kind of post they name.
ORIGIN_PREFIXES = [
    ("AMEMBASSY", "Embassy"),
    ("AMEMB", "Embassy"),
    ("AMCONSUL", "Consulate"),
    ("AMCONGEN", "Consulate"),
    ("USINT", "US Interests Section"),
    ("USOFFICE", "US Office"),
    ("REO", "REO"),
]

# Originators whose readable name is not their place ("SECSTATE WASHDC"), and missions
# known by their own acronym ("USMISSION USNATO" is "Mission USNATO").
ORIGIN_NAMES = {
    "SECSTATE WASHDC": "Secretary of State",
    "SECSTATE": "Secretary of State",
    "STATE": "Secretary of State",
    "USMISSION USNATO": "Mission USNATO",
    "USNATO": "Mission USNATO",
    "USMISSION USOSCE": "Mission USOSCE",
    "USOSCE": "Mission USOSCE",
    "USMISSION UNVIE VIENNA": "UNVIE",
    "USMISSION UNVIE": "UNVIE",
    "UNVIE VIENNA": "UNVIE",
    "UNVIE": "UNVIE",
    "USMISSION USUN NEW YORK": "USUN New York",
    "USUN NEW YORK": "USUN New York",
    "USEU BRUSSELS": "USEU Brussels",
    "AIT TAIPEI": "American Institute Taiwan, Taipei",
    "RPO DUBAI": "Iran RPO Dubai",
    "IRAN RPO DUBAI": "Iran RPO Dubai",
    "USDEL SECRETARY": "US Delegation, Secretary",
}

# Stations whose US post is a consulate, not an embassy: a partial extract names only
# its station ("UNCLAS RECIFE 000078"), and the kind of post has to come from here.
CONSULATES = frozenset(
    [
        "ADANA",
        "ALEXANDRIA",
        "AMSTERDAM",
        "AUCKLAND",
        "BARCELONA",
        "BELFAST",
        "BORDEAUX",
        "CALCUTTA",
        "CALGARY",
        "CAPE TOWN",
        "CASABLANCA",
        "CHENGDU",
        "CHENNAI",
        "CHIANG MAI",
        "CIUDAD JUAREZ",
        "CURACAO",
        "DHAHRAN",
        "DUBAI",
        "DURBAN",
        "DUSSELDORF",
        "EDINBURGH",
        "FLORENCE",
        "FRANKFURT",
        "FUKUOKA",
        "GUADALAJARA",
        "GUANGZHOU",
        "GUAYAQUIL",
        "HALIFAX",
        "HAMBURG",
        "HERMOSILLO",
        "HO CHI MINH CITY",
        "HONG KONG",
        "HYDERABAD",
        "ISTANBUL",
        "IZMIR",
        "JEDDAH",
        "JERUSALEM",
        "JOHANNESBURG",
        "KARACHI",
        "KOLKATA",
        "KRAKOW",
        "LAGOS",
        "LAHORE",
        "LEIPZIG",
        "LYON",
        "MADRAS",
        "MARSEILLE",
        "MATAMOROS",
        "MELBOURNE",
        "MERIDA",
        "MILAN",
        "MONTERREY",
        "MONTREAL",
        "MUMBAI",
        "MUNICH",
        "NAGOYA",
        "NAHA",
        "NAPLES",
        "NOGALES",
        "NUEVO LAREDO",
        "OSAKA KOBE",
        "PERTH",
        "PESHAWAR",
        "PONTA DELGADA",
        "PORTO ALEGRE",
        "QUEBEC",
        "RECIFE",
        "RIO DE JANEIRO",
        "SAO PAULO",
        "SAPPORO",
        "SHANGHAI",
        "SHENYANG",
        "ST PETERSBURG",
        "STRASBOURG",
        "SURABAYA",
        "SYDNEY",
        "THESSALONIKI",
        "TIJUANA",
        "TORONTO",
        "VANCOUVER",
        "VLADIVOSTOK",
        "WINNIPEG",
        "YEKATERINBURG",
    ]
)

# Posts WikiLeaks names by the city's present name.
RENAMED_PLACES = {"CALCUTTA": "KOLKATA", "BOMBAY": "MUMBAI", "MADRAS": "CHENNAI"}

# Words kept in capitals when an origin is title-cased.
_UPPER_WORDS = {
    "USUN",
    "USEU",
    "UNVIE",
    "USNATO",
    "USOSCE",
    "USTR",
    "RPO",
    "AIT",
    "US",
    "UN",
    "REO",
}


def title_place(words: str) -> str:
    """``NEW YORK`` -> ``New York``; ``RIO DE JANEIRO`` -> ``Rio De Janeiro`` (as WikiLeaks)."""
    out = []
    for word in words.split():
        if word in _UPPER_WORDS:
            out.append(word)
        else:
            out.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(out)


def _normalise_origin(origin: str) -> str:
    # "USDEL SECRETARY//MEXICO//": the routing suffix after // is not part of the name.
    origin = origin.upper().split("//")[0]
    return " ".join(re.sub(r"[^A-Z0-9 .'-]", " ", origin).split())


def origin_name(origin: str) -> str:
    """A readable name for an FM-line originator: ``AMEMBASSY ASTANA`` -> ``Embassy Astana``."""
    origin = _normalise_origin(origin)
    if origin in ORIGIN_NAMES:
        return ORIGIN_NAMES[origin]
    if origin.startswith("USMISSION "):
        return f"US Mission {title_place(origin.removeprefix('USMISSION '))}"
    for prefix, kind in ORIGIN_PREFIXES:
        if origin.startswith(prefix + " "):
            place = origin[len(prefix) + 1 :]
            return f"{kind} {title_place(RENAMED_PLACES.get(place, place))}"
    return title_place(origin)


def station_origin_name(station: str) -> str:
    """The readable origin for a station alone (``RECIFE`` -> ``Consulate Recife``).

    Partial extracts have no FM line; their classification line still names the station.
    """
    station = _normalise_origin(station)
    if station in ORIGIN_NAMES:
        return ORIGIN_NAMES[station]
    place = RENAMED_PLACES.get(station, station)
    kind = "Consulate" if station in CONSULATES or place in CONSULATES else "Embassy"
    return f"{kind} {title_place(place)}"


# The FM line's form of the readable names that are not a kind of post and a place.
_ORIGINATORS = {
    "Secretary of State": "SECSTATE WASHDC",
    "Mission USNATO": "USMISSION USNATO",
    "Mission USOSCE": "USMISSION USOSCE",
    "UNVIE": "USMISSION UNVIE VIENNA",
    "USUN New York": "USMISSION USUN NEW YORK",
    "USEU Brussels": "USEU BRUSSELS",
    "American Institute Taiwan, Taipei": "AIT TAIPEI",
    "Iran RPO Dubai": "IRAN RPO DUBAI",
    "US Delegation, Secretary": "USDEL SECRETARY",
}
_POST_KINDS = {
    "Embassy": "AMEMBASSY",
    "Consulate": "AMCONSUL",
    "US Interests Section": "USINT",
    "US Office": "USOFFICE",
    "US Mission": "USMISSION",
    "REO": "REO",
}


def originator(name: str) -> str:
    """The FM line's originator that a readable origin stands for (``Embassy Astana`` ->
    ``AMEMBASSY ASTANA``), for cables whose copy lost the FM line (partial extracts)."""
    name = " ".join(name.split())
    if name in _ORIGINATORS:
        return _ORIGINATORS[name]
    for kind, prefix in _POST_KINDS.items():
        if name.startswith(kind + " "):
            return f"{prefix} {name[len(kind) + 1 :].upper()}"
    return name.upper()
