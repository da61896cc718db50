import io

import pytest
from django.core.management import CommandError, call_command

from cases.extraction import PUBLISH_THRESHOLD
from cases.ingest import importer
from cases.ingest.importer import import_paths, import_text
from cases.models import Cable, Case, Outlet, Paragraph
from cases.parsing.cleanup import collapse_whitespace

from .conftest import ARREST, ARREST_AGAIN, FARM


def _snapshot():
    """Every stored row that an import may touch, with the fields it may change."""
    return (
        list(Cable.objects.values_list("id", "content_hash", "updated_at")),
        list(Paragraph.objects.values_list("id", "cable_id", "ordinal", "anchor", "text")),
        list(Case.objects.values_list("id", "paragraph_id", "outlet_id", "category", "updated_at")),
        list(Outlet.objects.values_list("id", "slug")),
    )


def test_seed_import_stores_expected_cable(seed_cable, expected, seed_text):
    """The imported seed keeps its metadata, its source text and a content hash."""
    want = expected["cable"]
    assert seed_cable.sent_at.strftime("%Y-%m-%dT%H:%M:%SZ") == want["sent_at"]
    assert seed_cable.origin_name == want["origin_name"]
    assert seed_cable.to_names == want["to"]
    assert seed_cable.info_names == want["info"]
    assert seed_cable.caveats == want["caveats"]
    assert seed_cable.tag_codes == want["tags"]
    assert seed_cable.subject == want["subject"]
    assert seed_cable.signature == want["signature"]
    assert seed_cable.sections == want["sections"]
    assert seed_cable.source_text == seed_text
    assert len(seed_cable.content_hash) == 64


def test_seed_import_stores_paragraphs(seed_cable, expected):
    """All 18 paragraphs are stored in order, with their printed numbers and anchors."""
    paragraphs = list(seed_cable.paragraphs.order_by("ordinal"))
    assert len(paragraphs) == 18
    for paragraph, want in zip(paragraphs, expected["paragraphs"], strict=True):
        assert (paragraph.ordinal, paragraph.number) == (want["ordinal"], want["number"])
        assert (paragraph.heading or None) == want["heading"]
        assert collapse_whitespace(paragraph.text).startswith(want["starts"])
        assert paragraph.anchor == f"p{want['ordinal']}"


def test_seed_import_stores_cases(seed_cable, expected):
    """17 cases, one per case paragraph, with their dates, outlets and categories."""
    cases = Case.objects.filter(cable=seed_cable).select_related("paragraph", "outlet")
    by_ordinal = {case.paragraph.ordinal: case for case in cases}
    assert sorted(by_ordinal) == [want["ordinal"] for want in expected["cases"]]
    for want in expected["cases"]:
        case = by_ordinal[want["ordinal"]]
        assert case.reported_on.isoformat() == want["reported_on"]
        assert case.category.casefold() == want["category"].casefold()
    outlet_counts = {}
    for case in cases:
        outlet_counts[case.outlet.slug] = outlet_counts.get(case.outlet.slug, 0) + 1
    assert sorted(outlet_counts.values()) == sorted(expected["facet_counts"]["outlet"].values())


def test_reimport_changes_nothing(seed_cable, seed_path):
    """Importing the same file again reports it unchanged and writes no row."""
    before = _snapshot()
    report = import_paths([seed_path])
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 1, "skipped": 0, "failed": 0}
    assert _snapshot() == before


def test_changed_source_updates_without_renumbering(seed_cable, seed_text):
    """A corrected cable text updates paragraphs and cases in place: case ids stay."""
    ids_before = dict(Case.objects.values_list("paragraph__ordinal", "id"))
    changed = seed_text.replace("May 23, Express-K:", "May 24, Express-K:").replace(
        "Police detained an Uzbekistani", "Police arrested an Uzbekistani"
    )
    result = import_text(changed, source_name="corrected.txt")
    assert result.status == "updated"
    assert dict(Case.objects.values_list("paragraph__ordinal", "id")) == ids_before
    case = Case.objects.get(id=ids_before[3])
    assert case.reported_on.isoformat() == "2008-05-24"
    assert "Police arrested an Uzbekistani" in case.paragraph.text
    assert Cable.objects.get().source_name == "corrected.txt"


