"""The extractor against the gold, straight from the corpus pages and without a database:
the floors of the real-cases issue (as ``tests/test_corpus_import.py`` holds the imported
corpus to them), in seconds, so that a change to the extractor, or a mutant of it, meets
real prose and the gold's judgement of it."""

import pytest

from bench.score_extraction import cases_of_page
from cases.quality import load_gold, score

from .conftest import CORPUS
from .test_corpus_import import FLOORS

pytestmark = pytest.mark.corpus


def test_extracted_cases_meet_the_gold():
    """Every corpus cable read and extracted; the cables outside the gold never speak of
    trafficking, so a case found there counts against precision."""
    gold = load_gold(CORPUS / "cases_gold" / "cases.json")
    pages = sorted((CORPUS / "cables").glob("*.html"))
    result = score(gold, [case for page in pages for case in cases_of_page(page, everything=False)])
    report = result.report()
    print(f"\n{report}")
    figures = result.figures()
    below = {name: figures[name] for name, floor in FLOORS.items() if figures[name] < floor}
    assert not below, report
