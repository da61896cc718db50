"""Full-text search: one syntax and the same cases on SQLite (FTS5) and PostgreSQL
(tsvector), ranked, stemmed, with British and American spellings folded; the index kept in
step with every write.

The suite runs on both databases (CI runs it twice), and the expected cases below are
written out: passing on both means both find the same cases.
"""

import pytest

from cases import search_index
from cases.catalog import search
from cases.ingest.importer import import_text
from cases.models import Case

BRITISH = """\
R 010900Z JUN 08
FM AMEMBASSY LONDON
TO RUEHC/SECSTATE WASHDC 1111

UNCLAS LONDON 000777

SIPDIS

TAGS: KTIP UK

SUBJECT: UNITED KINGDOM: LABOUR EXPLOITATION CASES

1. In May, police raided a brick kiln in Kent where a criminal organisation held thirty \
labourers without pay. The owner of the kiln was arrested.

2. In June, a recruitment centre in Leeds sent eight women to a massage parlour, where \
they were forced into prostitution by their traffickers.

SMITH
"""
KILN = (
    "In May, police raided a brick kiln in Kent where a criminal organisation held thirty "
    "labourers without pay."
)
PARLOUR = (
    "In June, a recruitment centre in Leeds sent eight women to a massage parlour, where they "
    "were forced into prostitution by their traffickers."
)


@pytest.fixture
def archive(seed_cable, extractor):
    """The seed cable (17 cases, real extractor) and a cable in British spelling whose two
    cases the fake extractor finds."""
    extractor.finds((KILN, 0.9), (PARLOUR, 0.9))
    result = import_text(BRITISH, "london.txt")
    assert result.status == "created", result
    return {
        case.excerpt: case.key for case in Case.objects.filter(cable__reference_id="08LONDON777")
    }


def found(query: str) -> set[str]:
    ids = search.matching_ids(query)
    return set(Case.objects.filter(pk__in=ids).values_list("key", flat=True))


def seed(*paragraphs: int) -> set[str]:
    return {f"08ASTANA1246-p{number}-1" for number in paragraphs}


LABOR = seed(2, 4, 6, 7, 8, 9, 10, 11)
SEXUAL = seed(3, 5, 12, 13, 14, 15, 16, 17, 18)

# Twenty queries and more: phrases, exclusions, alternatives, stemming, both spellings.
# The field labels count ("Forced labour" is the label of the labor cases), and so does
# the cable's subject ("LABOUR EXPLOITATION CASES" for both London cases).
QUERIES = [
    ("labor", LABOR | {"kiln", "parlour"}),
    ("labour", LABOR | {"kiln", "parlour"}),
    ("labourers", LABOR | {"kiln", "parlour"}),
    ('"forced labor"', LABOR),
    ('"forced labour"', LABOR),
    ("prostitution", SEXUAL | {"parlour"}),
    ('"sexual exploitation"', SEXUAL),
    ("brothel", seed(3, 17, 18)),
    ("brothel -Almaty", seed(3, 17)),
    ("Interfax", seed(2, 9, 12, 13, 17, 18)),
    ("Interfax -police", seed(18)),
    ("Shymkent or Astana", seed(5, 6, 10, 14, 16, 17)),
    ('"police in Almaty"', seed(13)),
    ("girl Almaty", seed(13, 15, 18)),
    ("Kyrgyzstani girl", seed(18)),
    ("organization", seed(2, 3) | {"kiln"}),
    ("organisation", seed(2, 3) | {"kiln"}),
    ("center", {"parlour"}),
    ("farm or construction", seed(2, 6, 7, 9, 10, 11)),
    ("trafficked -prostitution", LABOR),
    ("convicted", seed(14, 15)),
    ("Uzbekistan -Shymkent", seed(2, 3, 4)),
    ("kidnapped or kidnapping", seed(9, 10)),
    ('"Chagan case"', seed(11)),
    ("children", seed(5, 14)),
    ("kiln -organisation", set()),
    ("the", set()),  # a stop word alone asks for nothing
    ("-police", set()),  # an exclusion alone too
]


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[query for query, _ in QUERIES])
def test_the_same_cases_on_either_database(archive, query, expected):
    """Each query finds the cases written out here, on SQLite and on PostgreSQL alike."""
    london = {"kiln": archive[KILN], "parlour": archive[PARLOUR]}
    assert found(query) == {london.get(key, key) for key in expected}


def test_a_word_of_a_cases_own_sentences_ranks_it_first(db, extractor):
    """Two cases in one paragraph: a word of the second's sentences ranks the second above
    the first, whose paragraph has the word too, and the other way round."""
    sauna = "In March, police freed six women from a sauna in Bristol."
    begging = "In April, a court in Cardiff convicted two men of forcing boys to beg."
    extractor.finds((sauna, 0.9), (begging, 0.9))
    text = BRITISH.replace("000777", "000778").split("1. ")[0] + f"1. {sauna} {begging}\n\nSMITH\n"
    assert import_text(text).status == "created"
    keys = dict(Case.objects.values_list("excerpt", "pk"))
    assert search.matching_ids("Cardiff") == [keys[begging], keys[sauna]]
    assert search.matching_ids("sauna") == [keys[sauna], keys[begging]]


def test_stems_and_phrases(archive):
    """Inflections find each other; a phrase needs its words in order."""
    assert found("raids") == {archive[KILN]}
    assert found('"brick kiln"') == {archive[KILN]}
    assert found('"kiln brick"') == set()


def test_nothing_typed_is_read_as_database_syntax(archive):
    """Operators and punctuation of either database's own syntax are plain text here."""
    for query in ["NEAR(a b)", "a AND OR NOT", '"', "kiln*", "col:kiln", "!!", "(", "'; --", "\\"]:
        search.matching_ids(query)  # no error
    assert found("kiln*") == {archive[KILN]}


def test_snippets_come_from_the_cases_own_sentences(archive):
    """The highlighted extract is of the case's sentences, its words marked."""
    case = Case.objects.get(key=archive[KILN])
    snippet = search.snippets([case.pk], "labour")[case.pk]
    assert "<mark>labourers</mark>" in snippet
    assert "brick kiln" in snippet


def test_the_index_follows_edits_and_deletions(archive):
    """A changed summary is found by its new words once indexed; a deleted case is gone."""
    case = Case.objects.get(key=archive[KILN])
    case.summary = "Thirty workers held in a Kentish quarry"
    case.save()
    search_index.index_cases([case.cable_id])
    assert found("quarry") == {case.key}
    Case.history.filter(id=case.pk).delete()
    case.delete()
    assert found("quarry") == set()


def test_spelling_variants():
    assert search_index.spelling_variants("Forced Labour") == ["Forced Labour", "Forced Labor"]
    assert search_index.spelling_variants("organized crime") == [
        "organized crime",
        "organised crime",
    ]
    assert search_index.spelling_variants("police") == ["police"]
