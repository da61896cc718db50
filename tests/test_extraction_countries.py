"""Countries a case involves: names, nationalities, places, and the post's own country."""

import pytest

from cases.extraction import country_of_post, extract_fields
from cases.extraction.countries import country_label


def _countries(text: str, post: str | None = None) -> tuple[str, ...]:
    return extract_fields(text, post_country=post).countries


@pytest.mark.parametrize(
    "origin, code",
    [
        ("Embassy Astana", "KZ"),
        ("Consulate Almaty", "KZ"),
        ("Secretary of State", "US"),
        ("Embassy Kuwait", "KW"),
        ("Consulate Rio De Janeiro", "BR"),
        ("Embassy San Jose", "CR"),
        ("American Institute Taiwan, Taipei", "TW"),
        ("Iran RPO Dubai", "AE"),
        ("USUN New York", "US"),
        ("Mission USNATO", "BE"),
        ("Embassy Port Of Spain", "TT"),
        ("US Delegation", None),
        ("", None),
    ],
)
def test_country_of_post(origin, code):
    """The post's country comes from the gazetteer: the city (capitals first) or country named."""
    assert country_of_post(origin) == code


def test_names_nationalities_and_cities():
    """A country counts when named, when its nationality is used, or when a city of it is."""
    text = "Two Tajiks and a Kyrgyzstani woman were found working in a Moscow warehouse."
    assert _countries(text, post="KZ") == ("KG", "RU", "TJ")


def test_plural_and_two_word_nationalities():
    """ "South Koreans", "Saudi" and "Filipinas" are nationalities too."""
    text = "Police detained three South Koreans and a Saudi who had recruited two Filipinas."
    assert _countries(text) == ("KR", "PH", "SA")


def test_languages_and_ethnic_groups_are_not_countries():
    """ "spoke only Russian", "interviewed in Uzbek" and "ethnic Uzbeks" name no country."""
    text = (
        "The ethnic Uzbeks rescued in Osh spoke only Russian, and the police interviewed "
        "them in Uzbek."
    )
    assert _countries(text, post="KG") == ("KG",)


def test_post_country_when_the_text_names_no_place():
    """A local press report that names no place is about the post's own country."""
    text = "A woman told police she had been forced to work without pay for a year."
    assert _countries(text, post="MD") == ("MD",)
    assert _countries(text) == ()


def test_post_country_left_out_when_the_case_is_elsewhere():
    """A case between two other countries does not involve the post's country."""
    text = "Two Moldovan women were trafficked from Chisinau to Istanbul and sold to a bar."
    assert _countries(text, post="UA") == ("MD", "TR")


def test_region_words_are_not_nationalities():
    """ "Latin American" and "Central Asian" are not "American" or a country."""
    text = "Latin American and Central Asian migrants were found in the warehouse."
    assert _countries(text) == ()


def test_acronyms_and_informal_names():
    """ "UAE", "the U.S." and "Burma" are countries; "NGO" is not."""
    text = "An NGO said women from Burma were taken to the UAE and then to the U.S."
    assert _countries(text) == ("AE", "MM", "US")


def test_country_label():
    """Codes have English names for pages."""
    assert country_label("KZ") == "Kazakhstan"
    assert country_label("KR") == "South Korea"
