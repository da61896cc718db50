"""The parser against real cables, with WikiLeaks' own metadata as ground truth.

The corpus (536 WikiLeaks cable pages and 21 cables.csv rows, see its README and
SOURCES.md) lives beside the repository, in ../shared/corpus; without it this module is
skipped (or failed under CI). Each page is parsed three ways: as the importer reads it
(``read_html``, whose metadata table travels as hints that fill in what a damaged header
lacks); as its body alone (the page's text without those hints, so that every value compared
with WikiLeaks' table comes from the cable's own words and can disagree with it); and
reduced to plain text by this module, with nothing but the cable's own words.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from cases.parsing import (
    CableParseError,
    ParsedCable,
    SourceHints,
    parse_cable,
    read_csv,
    read_html,
    reference_id_of_file,
)

from .conftest import CORPUS

pytestmark = pytest.mark.corpus

# The share of cables that must agree with WikiLeaks, per field. Subjects are compared as
# prefixes since WikiLeaks often cut its subject at the first line.
BARS = {
    "reference id": 0.99,
    "created date and hour": 0.99,
    "origin": 0.99,
    "classification": 0.99,
    "tags": 0.99,
    "subject": 0.95,
}
# Known shortfalls, each explained where the figure is computed. Plain text has no
# metadata table: where WikiLeaks' classification differs from the cable's own marking the
# text cannot say otherwise (see ``classification_agrees``).
PLAIN_TEXT_BARS = {**BARS, "classification": 0.98}

_PRE = re.compile(r"<pre>(.*?)</pre>", re.S)
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S)


def plain_text(page: str) -> str:
    """A page as plain text: the text of its two blocks, entities decoded, links reduced
    to their text, and nothing else (no metadata table)."""
    blocks = [html.unescape(_LINK.sub(r"\1", block)) for block in _PRE.findall(page)]
    return "\n\n".join(blocks)


@pytest.fixture(scope="module")
def truth() -> dict[str, dict[str, str]]:
    with (CORPUS / "metadata.csv").open(encoding="utf-8", newline="") as f:
        return {row["refid"]: row for row in csv.DictReader(f)}


Result = ParsedCable | CableParseError


def _parse(text: str, hints=None) -> Result:
    try:
        return parse_cable(text, hints)
    except CableParseError as error:
        return error


@pytest.fixture(scope="module")
def parsed(truth) -> dict[str, dict[str, Result]]:
    """Every page parsed in each mode: {"page": ..., "page body": ..., "plain text": ...}."""
    results: dict[str, dict[str, Result]] = {"page": {}, "page body": {}, "plain text": {}}
    for refid, row in truth.items():
        page = (CORPUS / "cables" / row["filename"]).read_text(encoding="utf-8")
        source = read_html(page)
        results["page"][refid] = _parse(source.text, source.hints)
        # The hints carry the table's reference id and marking, which would make those
        # fields agree with WikiLeaks by construction: compared, the body speaks alone.
        results["page body"][refid] = _parse(source.text)
        # Plain text as a folder of files named by their reference ids holds it.
        named = SourceHints(file_reference_id=reference_id_of_file(row["filename"]))
        results["plain text"][refid] = _parse(plain_text(page), named)
    return results


def _squeeze(text: str) -> str:
    return "".join(text.lower().split())


# What WikiLeaks' subject string carries that is not the cable's subject: the "<br>" and
# line-continuation backslash of the copy it was taken from (09MALABO13, 06BERN2115), and
# a first character it drops when it is a bracket or quote ("C) CZECH ..." for "(C) CZECH
# ...", 05PRAGUE470), so leading punctuation is ignored on both sides.
_SUBJECT_RESIDUE = re.compile(r"<br\s*/?>|\\\s*$", re.I)


def subject_agrees(cable: ParsedCable, row: dict[str, str]) -> bool | None:
    want = _squeeze(_SUBJECT_RESIDUE.sub("", row["subject"])).lstrip("(\"'“")
    if not want:
        return None
    return _squeeze(cable.subject).lstrip("(\"'“").startswith(want)


def tags_agree(cable: ParsedCable, row: dict[str, str]) -> bool:
    """WikiLeaks linked only the tags on the TAGS line itself: when the list wraps
    (06PORTLOUIS752: "... MP IO" then "SF"), its set is the first tags of the cable's."""
    want = row["tags"].split()
    return set(cable.tags) == set(want) or set(cable.tags[: len(want)]) == set(want)


def created_agrees(cable: ParsedCable, row: dict[str, str]) -> bool | None:
    """Date and hour of the header's date-time group against WikiLeaks' "Created" (its
    minutes are unreliable in this copy). A partial extract without a date-time group is
    compared on what its text gives instead: a database record pasted into the page, a
    "Cable dated:" line or a media-partner dateline, to the day when that is all it says.
    A cable whose text gives no date at all is not compared (None)."""
    if cable.sent_at is None:
        return None
    if cable.date_precision == "day":
        return cable.sent_at.strftime("%Y-%m-%d") == row["date"][:10]
    return cable.sent_at.strftime("%Y-%m-%d %H") == row["date"][:13]


def classification_agrees(cable: ParsedCable, row: dict[str, str]) -> bool:
    """The full marking ("SECRET//NOFORN"). From plain text it comes from the cable's own
    classification line and caveats; WikiLeaks' table disagrees with the text on a few
    cables: NOFORN with no NOFORN anywhere in the text (06PHNOMPENH983, 08TBILISI1362),
    no NOFORN where the text has it (10TEGUCIGALPA65), another level (09RPODUBAI349), or
    the body of another cable under the page (05MUSCAT679, 88BAGHDAD28)."""
    return cable.classification == row["classification"]