def test_curated_field_survives_reimport(seed_cable, seed_text):
    """A category corrected by staff is kept when the cable is imported again."""
    case = Case.objects.get(paragraph__ordinal=2)
    case.category = "Labour migration"
    case.curated_fields = ["category"]
    case.save()
    import_text(seed_text.replace("March 14, Interfax", "March 15, Interfax"), "changed.txt")
    case.refresh_from_db()
    assert case.category == "Labour migration"
    assert case.reported_on.isoformat() == "2008-03-15"


def test_shorter_source_retires_dropped_paragraphs(seed_cable, seed_text):
    """Paragraphs a new text no longer has are retired, not deleted: their links and cases
    keep working."""
    last = Case.objects.get(paragraph__ordinal=18)
    cut = seed_text[: seed_text.index("¶19. June 10")] + "ORDWAY\n"
    assert import_text(cut, "cut.txt").status == "updated"
    last.refresh_from_db()
    assert last.paragraph.is_current is False and last.paragraph.ordinal is None
    assert Paragraph.objects.filter(cable=seed_cable, is_current=True).count() == 17
    assert Paragraph.objects.filter(cable=seed_cable).count() == 18


@pytest.fixture
def mixed_folder(tmp_path, seed_text):
    folder = tmp_path / "cables"
    (folder / "nested").mkdir(parents=True)
    (folder / "nested" / "08ASTANA1246.txt").write_text(seed_text, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "latin1.txt").write_bytes("Caf\xe9 notes".encode("latin-1"))
    (folder / "letter.txt").write_text("Dear friends,\nsee you soon.\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("ignored", encoding="utf-8")
    return folder


def test_bad_files_are_reported_and_good_ones_land(db, mixed_folder):
    """Each bad file fails with its own reason; the good cable is imported all the same."""
    report = import_paths([mixed_folder, mixed_folder / "missing.txt"])
    reasons = {result.source.rsplit("/", 1)[-1]: result.reason for result in report.failures}
    assert reasons == {
        "empty.txt": "the file is empty",
        "image.png": "binary file (it contains NUL bytes), not a text cable",
        "latin1.txt": "not UTF-8 text: byte 0xe9 at offset 3",
        "letter.txt": "not a cable: no classification line (UNCLAS, CONFIDENTIAL, SECRET ...) "
        "near the top",
        "missing.txt": "no such file or directory",
    }
    assert report.counts["created"] == 1
    assert Cable.objects.filter(reference_id="08ASTANA1246").exists()


def test_command_reports_and_exits_non_zero(db, mixed_folder, capsys):
    """The command prints each failure and the summary, and fails when a file failed."""
    with pytest.raises(CommandError, match="4 failed"):
        call_command("import_cables", str(mixed_folder))
    out, err = capsys.readouterr()
    assert "Cables: 1 created, 0 updated, 0 unchanged, 0 skipped, 4 failed." in out
    assert "empty.txt: failed: the file is empty" in err
    assert Case.objects.count() == 17


def test_command_with_glob_succeeds_twice(db, tmp_path, seed_text, capsys):
    """A glob imports matching files; the second run reports them unchanged and succeeds."""
    (tmp_path / "a.txt").write_text(seed_text, encoding="utf-8")
    call_command("import_cables", str(tmp_path / "*.txt"))
    call_command("import_cables", str(tmp_path / "*.txt"))
    out = capsys.readouterr().out
    assert "Cables: 1 created, 0 updated, 0 unchanged, 0 skipped, 0 failed." in out
    assert "Cables: 0 created, 0 updated, 1 unchanged, 0 skipped, 0 failed." in out


def test_glob_matching_nothing_fails(db):
    """A pattern that matches no file is a failure, not a silent success."""
    report = import_paths(["/nonexistent/*.txt"])
    assert report.failures[0].reason == "the pattern matches no file"


def test_failure_while_storing_leaves_nothing(db, seed_text, monkeypatch):
    """An error half-way through a cable rolls the whole cable back."""

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "store_cases", explode)
    with pytest.raises(RuntimeError):
        import_text(seed_text, "seed.txt")
    assert not Cable.objects.exists()
    assert not Paragraph.objects.exists()


