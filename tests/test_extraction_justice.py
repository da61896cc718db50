"""How far justice went, and the longest prison term reported."""

import pytest

from cases.extraction.justice import OUTCOMES, justice_of


@pytest.mark.parametrize(
    "text, outcome",
    [
        ("Border guards apprehended the driver at the checkpoint.", "arrested"),
        ("The owner was taken into custody on Friday.", "arrested"),
        ("Prosecutors opened a criminal case against the recruiter.", "investigation"),
        ("The man was detained and the investigation is continuing.", "investigation"),
        ("The couple was charged with trafficking in persons.", "charged"),
        ("The recruiter has been indicted.", "charged"),
        (
            "Prosecutors referred the two recruiters and their driver to a district court in "
            "the north for trial.",
            "charged",
        ),
        ("The file on the brothel owner was sent to the regional court.", "charged"),
        ("Hearings in the case began in May; the two defendants went on trial.", "trial"),
        ("The court found the brothel owner guilty.", "convicted"),
        ("A court in Osh sentenced the woman to eight years.", "convicted"),
        ("Two defendants were convicted and a third was acquitted.", "convicted"),
        ("The judge acquitted the recruiter for lack of evidence.", "acquitted"),
        ("Nobody has yet been convicted; the case is under investigation.", "investigation"),
        ("Those who wanted to leave were charged $300 by the owner.", "none"),
        ("Persons convicted under the new law will face prison.", "none"),
        ("The girl returned home to her parents.", "none"),
    ],
)
def test_outcome_is_the_furthest_stage(text, outcome):
    """The furthest stage reached; hypothetical, negated and money "charges" do not count."""
    assert justice_of(text).outcome == outcome


@pytest.mark.parametrize(
    "text, years",
    [
        ("She was sentenced to eight years in prison.", 8.0),
        ("The court gave them 10 to 12 years in prison.", 12.0),
        ("One received 4 years, the other a 6-year prison term.", 6.0),
        ("He was sentenced to 18 months.", 1.5),
        ("He was jailed for three years and six months.", 3.5),
        ("She was forced to work for five years.", None),
        ("The recruiter faces up to 12 years in prison.", None),
        ("Trafficking is punishable by up to 15 years of imprisonment.", None),
    ],
)
def test_longest_sentence_in_years(text, years):
    """Terms a court gave, in years; terms of forced work or of the law are not sentences."""
    assert justice_of(text).max_sentence_years == years


@pytest.mark.parametrize(
    "text, stage",
    [
        ("Police arrested two men; prosecutors later charged them with trafficking.", "charged"),
        ("The suspects were charged in May and their trial began in June.", "trial"),
        ("Two defendants were convicted and a third was acquitted.", "convicted"),
        ("The court acquitted the recruiter after a short trial.", "acquitted"),
    ],
)
def test_furthest_stage_wins(text, stage):
    """A case that went through several stages is at the furthest one; a conviction of some
    defendants is further than the acquittal of others."""
    assert justice_of(text).outcome == stage
    assert stage in OUTCOMES and OUTCOMES[stage]
