import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from cases.models import Case

from .conftest import ARREST, BOAT, FARM

PARAGRAPH = (
    "(March 3) Police in Chisinau detained two men who had sold four women from Moldova to a "
    "bar in Istanbul, where the women were forced into prostitution and their passports were "
    "taken. One of the traffickers was later sentenced to eight years in prison."
)


def test_extract_case_prints_the_case_fields(tmp_path, capsys):
    """The command prints the fields of a paragraph as JSON, with the case JSON's keys."""
    path = tmp_path / "paragraph.txt"
    path.write_text(PARAGRAPH, encoding="utf-8")
    call_command("extract_case", str(path), "--cable-date", "2009-04-01", "--country", "md")
    data = json.loads(capsys.readouterr().out)
    assert data["reported_on"] == "2009-03-03"
    assert data["countries"] == ["MD", "TR"]
    assert data["exploitation"] == "sexual"
    assert data["convicted"] is True and data["max_sentence_years"] == 8
    assert {place["name"] for place in data["places"]} >= {"Chisinau", "Istanbul"}
    (case,) = data["cases"]
    assert data["is_case"] and case["published"]
    assert PARAGRAPH[case["span"][0] : case["span"][1]] == case["excerpt"]
    assert case["countries"] == ["MD", "TR"] and case["max_sentence_years"] == 8
    assert {
        "places",
        "minor",
        "victim_count_min",
        "victim_count_max",
        "ages",
        "outcome",
        "means_of_control",
        "amounts_usd",
        "summary",
        "sector",
    } <= data.keys()


def test_extract_case_reads_standard_input(monkeypatch, capsys):
    """Without a file the paragraph comes from standard input."""
    monkeypatch.setattr("sys.stdin", io.StringIO(PARAGRAPH))
    call_command("extract_case")
    assert json.loads(capsys.readouterr().out)["exploitation"] == "sexual"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--country", "Moldova"], "two-letter"),
        (["/no/such/file.txt"], "Cannot read"),
    ],
)
def test_extract_case_refuses_bad_input(monkeypatch, args, message):
    """A bad country code or an unreadable file is a clear error."""
    monkeypatch.setattr("sys.stdin", io.StringIO(PARAGRAPH))
    with pytest.raises(CommandError, match=message):
        call_command("extract_case", *args)


def test_extract_case_refuses_empty_text(monkeypatch):
    """Empty input is an error, not an empty result."""
    monkeypatch.setattr("sys.stdin", io.StringIO("  \n"))
    with pytest.raises(CommandError, match="No text"):
        call_command("extract_case")


def test_reextract_restores_fields_and_spares_curated_ones(seed_cable, capsys):
    """Re-extraction refills extracted fields from stored paragraphs; curated ones stay."""
    lost = Case.objects.get(paragraph__ordinal=4)
    lost.countries.clear()
    lost.exploitation = ""
    lost.save()
    curated = Case.objects.get(paragraph__ordinal=12)
    curated.countries.set(["KZ"])
    curated.curated_fields = ["countries"]
    curated.save()

    call_command("reextract_cases", "08ASTANA1246")

    assert "Re-extracted 1 cable(s)." in capsys.readouterr().out
    lost.refresh_from_db()
    assert sorted(lost.countries.values_list("code", flat=True)) == ["KZ", "TJ", "UZ"]
    assert lost.exploitation == "labor"
    assert list(curated.countries.values_list("code", flat=True)) == ["KZ"]


def test_reextract_unknown_cable_fails(db):
    """Naming a cable that is not stored is an error."""
    with pytest.raises(CommandError, match="No such cable: 99NOWHERE1"):
        call_command("reextract_cases", "99NOWHERE1")


GOLD = {
    "cables": {
        "06SANTIAGO438": {
            "cases": [
                {
                    "quote": "police arrested two men who forced three women into prostitution",
                    "countries": [],
                    "places": ["Valparaiso"],
                    "exploitation": "sexual",
                    "minor": None,
                    "victim_count": 3,
                    "outcome": "arrested",
                    "max_sentence_years": None,
                }
            ]
        },
        "07LIMA99": {"cases": [], "note": "nothing to find (for this test)"},
    }
}


@pytest.fixture
def scored_archive(db, extractor, prose_files, seed_path, tmp_path):
    """Two cables of a tiny gold file, imported: a true positive in one, a false positive
    in the other, and a suggestion; and the seed, which the gold does not name."""
    from cases.ingest.importer import import_paths

    extractor.finds((ARREST, 0.9), (FARM, 0.3), (BOAT, 0.9))
    import_paths([*prose_files.values(), seed_path])
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(GOLD), encoding="utf-8")
    return path


def score_of(*args) -> str:
    out = io.StringIO()
    call_command("score_cases", *map(str, args), stdout=out)
    return out.getvalue()


def test_score_cases_scores_the_archives_cases_of_the_gold_cables(scored_archive):
    """The published cases of the cables the gold names are scored: one true positive, one
    false positive named by its key, the fields of the true positive."""
    report = score_of(scored_archive)
    assert report.startswith(
        "precision 0.500  recall 1.000  (true positives 1, false positives 1, "
        "false negatives 0, matched to borderline gold 0)"
    )
    assert re.search(r"\n +outcome +0\.000 +\(0/1\)\n", report)
    assert re.search(r"\n +countries +1\.000 +\(1/1\)\n", report)
    assert f"  07LIMA99-p2-1: {BOAT}" in report
    assert re.search(r"outcome: 06SANTIAGO438-p2-1 .*: gold 'arrested', found 'none'", report)


def test_score_cases_counts_suggestions_and_other_cables_when_asked(scored_archive):
    """--include-suggested counts the cases waiting for staff; --outside-as-false counts the
    published cases of every other cable as false positives."""
    assert "(true positives 1, false positives 2," in score_of(
        scored_archive, "--include-suggested"
    )
    seed = Case.objects.published().filter(cable__reference_id="08ASTANA1246").count()
    assert seed > 0
    assert f"(true positives 1, false positives {1 + seed}," in score_of(
        scored_archive, "--outside-as-false"
    )


def test_score_cases_refuses_an_unreadable_gold_file(db, tmp_path):
    """A gold file that is missing or not JSON is an error, not a score."""
    (tmp_path / "bad.json").write_text("not json", encoding="utf-8")
    for name in ("missing.json", "bad.json"):
        with pytest.raises(CommandError, match="Cannot read"):
            score_of(tmp_path / name)
