"""Sums of money in US dollars."""

import pytest

from cases.extraction.money import amounts_usd


@pytest.mark.parametrize(
    "text, amounts",
    [
        ("She was sold for $300, then resold for \\$600.", (300.0, 600.0)),
        ("The recruiter charged US$1,500 per worker.", (1500.0,)),
        ("Fines of USD 5,300 were imposed.", (5300.0,)),
        ("He demanded 2,000 US dollars.", (2000.0,)),
        ("The ring earned $1.5 million a year.", (1_500_000.0,)),
        ("Girls were sold for $50 to $100 each.", (50.0, 100.0)),
        ("Prices ranged from $50-100.", (50.0, 100.0)),
        ("The fine was BD 20,000 (USD 53,000).", (53_000.0,)),
        ("She paid NT$30,000 and R$ 500 to brokers.", ()),
        ("They were paid 30,000 tenge a month.", ()),
    ],
)
def test_dollar_amounts(text, amounts):
    """Dollar amounts in order; other currencies, Taiwan or Brazil "dollars" are left out."""
    assert amounts_usd(text) == amounts
