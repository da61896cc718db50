"""Sums of money a case mentions, in US dollars.

Only amounts the text gives in dollars are read ("$300", "USD 5,300", "2,000 US dollars",
"$1.5 million", "$50 to $100"). Amounts in other currencies are left out rather than
converted at a guessed rate; cables usually add the dollar figure themselves ("BD 20,000
(USD 53,000)"). Dollars of other countries ("NT$", "HK$", "R$") are not US dollars.
"""

from __future__ import annotations

import re

from .text import unescape

_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s*(?P<scale{n}>million|mln|thousand|billion|bn)\b)?"
_DOLLAR_SIGN = re.compile(
    rf"(?P<prefix>\b[A-Z]{{1,3}})?\$\s?(?P<a>{_AMOUNT}){_SCALE.format(n='a')}"
    rf"(?:\s*(?:-|–|to)\s*\$?\s?(?P<b>{_AMOUNT}){_SCALE.format(n='b')})?"
)
_CODE_FIRST = re.compile(
    rf"\b(?:USD|US\s+dollars|U\.S\.\s+dollars)\s?(?P<a>{_AMOUNT}){_SCALE.format(n='a')}"
    rf"(?:\s*(?:-|–|to)\s*(?:USD\s?)?(?P<b>{_AMOUNT}){_SCALE.format(n='b')})?"
)
_WORD_AFTER = re.compile(
    rf"(?<![$\d,.])(?P<a>{_AMOUNT}){_SCALE.format(n='a')}"
    rf"(?:\s*(?:-|–|to)\s*(?P<b>{_AMOUNT}){_SCALE.format(n='b')})?"
    r"\s+(?:(?:US|U\.S\.|American)\s+)?(?:dollars|USD)\b"
)
_SCALES = {"million": 1e6, "mln": 1e6, "thousand": 1e3, "billion": 1e9, "bn": 1e9}
_US_PREFIXES = {None, "US", "U", "USD"}


def _value(amount: str | None, scale: str | None) -> float | None:
    if not amount:
        return None
    value = float(amount.replace(",", ""))
    if scale:
        value *= _SCALES[scale.lower()]
    return value


def amounts_usd(text: str) -> tuple[float, ...]:
    """Dollar amounts in order of mention (a range gives both ends), without repeats."""
    text = unescape(text)
    if "$" not in text and "USD" not in text and "dollar" not in text.lower():
        return ()
    found: list[tuple[int, float]] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_DOLLAR_SIGN, _CODE_FIRST, _WORD_AFTER):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if pattern is _DOLLAR_SIGN and match["prefix"] not in _US_PREFIXES:
                continue
            taken.append(match.span())
            scale_b = match["scaleb"]
            scale_a = match["scalea"] or scale_b
            for amount, scale, at in (
                (match["a"], scale_a, match.start("a")),
                (match["b"], scale_b, match.start("b")),
            ):
                value = _value(amount, scale)
                if value is not None:
                    found.append((at, value))
    amounts: list[float] = []
    for _, value in sorted(found):
        if value not in amounts:
            amounts.append(value)
    return tuple(amounts)
