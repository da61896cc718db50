import pytest
from django.core.management import call_command

from cases.models import Tag
from cases.parsing.tags import TagKind, describe_tag, unglue_codes


@pytest.mark.parametrize(
    "code, country, name",
    [
        ("RS", "RU", "Russia"),
        ("CH", "CN", "China"),
        ("UK", "GB", "United Kingdom"),
        ("KZ", "KZ", "Kazakhstan"),
        ("GM", "DE", "Germany"),
        ("IZ", "IQ", "Iraq"),
        ("KV", "XK", "Kosovo"),
    ],
)
def test_geographic_tags_are_department_codes(code, country, name):
    """Two-letter tags are the Department's codes, mapped to the right ISO country."""
    meaning = describe_tag(code)
    assert meaning.kind is TagKind.GEOGRAPHIC
    assert (meaning.country, meaning.description) == (country, name)


@pytest.mark.parametrize(
    "code, kind, description",
    [
        ("KTIP", TagKind.PROGRAM, "Trafficking in persons"),
        ("KCRM", TagKind.PROGRAM, "Criminal activity"),
        ("SOCI", TagKind.SUBJECT, "Social conditions"),
        ("PHUM", TagKind.SUBJECT, "Human rights"),
        ("SMIG", TagKind.SUBJECT, "Migration"),
        ("ELAB", TagKind.SUBJECT, "Labor"),
        ("NATO", TagKind.ORGANISATION, "North Atlantic Treaty Organization"),
        ("ktip", TagKind.PROGRAM, "Trafficking in persons"),
        ("KXYZ", TagKind.PROGRAM, ""),
        ("PXYZ", TagKind.SUBJECT, ""),
        ("RICE, CONDOLEEZZA", TagKind.PERSON, ""),
    ],
)
def test_tag_kinds_and_meanings(code, kind, description):
    """Subject, program, organisation and person tags are told apart; known ones explained."""
    meaning = describe_tag(code)
    assert (meaning.kind, meaning.description) == (kind, description)


def test_unclassifiable_tag():
    """A token that fits no kind is kept without one rather than guessed."""
    assert describe_tag("ITALIAN POLITICS").kind is None


def test_imported_tags_carry_their_meaning(seed_cable):
    """Importing a cable stores each new tag with its kind, meaning and country."""
    tags = {tag.code: tag for tag in seed_cable.tag_list}
    assert tags["KZ"].country == "KZ" and tags["KZ"].kind == Tag.Kind.GEOGRAPHIC
    assert tags["UZ"].description == "Uzbekistan"
    assert tags["SOCI"].description == "Social conditions"


def test_describe_tags_refreshes_stale_meanings(db, capsys):
    """The command rewrites meanings stored under an older vocabulary, and only those."""
    Tag.objects.create(code="RS", kind="geographic", description="Serbia", country="RS")
    Tag.objects.create(code="KTIP", kind="program", description="Trafficking in persons")
    call_command("describe_tags")
    assert Tag.objects.get(code="RS").country == "RU"
    assert "Tags: 1 updated." in capsys.readouterr().out


@pytest.mark.parametrize(
    "token, codes",
    [
        ("PHUMPREL", ["PHUM", "PREL"]),
        (
            "KFRDCVISCMGTCASCKOCIASECPHUMSMIGEG",
            ["KFRD", "CVIS", "CMGT", "CASC", "KOCI", "ASEC", "PHUM", "SMIG", "EG"],
        ),
        ("ECINECONCS", ["ECIN", "ECON", "CS"]),
        ("KTIP", ["KTIP"]),
        ("POLITICS", ["POLITICS"]),
        ("UNESCO", ["UNESCO"]),
    ],
)
def test_codes_run_together_are_told_apart(token, codes):
    """Copies that lost the spaces of a TAGS line ran its codes together (09CAIRO207)."""
    assert unglue_codes(token) == codes


@pytest.mark.parametrize("code", ["ECA", "HSTC", "IIP", "ABLD", "CJAN", "NPT", "UNMIK"])
def test_codes_the_mirror_showed_without_meaning_have_one(code):
    """Tags the issue found with no meaning (ECA, HSTC, IIP) and others of the mirror."""
    assert describe_tag(code).description
