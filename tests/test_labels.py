"""Case titles made from their fields: who, what was done to them, where, when, outcome."""

from datetime import date
from types import SimpleNamespace

from cases.labels import case_title


def case(**fields):
    values = {
        "key": "08ASTANA1246-p18-1",
        "summary": "",
        "exploitation": "",
        "exploitation_type": "",
        "sector": "",
        "minor": None,
        "victim_sex": "",
        "victim_count_min": None,
        "victim_count_max": None,
        "ages": [],
        "outcome": "none",
        "occurred": "",
        "reported_on": None,
    }
    return SimpleNamespace(**{**values, **fields})


KZ = SimpleNamespace(code="KZ", name="Kazakhstan")
KG = SimpleNamespace(code="KG", name="Kyrgyzstan")
ALMATY = SimpleNamespace(name="Almaty", country="KZ")


def test_a_girl_from_abroad_rescued_from_a_brothel():
    """Victim, age, origin, exploitation, place, month, outcome: all from the fields."""
    girl = case(
        exploitation="sexual",
        exploitation_type="prostitution",
        minor=True,
        victim_sex="female",
        victim_count_min=1,
        victim_count_max=1,
        ages=[14],
        occurred="2008-06",
        outcome="investigation",
    )
    assert case_title(girl, [KZ, KG], [ALMATY]) == (
        "Girl, 14, from Kyrgyzstan, forced into prostitution in Almaty, June 2008; "
        "under investigation"
    )


def test_counted_workers_in_a_sector():
    workers = case(
        exploitation="labor",
        sector="construction",
        minor=False,
        victim_sex="male",
        victim_count_min=12,
        victim_count_max=12,
        reported_on=date(2008, 3, 14),
        outcome="convicted",
    )
    assert case_title(workers, [KZ], [ALMATY]) == (
        "12 men forced to work in construction in Almaty, March 2008; convicted"
    )


def test_without_victims_the_exploitation_leads():
    labour = case(exploitation="labor", sector="agriculture", reported_on=date(2007, 9, 1))
    assert (
        case_title(labour, [KZ], []) == "Forced labour in agriculture in Kazakhstan, September 2007"
    )


def test_with_nothing_known_the_summary_or_the_key():
    long = "Police found " + "many " * 40 + "people."
    assert case_title(case(summary="Police found two men."), [], []) == "Police found two men"
    assert case_title(case(summary=long), [], []).endswith("many…")
    assert case_title(case(), [], []) == "Case 08ASTANA1246-p18-1"
