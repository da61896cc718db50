"""Parsing speed on real cables: the shared corpus, parsed as pages and as plain text.

    python bench/parse_corpus.py               # each mode once over the corpus
    python bench/parse_corpus.py --repeat 5    # five passes per mode, best one reported

Only parsing is timed: files are read and reduced to plain text beforehand. "page" is
``read_html`` plus ``parse_cable`` with the page's hints; "plain text" is ``parse_cable``
on the text of the page's two blocks, the reduction tests/test_corpus.py makes. Prints
cables per second for each mode.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))

from cases.parsing import CableParseError, parse_cable, read_html  # noqa: E402

_PRE = re.compile(r"<pre>(.*?)</pre>", re.S)
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S)


def plain_text(page: str) -> str:
    return "\n\n".join(html.unescape(_LINK.sub(r"\1", block)) for block in _PRE.findall(page))


def parse_page(page: str) -> None:
    source = read_html(page)
    parse_cable(source.text, source.hints)


def timed(label: str, parse, inputs: list[str], repeat: int) -> None:
    best = float("inf")
    refused = 0
    for _ in range(repeat):
        refused = 0
        started = time.perf_counter()
        for text in inputs:
            try:
                parse(text)
            except CableParseError:
                refused += 1
        best = min(best, time.perf_counter() - started)
    rate = len(inputs) / best
    print(
        f"{label:11} {len(inputs)} cables in {best:.2f} s: {rate:,.0f} cables/s ({refused} refused)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="passes per mode (best kept)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()

    pages = [path.read_text(encoding="utf-8") for path in sorted(args.corpus.glob("cables/*"))]
    if not pages:
        sys.exit(f"no cable pages under {args.corpus / 'cables'}")
    texts = [plain_text(page) for page in pages]
    size = sum(len(text) for text in texts) / 1e6
    print(f"{len(pages)} pages, {size:.1f} million characters of cable text")
    timed("page", parse_page, pages, args.repeat)
    timed("plain text", parse_cable, texts, args.repeat)


if __name__ == "__main__":
    main()
