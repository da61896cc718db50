from datetime import date
from itertools import combinations

import pytest

from cases.extraction import (
    CANDIDATE_THRESHOLD,
    OutletResolver,
    analyse_paragraphs,
    extract_cases,
    score_paragraphs,
)
from cases.extraction.dates import resolve_month_day
from cases.extraction.detection import looks_like_outlet, read_lead
from cases.parsing import ParsedParagraph, parse_cable


def _paragraphs(*texts: str, heading: str = "") -> list[ParsedParagraph]:
    return [
        ParsedParagraph(ordinal=index, number=str(index), text=text, heading=heading)
        for index, text in enumerate(texts, start=1)
    ]


@pytest.fixture(scope="module")
def seed_cases(seed_text):
    cable = parse_cable(seed_text)
    return extract_cases(cable.paragraphs, cable.sent_at.date())


def test_seed_gives_its_seventeen_cases(seed_cases, expected):
    """Paragraphs 2-18 of the seed are cases; the introduction is not."""
    assert [case.paragraph_ordinal for case in seed_cases] == [
        want["ordinal"] for want in expected["cases"]
    ]


def test_seed_reported_dates(seed_cases, expected):
    """Each case's date takes its year from the cable."""
    for case, want in zip(seed_cases, expected["cases"], strict=True):
        assert case.reported_on.isoformat() == want["reported_on"]


def test_seed_outlets_group_like_the_expectations(seed_cases, expected):
    """Two cases share an outlet exactly when the expectations file says they do."""
    pairs = zip(seed_cases, expected["cases"], strict=True)
    for (case_a, want_a), (case_b, want_b) in combinations(pairs, 2):
        same_expected = want_a["outlet"] == want_b["outlet"]
        assert (case_a.outlet.slug == case_b.outlet.slug) == same_expected, (
            want_a["ordinal"],
            want_b["ordinal"],
        )


def test_seed_categories(seed_cases, expected):
    """Each case is filed under the section heading above its paragraph."""
    for case, want in zip(seed_cases, expected["cases"], strict=True):
        assert case.category.casefold() == want["category"].casefold()


def test_lead_with_full_stop_and_other_outlets():
    """Leads end with a colon, a full stop or a dash, and name any outlet."""
    cases = extract_cases(
        _paragraphs(
            "Oct. 3, Kyiv Post: Border guards stopped a bus carrying nine trafficked women.",
            "Sept 28, Daily Nation. Police in Mombasa arrested two recruiters for trafficking.",
            "November 30, Voice of America - A labor agent was charged with forced labor in Dhaka.",
        ),
        date(2009, 11, 30),
    )
    assert [(c.reported_on, c.outlet.name) for c in cases] == [
        (date(2009, 10, 3), "Kyiv Post"),
        (date(2009, 9, 28), "Daily Nation"),
        (date(2009, 11, 30), "Voice of America"),
    ]


def test_report_dates_never_follow_the_cable():
    """A January cable's December report is from the year before."""
    (case,) = extract_cases(
        _paragraphs("December 30, Reuters: Two girls were rescued from a brothel."),
        date(2010, 1, 5),
    )
    assert case.reported_on == date(2009, 12, 30)


@pytest.mark.parametrize(
    "text",
    [
        "The following is a summary of cases reported in the press.",
        "March 14, 2008 was the day police opened the investigation.",
        "On March 14, police in the capital detained three men.",
        "On May 2, the Ambassador met the Minister of Interior to discuss visas.",
        "On June 3, we informed the Vice Minister that the TIP Report places her country on the"
        " Tier 2 Watch List for failing to convict traffickers and protect trafficking victims.",
        "May 23, the police said: nobody was arrested.",
        "In Almaty, May 5: the conference on migration opened.",
        "Comment: the embassy will follow these cases.",
    ],
)
def test_paragraphs_that_are_not_cases(text):
    """Prose that merely mentions a date, or the embassy's own business, is no case."""
    assert extract_cases(_paragraphs(text), date(2009, 6, 30)) == []