FIELDS: dict[str, Callable[[ParsedCable, dict[str, str]], bool | None]] = {
    "reference id": lambda cable, row: cable.reference_id == row["refid"],
    "created date and hour": created_agrees,
    "origin": lambda cable, row: cable.origin_name == row["origin"],
    "classification": classification_agrees,
    "tags": tags_agree,
    # Shown, not held to a bar: the same set exactly, wrapped TAGS lines included.
    "tags, same set": lambda cable, row: set(cable.tags) == set(row["tags"].split()),
    "subject": subject_agrees,
}


@dataclass
class Figures:
    agreed: dict[str, int] = field(default_factory=dict)
    compared: dict[str, int] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)

    def share(self, name: str) -> float:
        return self.agreed[name] / self.compared[name] if self.compared[name] else 0.0

    def report(self, mode: str) -> str:
        lines = [f"{mode}: {len(self.refused)} of the corpus refused"]
        for name in FIELDS:
            lines.append(
                f"  {name:22} {self.agreed[name]:4}/{self.compared[name]:<4}"
                f" {self.share(name):7.2%}  misses: {' '.join(self.misses[name][:12])}"
            )
        return "\n".join(lines)


def figures(results: dict[str, Result], truth: dict[str, dict[str, str]]) -> Figures:
    out = Figures(
        agreed=dict.fromkeys(FIELDS, 0),
        compared=dict.fromkeys(FIELDS, 0),
        misses={name: [] for name in FIELDS},
    )
    for refid, cable in results.items():
        if isinstance(cable, CableParseError):
            out.refused[refid] = str(cable)
            continue
        for name, agrees in FIELDS.items():
            verdict = agrees(cable, truth[refid])
            if verdict is None:
                continue
            out.compared[name] += 1
            out.agreed[name] += bool(verdict)
            if not verdict:
                out.misses[name].append(refid)
    return out


def _assert_bars(result: Figures, bars: dict[str, float], report: str) -> None:
    print(f"\n{report}")
    low = {name: result.share(name) for name, bar in bars.items() if result.share(name) < bar}
    assert not low, f"below the bar: {low}\n{report}"


def test_every_page_parses(parsed):
    """All 536 pages parse, the page's own table filling in what a damaged header lacks."""
    refused = {refid: str(r) for refid, r in parsed["page"].items() if isinstance(r, Exception)}
    assert refused == {}


def test_pages_agree_with_wikileaks(parsed, truth):
    """The page's body, read without the page's table, agrees with WikiLeaks' table field
    by field on at least its bar.

    A body that does not say a value is not compared on it: the partial extracts without a
    date-time group or any other date give no year, hence no reference id (those the
    importer names from the table, checked by ``test_every_page_parses``). As in plain
    text, the table's marking differs from the body's own on a few cables."""
    result = figures(parsed["page body"], truth)
    silent = sorted(result.refused)
    assert all("no date-time group" in result.refused[refid] for refid in silent), result.refused
    # Most bodies say their own reference id: the comparison is not an empty one.
    assert result.compared["reference id"] >= 0.95 * len(truth)
    report = (
        result.report("page body") + f"\n  no date in the body ({len(silent)}): {' '.join(silent)}"
    )
    _assert_bars(result, PLAIN_TEXT_BARS, report)


def test_page_table_names_what_the_body_does_not(parsed, truth):
    """Where the body gives no reference id, the importer takes the table's, so that every
    page imports under WikiLeaks' id."""
    for refid, cable in parsed["page body"].items():
        if isinstance(cable, CableParseError):
            assert parsed["page"][refid].reference_id == refid


def test_plain_text_agrees_with_wikileaks(parsed, truth):
    """Reduced to plain text, in files named by their reference ids, the cables still agree
    with WikiLeaks field by field, and none is refused.

    Some partial extracts carry no date at all, not even a declassification date to
    estimate the year from: their reference id comes from the file's name, and their date
    stays unknown (not compared) rather than guessed.
    """
    result = figures(parsed["plain text"], truth)
    assert result.refused == {}
    named = [
        refid
        for refid, cable in parsed["plain text"].items()
        if isinstance(cable, ParsedCable) and cable.sent_at is None and not cable.year_estimated
    ]
    for refid in named:
        assert "partial extract" in plain_text(
            (CORPUS / "cables" / truth[refid]["filename"]).read_text(encoding="utf-8")
        ), refid
    estimated = [
        refid
        for refid, cable in parsed["plain text"].items()
        if isinstance(cable, ParsedCable) and cable.year_estimated
    ]
    right = sum(parsed["plain text"][refid].reference_id == refid for refid in estimated)
    report = (
        result.report("plain text")
        + f"\n  named by their files, date unknown ({len(named)}): {' '.join(sorted(named))}"
        + f"\n  reference id year estimated from the E.O. line: {right}/{len(estimated)} right"
    )
    _assert_bars(result, PLAIN_TEXT_BARS, report)


@pytest.fixture(scope="module")
def csv_sources():
    with (CORPUS / "cables_sample.csv").open(encoding="utf-8", newline="") as f:
        return list(read_csv(f))


def test_csv_sample_parses_and_agrees(csv_sources):
    """All 21 dump records parse; their headers alone give the dump's own refid, date,
    origin and classification."""
    assert len(csv_sources) == 21
    disagreements = []
    for source in csv_sources:
        assert not isinstance(source, CableParseError), source
        parse_cable(source.text, source.hints)
        cable = parse_cable(source.text)
        hints = source.hints
        got = (cable.reference_id, cable.sent_at, cable.origin_name, cable.classification)
        want = (hints.reference_id, hints.created, hints.origin_name, hints.classification)
        if got != want:
            disagreements.append((got, want))
    assert disagreements == []
