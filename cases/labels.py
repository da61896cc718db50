"""Readable labels for the codes that case fields store (used by the catalog and the pages)."""

from .extraction import EXPLOITATION_TYPES, MEANS_OF_CONTROL, SECTORS


def code_label(code: str, labels: dict[str, str]) -> str:
    return labels.get(code) or code.replace("_", " ").capitalize()


def sector_label(code: str) -> str:
    return code_label(code, SECTORS)


def exploitation_type_label(code: str) -> str:
    return code_label(code, EXPLOITATION_TYPES)


def means_of_control_label(code: str) -> str:
    return code_label(code, MEANS_OF_CONTROL)


def counted(count: int, noun: str = "case") -> str:
    """ "1 case", "3 cases"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


# Titles --------------------------------------------------------------------------------
#
# A case's title is made from its fields, so that lists, pages, feeds and citations name
# it the same way: who, what was done to them, where and when, and how far justice went
# ("Girl, 14, from Kyrgyzstan, forced into prostitution in Almaty, June 2008; under
# investigation"). Only fields the extractor or staff filled go into it.

# (one, several) victims, by whether minors are involved and by sex.
_VICTIMS = {
    (True, "female"): ("girl", "girls"),
    (True, "male"): ("boy", "boys"),
    (True, ""): ("child", "children"),
    (True, "mixed"): ("child", "children"),
    (False, "female"): ("woman", "women"),
    (False, "male"): ("man", "men"),
    (False, "mixed"): ("person", "people"),
    (None, "female"): ("woman", "women"),
    (None, "male"): ("man", "men"),
    (None, "mixed"): ("person", "people"),
}
# What was done to the victims, after "forced": by labour sector.
_LABOUR = {
    "agriculture": "to work on farms",
    "construction": "to work in construction",
    "domestic_work": "into domestic work",
    "manufacturing": "to work in manufacturing",
    "food_processing": "to work in food processing",
    "hospitality": "to work in hospitality",
    "begging": "to beg",
    "mining": "to work in mining",
    "fishing": "to work in fishing",
    "peddling": "to peddle",
    "transportation": "to work in transport",
    "illicit_activities": "into crime",
}
_SEXUAL = {
    "prostitution": "forced into prostitution",
    "pornography": "exploited in pornography",
}
_OUTCOMES = {
    "arrested": "suspects arrested",
    "investigation": "under investigation",
    "charged": "suspects charged",
    "trial": "on trial",
    "convicted": "convicted",
    "acquitted": "acquitted",
}
_NUMBERS = "no one two three four five six seven eight nine ten".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
TITLE_FALLBACK_LENGTH = 90


def _when(case) -> str:
    """The month the case happened (or was reported), as a reader says it."""
    occurred = case.occurred or ""
    if len(occurred) >= 7 and occurred[5:7].isdigit() and 1 <= int(occurred[5:7]) <= 12:
        return f"{_MONTHS[int(occurred[5:7]) - 1]} {occurred[:4]}"
    if len(occurred) == 4:
        return occurred
    if case.reported_on:
        return f"{_MONTHS[case.reported_on.month - 1]} {case.reported_on.year}"
    return ""


def _who(case, countries, places) -> str:
    low, high = case.victim_count_min, case.victim_count_max
    count = low if low is not None and (high is None or high == low) else None
    one, several = _VICTIMS.get((case.minor, case.victim_sex), ("", ""))
    if not one and count is not None:
        one, several = ("child", "children") if case.minor else ("person", "people")
    if not one:
        return ""
    age = ""
    if count == 1:
        who = one.capitalize()
        if len(case.ages) == 1:
            age = f", {case.ages[0]},"
    elif count:
        number = _NUMBERS[count] if count < len(_NUMBERS) else f"{count:,}"
        who = f"{number.capitalize()} {several}"
    elif low is not None and high is not None:
        who = f"{low} to {high} {several}"
    else:
        who = several.capitalize()
    home = {place.country for place in places if place.country}
    foreign = [country for country in countries if country.code not in home]
    origin = f" from {foreign[0].name}" if home and len(foreign) == 1 else ""
    if age and origin:
        return f"{who}{age}{origin},"
    return f"{who}{age}{origin}"


def _what(case, *, with_victims: bool) -> str:
    if case.exploitation == "sexual":
        if with_victims:
            return _SEXUAL.get(case.exploitation_type, "sexually exploited")
        return (
            "Forced prostitution"
            if case.exploitation_type == "prostitution"
            else ("Sexual exploitation")
        )
    if case.exploitation == "labor":
        if with_victims:
            return "forced " + _LABOUR.get(case.sector, "to work")
        sector = SECTORS.get(case.sector, "").lower()
        return f"Forced labour in {sector}" if sector else "Forced labour"
    if case.exploitation == "other":
        return "exploited" if with_victims else "Exploitation"
    return "trafficked" if with_victims else "Trafficking"


def case_title(case, countries=None, places=None) -> str:
    """A readable title of ``case`` made from its fields (its countries and places are
    read from the case, prefetched, unless given)."""
    countries = list(case.countries.all()) if countries is None else countries
    places = list(case.places.all()) if places is None else places
    who = _who(case, countries, places)
    title = f"{who} {_what(case, with_victims=True)}" if who else _what(case, with_victims=False)
    where = places[0].name if places else (countries[0].name if len(countries) == 1 else "")
    if not (who or case.exploitation or where):
        return _fallback(case)
    if where:
        title += f" in {where}"
    if when := _when(case):
        title += f", {when}"
    if outcome := _OUTCOMES.get(case.outcome):
        title += f"; {outcome}"
    return title


def _fallback(case) -> str:
    text = (case.summary or "").rstrip(".")
    if not text:
        return f"Case {case.key}"
    if len(text) <= TITLE_FALLBACK_LENGTH:
        return text
    cut = text.rfind(" ", 0, TITLE_FALLBACK_LENGTH)
    return text[: cut if cut > 30 else TITLE_FALLBACK_LENGTH].rstrip(" ,;:") + "…"
