"""Markdown tables of the figures that ``pages.py --json`` wrote, for bench/README.md.

python bench/report.py /tmp/pg_100k.json /tmp/pg_1m.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.files:
        print(table(json.loads(path.read_text())))


def table(document: dict) -> str:
    about, results = document["about"], document["results"]
    lines = [
        f"**{about['database']}**: {about['cases']:,} cases, {about['cables']:,} cables; "
        f"code {about['commit']}, {about['date']}; {about['requests']}.",
        "",
        "| shape | matched | SQL | n | p50 | p95 | max | cached p50 | cached p95 "
        "| Datasette n | p50 | p95 | ours / Datasette p50 | p95 |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for result in results:
        if result["kind"] == "export":
            continue
        ours, cached, peer = result["ours"], result["cached"], result["peer"]
        lines.append(
            f"| {result['shape']} | {count(result['matched'])} | {result['queries']} "
            f"| {ours.get('n', '-')} | {ms(ours, 'p50')} | {ms(ours, 'p95')} | {ms(ours, 'max')} "
            f"| {ms(cached, 'p50')} | {ms(cached, 'p95')} "
            f"| {peer.get('n', '-')} | {ms(peer, 'p50')} | {ms(peer, 'p95')} "
            f"| {ratio(ours, peer, 'p50')} | {ratio(ours, peer, 'p95')} |"
        )
    lines.append("")
    for result in results:
        if result["kind"] == "export" and result["export"]:
            ours, peer = result["export"], result["peer_export"]
            line = (
                f"{result['shape']}: {ours['rows']:,} rows ({ours['mb']} MB) in "
                f"{ours['seconds']} s, {result['queries']} SQL queries, worker memory "
                f"{ours['rss_before_mb']} MB before, {ours['rss_peak_mb']} MB at most"
            )
            if peer:
                line += (
                    f"; Datasette {peer['rows']:,} rows ({peer['mb']} MB) in {peer['seconds']} s"
                )
            lines.append(f"- {line}.")
    return "\n".join(lines) + "\n"


def count(value) -> str:
    """A count with thousands separators, or a dash."""
    return "-" if value is None else f"{value:,}"


def ms(figures: dict, key: str) -> str:
    """Milliseconds, rounded, or a dash."""
    return f"{figures[key]:,.0f}" if figures else "-"


def ratio(ours: dict, theirs: dict, key: str) -> str:
    """Ours / Datasette, or a dash; two significant digits below 0.1 (0.00076, not 0.00)."""
    if not (ours and theirs):
        return "-"
    value = ours[key] / theirs[key]
    return f"{value:.2f}" if value >= 0.1 else f"{value:.2g}"


if __name__ == "__main__":
    main()