@pytest.mark.parametrize(
    "text, month, day, outlet, year",
    [
        ("Interfax, March 14: Police freed two women from a brothel.", 3, 14, "Interfax", None),
        ("Daily Star, Sept. 9. Nine Nepali maids were rescued.", 9, 9, "Daily Star", None),
        ("(April 2) Border guards stopped a van carrying eleven girls.", 4, 2, None, None),
        ("(Kyiv Post, Oct. 3) A recruiter was charged with trafficking.", 10, 3, "Kyiv Post", None),
        ("(Oct. 3, Kyiv Post): A recruiter was charged.", 10, 3, "Kyiv Post", None),
        ("On Tuesday, June 3, 2008, police rescued nine trafficked women.", 6, 3, None, 2008),
        ("March 14, 2008, Interfax: Police freed two women.", 3, 14, "Interfax", 2008),
    ],
)
def test_other_lead_forms(text, month, day, outlet, year):
    """Leads also come as "Outlet, Month Day:", "(Month Day)", "(Outlet, Month Day)" and
    "On Month Day, ..."; a year in the lead is kept."""
    lead = read_lead(text)
    assert (lead.month, lead.day, lead.outlet, lead.year) == (month, day, outlet, year)
    # The report's date: the lead's own year, or the cable's (all before its December 31).
    assert lead.reported_on(date(2009, 12, 31)) == date(year or 2009, month, day)


def test_a_lead_naming_a_day_that_does_not_exist_gives_no_date():
    """ "February 30, 2008" is a misprint: no report date rather than a wrong one."""
    assert (
        read_lead("February 30, 2008, Interfax: Police freed two women.").reported_on(
            date(2008, 7, 1)
        )
        is None
    )


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("Radio Free Europe Radio Liberty Kazakh Service", True),  # seven words
        ("Radio Free Europe Radio Liberty Kazakh Language Service", False),  # eight
        ("Argumenti i Facti", True),
        ("the police said", False),
    ],
)
def test_what_looks_like_an_outlet(name, outlet):
    """An outlet's name: at most seven capitalised words (joiners such as "i" allowed)."""
    assert looks_like_outlet(name) is outlet


def test_bare_date_leads_need_trafficking_vocabulary():
    """A paragraph opening "On Month Day," is prose like any other: a case only when it is
    about trafficking, reported by the cable and dated by its events."""
    cases = extract_cases(
        _paragraphs(
            "On March 3, the Ambassador hosted a reception for the new Minister of Trade.",
            "On March 9, police in Osh rescued four women who had been trafficked to a brothel"
            " and forced into prostitution.",
            "(March 12) Border guards detained a recruiter who had sold two girls to a pimp.",
            "Reuters, March 20: Two men were charged with forced labor on a cotton farm.",
        ),
        date(2009, 4, 1),
    )
    found = [
        (c.paragraph_ordinal, c.reported_on, c.fields.occurred, c.outlet and c.outlet.name)
        for c in cases
    ]
    assert found == [
        (2, date(2009, 4, 1), "2009-03-09", None),
        (3, date(2009, 4, 1), "2009-03-12", None),
        (4, date(2009, 3, 20), "", "Reuters"),
    ]


def test_cases_carry_their_fields():
    """Each extracted case has the structured fields of its paragraph."""
    (case,) = extract_cases(
        _paragraphs(
            "Oct. 3, Kyiv Post: Border guards in Odesa stopped a bus carrying nine women"
            " recruited for prostitution abroad."
        ),
        date(2009, 11, 30),
        post_country="UA",
    )
    assert [place.name for place in case.fields.places] == ["Odesa"]
    assert case.fields.victim_count_min == 9
    assert case.fields.victim_sex == "female"


def test_post_country_counts_for_a_case_that_names_no_place():
    """A case that names no place happened where the post is: its country is the post's,
    and without a post it has none."""
    report = _paragraphs(
        "Oct. 3, Kyiv Post: Border guards stopped a bus carrying nine women recruited for"
        " prostitution."
    )
    (with_post,) = extract_cases(report, date(2009, 11, 30), post_country="UA")
    (without,) = extract_cases(report, date(2009, 11, 30))
    assert with_post.fields.countries == ("UA",)
    assert without.fields.countries == ()


def test_score_paragraphs_marks_candidates():
    """Every paragraph gets a relevance; relevant paragraphs that are not cases are candidates."""
    scores = score_paragraphs(
        _paragraphs(
            "The Ambassador discussed wheat exports and the new customs code.",
            "Police say a local gang trafficked at least thirty women to Dubai, where they were"
            " forced into prostitution; the victims' passports were taken.",
            "May 4, Interfax: Police rescued two trafficked girls from a brothel.",
        )
    )
    assert [score.ordinal for score in scores] == [1, 2, 3]
    assert scores[0].relevance < CANDIDATE_THRESHOLD and not scores[0].candidate
    assert scores[1].relevance >= CANDIDATE_THRESHOLD and scores[1].candidate
    assert scores[2].relevance >= CANDIDATE_THRESHOLD and not scores[2].candidate


