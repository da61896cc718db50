"""Relevance of a paragraph to human trafficking, from 0 to 1."""

from cases.extraction.relevance import CANDIDATE_THRESHOLD, relevance


def test_case_reports_score_high_and_other_prose_low():
    """A trafficking case scores above the candidate threshold; other business does not."""
    case = (
        "Police in Bishkek rescued eleven women who had been trafficked to Dubai and forced into"
        " prostitution; the recruiter took their passports."
    )
    trade = "The Minister said wheat exports would rise and the customs code would change."
    assert relevance(case) >= 0.8
    assert relevance(trade) == 0.0
    assert relevance(trade) < CANDIDATE_THRESHOLD <= relevance(case)


def test_drug_and_arms_trafficking_are_not_human_trafficking():
    """Trafficking in drugs or arms does not make a paragraph relevant."""
    text = "Police arrested drug traffickers and seized weapons; arms trafficking is rising."
    assert relevance(text) < CANDIDATE_THRESHOLD


def test_more_evidence_scores_higher():
    """A paragraph with more trafficking vocabulary scores higher, and never above 1."""
    weak = "The NGO runs a shelter for women."
    strong = weak + " Victims of trafficking were held in a brothel and sold to pimps."
    assert 0 < relevance(weak) < relevance(strong) <= 1


def test_acronyms_count_only_in_capitals():
    """ "TIP" is trafficking in persons; a "tip" is not."""
    assert relevance("The TIP report was released.") > relevance("A tip was given to police.")
