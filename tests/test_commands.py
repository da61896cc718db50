import io
import json

import pytest
from django.core.management import CommandError, call_command

from cases.models import Case

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