def test_unexpected_error_fails_one_file_only(db, tmp_path, seed_text, monkeypatch):
    """An unexpected error on one file is reported and the run goes on."""
    (tmp_path / "a.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(seed_text.replace("ASTANA 001246", "ASTANA 001247"), "utf-8")
    real_store = importer.store_cable

    def store_or_fail(parsed, *args):
        if parsed.reference_id == "08ASTANA1246":
            raise RuntimeError("disk full")
        return real_store(parsed, *args)

    monkeypatch.setattr(importer, "store_cable", store_or_fail)
    report = import_paths([tmp_path])
    assert report.counts["failed"] == 1 and report.counts["created"] == 1
    assert "disk full" in report.failures[0].reason
    assert list(Cable.objects.values_list("reference_id", flat=True)) == ["08ASTANA1247"]


def test_page_and_dump_files_import(db, tmp_path):
    """A WikiLeaks page and a dump import through the same path as text cables."""
    from .test_formats import DUMP, PAGE

    (tmp_path / "page.html").write_text(PAGE.replace("09RIGA123", "09RIGA99"), "utf-8")
    (tmp_path / "dump.csv").write_text(DUMP, encoding="utf-8")
    report = import_paths([tmp_path])
    assert report.counts == {"created": 3, "updated": 0, "unchanged": 0, "skipped": 0, "failed": 0}
    labels = sorted(result.source.rsplit("/", 1)[-1] for result in report.results)
    assert labels == ["dump.csv record 1 (09RIGA123)", "dump.csv record 2 (09RIGA124)", "page.html"]
    page_cable = Cable.objects.get(reference_id="09RIGA99")
    assert page_cable.tag_codes == ["KTIP", "LG"]
    assert page_cable.paragraphs.count() == 2
    assert import_paths([tmp_path]).counts["unchanged"] == 3


def test_bad_dump_record_fails_alone(db, tmp_path):
    """A malformed record in a dump is reported; the records around it are imported."""
    from .test_formats import DUMP

    (tmp_path / "dump.csv").write_text('"1","3/2/2009 10:15","X"\n' + DUMP, encoding="utf-8")
    report = import_paths([tmp_path / "dump.csv"])
    assert report.counts["created"] == 2
    assert report.failures[0].reason == "record 1: 3 fields where the dump has 8"


def test_second_copy_in_one_run_is_skipped(db, tmp_path, seed_text):
    """The same cable twice in one run is imported once; the copy is reported as skipped."""
    (tmp_path / "a.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(seed_text.replace("ORDWAY", "ORDWAY\n"), "utf-8")
    for _ in range(2):
        report = import_paths([tmp_path])
        skipped = [r for r in report.results if r.status == "skipped"]
        assert [r.source.rsplit("/", 1)[-1] for r in skipped] == ["b.txt"]
        assert "08ASTANA1246 was already imported from" in skipped[0].reason
    assert report.counts["unchanged"] == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_command_shows_progress_on_a_terminal(db, seed_path):
    """On a terminal the command counts files as it goes; in a pipe it does not."""
    terminal, pipe = _Terminal(), io.StringIO()
    call_command("import_cables", str(seed_path), stdout=terminal)
    call_command("import_cables", str(seed_path), stdout=pipe)
    assert "1/1 files" in terminal.getvalue()
    assert "files" not in pipe.getvalue()


def test_imported_cases_are_searchable(client, seed_cable):
    """The importer indexes what it stores: a word of a paragraph finds its case."""
    results = client.get("/cases.json", {"q": "lyceum"}).json()["results"]
    assert [row["paragraph"]["ordinal"] for row in results] == [8]


def test_seed_cases_carry_their_extracted_fields(seed_cable, expected):
    """Each stored seed case has the countries, exploitation and outcome the file gives."""
    cases = {
        case.paragraph.ordinal: case
        for case in Case.objects.filter(cable=seed_cable).select_related("paragraph")
    }
    for want in expected["cases"]:
        case = cases[want["ordinal"]]
        assert sorted(case.countries.values_list("code", flat=True)) == want["countries"]
        assert case.exploitation == want["exploitation"]
        if want["minor"] is not None:
            assert case.minor is want["minor"]
        assert case.convicted is want["convicted"]
        if want["max_sentence_years"] is not None:
            assert case.max_sentence_years == want["max_sentence_years"]
        assert case.summary
    kostanay = Case.objects.get(paragraph__ordinal=4).places.get(country="KZ", name="Kostanay")
    assert kostanay.latitude is not None and kostanay.slug == "kostanay-kz"


def test_paragraphs_are_scored(seed_cable):
    """Every paragraph gets a relevance score; case paragraphs are not candidates."""
    paragraphs = list(seed_cable.paragraphs.order_by("ordinal"))
    assert all(0 <= p.relevance <= 1 for p in paragraphs)
    assert max(p.relevance for p in paragraphs) > 0.5
    assert not any(p.is_candidate for p in paragraphs if p.cases.exists())


def test_curated_countries_survive_reimport(seed_cable, seed_text):
    """Countries corrected by staff stay through a re-import that re-extracts the case."""
    case = Case.objects.get(paragraph__ordinal=2)
    case.countries.set(["KZ"])
    case.curated_fields = ["countries"]
    case.save()
    import_text(seed_text.replace("March 14, Interfax", "March 16, Interfax"), "changed.txt")
    case.refresh_from_db()
    assert list(case.countries.values_list("code", flat=True)) == ["KZ"]
    assert case.reported_on.isoformat() == "2008-03-16"


def test_import_records_one_history_entry_per_case_change(seed_cable, seed_text):
    """Each new case gets one history entry, and a changed case one more, without author."""
    assert Case.history.count() == 17
    import_text(seed_text.replace("May 23, Express-K:", "May 24, Express-K:"), "changed.txt")
    assert Case.history.count() == 18
    latest = Case.history.latest("history_date")
    assert latest.reported_on.isoformat() == "2008-05-24" and latest.history_user is None


# Several cases per paragraph, their spans, and who decides what is published.


def test_a_paragraph_with_two_cases_gives_two_cases(db, extractor, prose_files):
    """Each case of a paragraph is stored with its own key, span and sentences; a case told
    again elsewhere in the cable is one case that records where."""
    extractor.finds((ARREST, 0.9, (ARREST_AGAIN,)), (FARM, 0.6))
    import_paths([prose_files["06SANTIAGO438"]])
    arrest, farm = Case.objects.order_by("key")
    assert (arrest.key, farm.key) == ("06SANTIAGO438-p2-1", "06SANTIAGO438-p2-2")
    assert arrest.paragraph == farm.paragraph
    for case in (arrest, farm):
        assert case.paragraph.text[case.span_start : case.span_end] == case.excerpt
    assert (arrest.excerpt, farm.excerpt) == (ARREST, FARM)
    assert (arrest.confidence, farm.confidence) == (0.9, 0.6)
    assert arrest.tellings == [{"anchor": "p3", "start": 0, "end": len(ARREST_AGAIN)}]
    assert arrest.paragraph.keys_given == 2
    assert Case.history.filter(history_type="+").count() == 2


def test_confident_cases_are_published_and_the_others_wait(db, extractor, prose_files):
    """A case found at the publishing threshold or above is published by the extractor;
    one below it is a suggestion: unpublished, pending."""
    extractor.finds((ARREST, PUBLISH_THRESHOLD), (FARM, PUBLISH_THRESHOLD - 0.01))
    import_paths([prose_files["06SANTIAGO438"]])
    published = {case.excerpt: (case.is_published, case.review) for case in Case.objects.all()}
    assert published == {ARREST: (True, "auto"), FARM: (False, "pending")}


def _state(excerpt: str) -> tuple[bool, str]:
    case = Case.objects.get(excerpt=excerpt)
    return case.is_published, case.review


@pytest.mark.parametrize("again", ["reimport", "reextract"])
def test_staff_decisions_outlast_imports(db, extractor, prose_files, again):
    """Whatever the confidence the extractor gives later: a rejected case never comes back
    published, an accepted one never goes back to pending, a withdrawn one stays withdrawn;
    the extractor's own cases follow its confidence."""
    path = prose_files["06SANTIAGO438"]
    extractor.finds((ARREST, 0.3), (FARM, 0.3), (ARREST_AGAIN, 0.9))
    import_paths([path])
    Case.objects.filter(excerpt=ARREST).update(review="rejected")
    Case.objects.filter(excerpt=FARM).update(review="accepted", is_published=True)
    Case.objects.filter(excerpt=ARREST_AGAIN).update(is_published=False)  # withdrawn

    extractor.finds((ARREST, 0.99), (FARM, 0.01), (ARREST_AGAIN, 0.99))
    if again == "reimport":
        path.write_text(path.read_text().replace("has no shelter", "has one shelter"))
        assert import_paths([path]).counts["updated"] == 1
    else:
        call_command("reextract_cases")
    assert _state(ARREST) == (False, "rejected")
    assert _state(FARM) == (True, "accepted")
    assert _state(ARREST_AGAIN) == (False, "auto")
    assert Case.objects.get(excerpt=FARM).confidence == 0.01


def test_the_extractors_own_cases_follow_its_confidence(db, extractor, prose_files):
    """A suggestion the extractor later trusts is published; a case it no longer trusts
    goes back to waiting for staff."""
    extractor.finds((ARREST, 0.3), (FARM, 0.9))
    import_paths([prose_files["06SANTIAGO438"]])
    extractor.finds((ARREST, 0.9), (FARM, 0.3))
    call_command("reextract_cases")
    assert _state(ARREST) == (True, "auto")
    assert _state(FARM) == (False, "pending")


def test_a_case_no_longer_found_is_left_alone(db, extractor, prose_files):
    """A case the extractor stops finding keeps its row, key and publication."""
    extractor.finds((ARREST, 0.9), (FARM, 0.9))
    import_paths([prose_files["06SANTIAGO438"]])
    before = list(Case.objects.values_list("key", "is_published", "review", "excerpt"))
    extractor.finds((ARREST, 0.9))
    call_command("reextract_cases")
    assert list(Case.objects.values_list("key", "is_published", "review", "excerpt")) == before


def test_curated_fields_survive_in_a_paragraph_of_several_cases(db, extractor, prose_files):
    """Staff corrections of one case of a paragraph stay with that case through a
    re-extraction that moves the cases' spans."""
    extractor.finds((ARREST, 0.9), (FARM, 0.9))
    import_paths([prose_files["06SANTIAGO438"]])
    Case.objects.filter(excerpt=FARM).update(category="FORCED LABOUR", curated_fields=["category"])
    extractor.finds((f"Police raided a bar in Arica. {ARREST}", 0.9), (FARM, 0.9))
    call_command("reextract_cases")
    farm, arrest = Case.objects.get(excerpt=FARM), Case.objects.get(key="06SANTIAGO438-p2-1")
    assert farm.category == "FORCED LABOUR"
    assert arrest.excerpt.startswith("Police raided") and arrest.span_start == 0
    assert Case.objects.count() == 2


def test_an_undated_cable_is_imported_under_its_file_s_name(client, db, tmp_path):
    """A partial extract without any date imports under the reference id its file's name
    gives; its date is stored as unknown and shown as such."""
    path = tmp_path / "05RECIFE78.txt"
    path.write_text(
        "This record is a partial extract of the original cable.\n\n"
        "UNCLAS RECIFE 000078\n\nE.O. 12958: N/A\nTAGS: KTIP BR\nSUBJECT: A PARTIAL EXTRACT\n\n"
        "1. Text.\n",
        encoding="utf-8",
    )
    assert import_paths([path]).counts["created"] == 1
    cable = Cable.objects.get()
    assert (cable.reference_id, cable.sent_at) == ("05RECIFE78", None)
    page = client.get("/cables/05RECIFE78/").content.decode()
    assert "date unknown" in page
    assert "date unknown" in client.get("/cables/").content.decode().lower()
    (tmp_path / "notes.txt").write_text(path.read_text(), encoding="utf-8")
    failed = import_paths([tmp_path / "notes.txt"]).failures
    assert [result.reason for result in failed] == [
        "not a cable: no date-time group (such as 'P 110334Z JUL 08') or other date in the "
        "text, so the reference id has no year, and the file's name is no reference id"
    ]
