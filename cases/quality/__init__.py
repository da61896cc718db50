"""How good the found cases are: the gold annotations of real cables and the rule that
scores found cases against them (``../shared/corpus/cases_gold/README.md``).

Pure Python, like parsing and extraction: the ``score_cases`` command feeds it the archive's
cases, ``bench/score_extraction.py`` the extractor's output read straight from files.
"""

from .scoring import FoundCase, GoldCase, Score, load_gold, score

__all__ = ["FoundCase", "GoldCase", "Score", "load_gold", "score"]
