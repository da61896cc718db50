"""Victims: whether a minor is involved, stated ages, how many, which sex."""

import pytest

from cases.extraction.victims import victims_of


@pytest.mark.parametrize(
    "text, minor, ages",
    [
        ("A 15-year-old girl was sold to a bar owner.", True, (15,)),
        ("Two women aged 19 and 23 were rescued.", False, (19, 23)),
        ("The schoolboys were made to carry bricks.", True, ()),
        ("Police freed girls as young as 13.", True, (13,)),
        ("The victims were between the ages of 16 and 25.", True, (16, 25)),
        ("The victims, all under the age of 18, were sent home.", True, ()),
        ("Teenage girls were recruited through a modelling agency.", True, ()),
        ("Three adult men were found in the basement.", False, ()),
        ("She was recruited by a 45-year-old man who ran the bar.", None, ()),
        ("The 38-year-old recruiter took her passport.", None, ()),
        ("The woman travelled to Antalya with her three children.", None, ()),
        ("Four girls were trafficked to a sauna.", None, ()),
    ],
)
def test_minor_and_ages(text, minor, ages):
    """A minor only when an age under 18 or a word such as "boy" says so; adults when every
    victim age stated is 18 or more; a perpetrator's age or someone's children say nothing."""
    found = victims_of(text)
    assert (found.minor, found.ages) == (minor, ages)


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("As many as 40 women may have been sold.", None, 40),
        ("Police found between 10 and 15 migrants in the truck.", 10, 15),
        ("Seven Uzbek men worked on the farm.", 7, 7),
        ("Twelve Kyrgyz nationals were deported.", 12, 12),
        ("Three traffickers held nine victims.", 9, 9),
        ("Two women and three children were freed.", 5, 5),
        ("Police rescued 25-30 Uzbeks from a brick factory.", 25, 30),
        ("More than 60 workers had not been paid.", 60, None),
        ("He had paid $700 to the boy's family.", None, None),
        ("A girl was rescued.", 1, 1),
        ("Police arrested a man who had sold girls abroad.", None, None),
        ("A Guatemalan woman kidnapped for sexual exploitation escaped.", 1, 1),
        ("Five Moldovan men were indicted for trafficking women.", None, None),
        ("Two men in Tirana were convicted of luring eight children and were sentenced.", 8, 8),
        (
            "Four Moldovan men were charged with trafficking a 19-year-old woman. The four "
            "Moldovan men, and a driver who had helped them, were tried in May.",
            1,
            1,
        ),
    ],
)
def test_number_of_victims(text, low, high):
    """Stated numbers of victims become a range, one victim named in the singular counts
    one; perpetrators and prices are not victims."""
    found = victims_of(text)
    assert (found.count_min, found.count_max) == (low, high)


@pytest.mark.parametrize(
    "text, sex",
    [
        ("Police freed the girls and the women.", "female"),
        ("The men and boys worked in the quarry.", "male"),
        ("Girls and boys were forced to beg.", "mixed"),
        ("Three female traffickers recruited two boys.", "male"),
        ("A man was sold by a 40-year-old woman.", "male"),
        ("Twelve migrants were found.", None),
        (
            "Four Moldovan men were charged with trafficking a woman. The four Moldovan men, "
            "and a driver who had helped them, were tried in May.",
            "female",
        ),
    ],
)
def test_victim_sex(text, sex):
    """Sex from the words naming victims, not perpetrators."""
    assert victims_of(text).sex == sex
