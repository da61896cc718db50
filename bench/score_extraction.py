"""Score the extractor against the gold cases, straight from the corpus files (no database).

    python bench/score_extraction.py                       # published cases, every miss
    python bench/score_extraction.py --all                 # suggested cases counted too
    python bench/score_extraction.py --mirror /tmp/mirror  # list the cases found in the
                                                           # mirror's other cables

The corpus cables outside the gold never speak of human trafficking, so every case found
in them is a false positive. ``python manage.py score_cases`` scores the archive's own
cases by the same rule (``cases.quality``).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cases.extraction import extract_cases, home_country  # noqa: E402
from cases.parsing import CableParseError, parse_cable, read_html  # noqa: E402
from cases.quality import FoundCase, load_gold, score  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def cases_of_page(path: Path, *, everything: bool) -> Iterator[FoundCase]:
    source = read_html(path.read_text(encoding="utf-8", errors="replace"))
    try:
        cable = parse_cable(source.text, source.hints)
    except CableParseError:
        return
    post = home_country(cable.origin_name, cable.tags)
    cable_date = cable.sent_at.date() if cable.sent_at else None
    texts = {paragraph.ordinal: paragraph.text for paragraph in cable.paragraphs}
    for number, case in enumerate(extract_cases(cable.paragraphs, cable_date, post), 1):
        if not (everything or case.publishable):
            continue
        fields = case.fields
        yield FoundCase(
            cable=cable.reference_id,
            label=f"{cable.reference_id} ¶{case.paragraph_ordinal} #{number} "
            f"({case.confidence:.2f})",
            excerpt=case.excerpt,
            paragraph=texts[case.paragraph_ordinal],
            countries=frozenset(fields.countries),
            places=tuple(place.name for place in fields.places),
            exploitation=fields.exploitation,
            minor=fields.minor,
            victim_count_min=fields.victim_count_min,
            victim_count_max=fields.victim_count_max,
            outcome=fields.outcome,
            max_sentence_years=fields.max_sentence_years,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--all", action="store_true", help="count unpublished suggestions too")
    parser.add_argument("--mirror", type=Path, help="unpacked mirror: list cases found there")
    parser.add_argument("--sample", type=int, default=50, help="mirror cases to list at most")
    args = parser.parse_args()

    gold = load_gold(args.corpus / "cases_gold" / "cases.json")
    started = time.perf_counter()
    pages = sorted((args.corpus / "cables").glob("*.html"))
    found = [case for page in pages for case in cases_of_page(page, everything=args.all)]
    elapsed = time.perf_counter() - started
    result = score(gold, found)
    print(f"{len(pages)} corpus cables read and extracted in {elapsed:.1f} s")
    print(result.report())
    outside = [case for case in found if case.cable not in gold]
    print(f"\n{len(outside)} cases found in the {len(pages) - len(gold)} corpus cables the gold")
    print("does not annotate (counted above as false positives):")
    for case in outside:
        print(f"  {case.label}: {' '.join(case.excerpt.split())[:160]}")
    if args.mirror:
        list_mirror(args.mirror, set(gold), args)


def list_mirror(folder: Path, annotated: set[str], args: argparse.Namespace) -> None:
    """Every case found in the mirror's cables outside the annotated ones (a random
    sample of ``--sample`` when there are more), to be read and judged by hand."""
    pages = sorted(path for path in folder.rglob("*.html") if path.stem not in annotated)
    found = [case for page in pages for case in cases_of_page(page, everything=args.all)]
    print(f"\n{len(found)} cases in {len(pages)} mirror cables outside the annotated ones")
    shown = found if len(found) <= args.sample else random.Random(1).sample(found, args.sample)
    for case in shown:
        print(f"\n{case.label}\n  {' '.join(case.excerpt.split())}")


if __name__ == "__main__":
    main()