def test_abbreviation_introduced_in_a_cable_is_the_same_outlet():
    """An outlet missing from the vocabulary is still one outlet under its own abbreviation."""
    cases = extract_cases(
        _paragraphs(
            "April 2, Vecherniy Bishkek (VB): A woman trafficked to Dubai was repatriated.",
            "April 9, VB: Two recruiters were detained in Osh for trafficking girls.",
        ),
        date(2009, 5, 1),
    )
    assert cases[0].outlet == cases[1].outlet
    assert cases[0].outlet.name == "Vecherniy Bishkek"


def test_romanisations_of_one_outlet_are_one_outlet_in_a_cable():
    """In one cable, "Argumenty i Fakty" after "Argumenti & Facti (AiF)" is the same outlet,
    as is "AiF"; another outlet stays another, and a fresh cable learns afresh."""
    resolver = OutletResolver()
    first = resolver.resolve("Argumenti & Facti (AiF)")
    assert resolver.resolve("Argumenty i Fakty") == first == resolver.resolve("AiF")
    assert first.name == "Argumenti & Facti"
    assert resolver.resolve("Vremya") != first
    assert resolver.resolve("Vremia") == resolver.resolve("Vremya")
    assert OutletResolver().resolve("AiF").name == "AiF"


def test_category_is_the_heading():
    """The heading of the paragraph becomes the case category; none gives an empty one."""
    report = "June 1, Reuters: A boy forced to beg was freed by police."
    with_heading = extract_cases(_paragraphs(report, heading="CHILD LABOR"), date(2009, 7, 1))
    without = extract_cases(_paragraphs(report), date(2009, 7, 1))
    assert with_heading[0].category == "CHILD LABOR"
    assert without[0].category == ""


@pytest.mark.parametrize(
    "month, day, cable_date, expected_date",
    [
        (3, 14, date(2008, 7, 11), date(2008, 3, 14)),
        (7, 11, date(2008, 7, 11), date(2008, 7, 11)),
        (7, 12, date(2008, 7, 11), date(2007, 7, 12)),
        (2, 29, date(2009, 3, 1), date(2008, 2, 29)),
        (2, 30, date(2009, 3, 1), None),
        (3, 14, None, None),
    ],
)
def test_resolve_month_day(month, day, cable_date, expected_date):
    """The year is the cable's unless that would be after the cable; impossible dates fail."""
    assert resolve_month_day(month, day, cable_date) == expected_date


def test_analyse_paragraphs_gives_cases_and_scores(seed_text):
    """The seed's introduction is scored but is no case nor a candidate; every report is a
    case of Kazakhstan, the post's country, when the post is given."""
    cable = parse_cable(seed_text)
    cases, scores = analyse_paragraphs(cable.paragraphs, cable.sent_at.date(), "KZ")
    assert [score.ordinal for score in scores] == list(range(1, 19))
    assert scores[0].relevance > 0 and not scores[0].candidate
    assert [case.paragraph_ordinal for case in cases] == list(range(2, 19))
    assert all("KZ" in case.fields.countries for case in cases)
    without_post, _ = analyse_paragraphs(cable.paragraphs, cable.sent_at.date())
    # A report placed only by a village the gazetteer lacks (Chagan) has no country then.
    assert any("KZ" not in case.fields.countries for case in without_post)


def test_a_sub_paragraph_is_read_in_the_paragraph_it_belongs_to():
    """A block of a questionnaire answer that does not name trafficking is still read as
    part of its paragraph, which does (06REYKJAVIK68 ¶2); alone, it tells no case."""
    question = "Overview of the country's efforts against trafficking in persons:"
    block = (
        "In March 2008, police in Reykjavik arrested two men who had forced three "
        "Lithuanian women to work in a nightclub without pay."
    )
    parent = ParsedParagraph(1, "2", question, anchor="p2")
    found = extract_cases([parent, ParsedParagraph(2, "", block, depth=1, anchor="p2a")], None)
    assert [(case.paragraph_ordinal, case.excerpt) for case in found] == [(2, block)]
    assert extract_cases([parent, ParsedParagraph(2, "", block)], None) == []
