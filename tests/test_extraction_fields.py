"""All fields of a case at once, on paragraphs written for these tests: other outlets, other
countries, other lead forms, other word order than the seed."""

from datetime import date

import pytest

from cases.extraction import (
    EXPLOITATION_FORMS,
    EXPLOITATION_TYPES,
    MEANS_OF_CONTROL,
    OUTCOMES,
    SECTORS,
    VICTIM_SEXES,
    CaseFields,
    extract_fields,
)
from cases.extraction.exploitation import _MEANS_TABLE, _SECTOR_TABLE, _TYPE_TABLE

MOLDOVA = (
    "Timpul, Nov. 2: A court in Balti sentenced a 41-year-old woman to nine years in prison for"
    " selling two Moldovan girls, aged 16 and 17, to a nightclub owner in Antalya, Turkey, for"
    " \\$3,000. The girls had been promised jobs as dancers; in Antalya their passports were"
    " confiscated and they were forced into prostitution."
)
BISHKEK = (
    "(24.kg, March 3) Police in Bishkek freed 23 Uzbek citizens who had worked without pay for"
    " eight months at a brick factory outside the city. The owner kept their documents and"
    " threatened to hand them to the migration police. He was detained and charged with"
    " forced labor."
)
BANGKOK = (
    "On June 12, the Nation reported that Thai police had raided a fishing boat in Samut"
    " Sakhon and found 14 Burmese and Cambodian men who said they had been beaten and held"
    " at sea for two years. No arrests have been made."
)


def test_a_sexual_exploitation_case_abroad():
    """A Moldovan court case about girls sold to Turkey."""
    fields = extract_fields(MOLDOVA, cable_date=date(2009, 11, 20), post_country="MD")
    assert isinstance(fields, CaseFields)
    assert fields.countries == ("MD", "TR")
    assert [(p.name, p.country) for p in fields.places] == [("Bălţi", "MD"), ("Antalya", "TR")]
    assert (fields.exploitation, fields.exploitation_type, fields.sector) == (
        "sexual",
        "prostitution",
        None,
    )
    assert fields.means_of_control == ("withholds_documents", "false_promises")
    assert (fields.minor, fields.ages) == (True, (16, 17))
    assert (fields.victim_count_min, fields.victim_count_max, fields.victim_sex) == (2, 2, "female")
    assert (fields.outcome, fields.max_sentence_years) == ("convicted", 9.0)
    assert fields.amounts_usd == (3000.0,)
    assert fields.summary.startswith("A court in Balti sentenced a 41-year-old woman")


def test_a_forced_labour_case_with_a_parenthesised_lead():
    """Uzbek workers in a Kyrgyz brick factory; the outlet is not a place."""
    fields = extract_fields(BISHKEK, post_country="KG")
    assert fields.countries == ("KG", "UZ")
    assert [p.name for p in fields.places] == ["Bishkek"]
    assert (fields.exploitation, fields.sector) == ("labor", "manufacturing")
    assert fields.means_of_control == (
        "withholds_documents",
        "takes_earnings",
        "threats",
        "threat_of_law_enforcement",
    )
    assert (fields.victim_count_min, fields.victim_count_max) == (23, 23)
    assert fields.minor is None
    assert fields.outcome == "charged"
    assert fields.max_sentence_years is None
    assert fields.amounts_usd == ()


def test_a_fishing_case_with_a_bare_date():
    """Burmese and Cambodian fishermen in Thailand; nobody arrested."""
    fields = extract_fields(BANGKOK, post_country="TH")
    assert fields.countries == ("KH", "MM", "TH")
    assert (fields.exploitation, fields.sector) == ("labor", "fishing")
    assert fields.means_of_control == ("physical_abuse", "restricts_movement")
    assert (fields.victim_count_min, fields.victim_sex) == (14, "male")
    assert fields.outcome == "none"
    assert fields.summary.startswith("The Nation reported that Thai police")


def test_the_lead_is_not_read_as_content():
    """Outlet names in the lead ("Vremya", "Liter") are neither places nor victims."""
    fields = extract_fields("June 4, Liter: Two women were found in a sauna in Aktobe.")
    assert [p.name for p in fields.places] == ["Aktobe"]
    assert fields.summary == "Two women were found in a sauna in Aktobe."


@pytest.mark.parametrize(
    "labels, table",
    [(SECTORS, _SECTOR_TABLE), (EXPLOITATION_TYPES, _TYPE_TABLE), (MEANS_OF_CONTROL, _MEANS_TABLE)],
)
def test_every_code_has_a_label(labels, table):
    """Every code an extractor can give has a label for pages."""
    assert set(table) <= set(labels)


def test_every_value_extracted_has_a_label():
    """Whatever the extractor gives for form, outcome and sex is a code pages can label."""
    texts = [
        "Police freed two girls forced into prostitution; the pimp was convicted.",
        "Twelve men were forced to work on a farm without pay; the owner was charged.",
        "A boy and two women were sold as brides; the case is under investigation.",
        "A woman said she escaped.",
    ]
    for text in texts:
        fields = extract_fields(text)
        assert fields.exploitation is None or EXPLOITATION_FORMS[fields.exploitation]
        assert OUTCOMES[fields.outcome]
        assert fields.victim_sex is None or VICTIM_SEXES[fields.victim_sex]
