"""Bulk mode writes what the one-cable-at-a-time importer writes, and fails as it does."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import F

from cases.ingest import bulk_import
from cases.ingest.bulk_import import import_paths_bulk
from cases.ingest.importer import import_paths
from cases.ingest.sources import Missing
from cases.models import CASE_HISTORY, Cable, CableTag, Case, Paragraph, Tag
from cases.rows import reserve_ids

from .conftest import ARREST, ARREST_AGAIN, BOAT, CUSCO, FARM, SENTENCED
from .test_formats import DUMP, PAGE

SEED_REFERENCE = "ASTANA 001246"


def _written(field) -> bool:
    """Fields an import writes: not the id, foreign keys (compared by what they point to)
    or the time of writing."""
    stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    return not (field.primary_key or field.is_relation or stamped)


def _rows():
    """Every row an import writes, keyed by what identifies it rather than by its id."""
    cable_fields = [field.name for field in Cable._meta.concrete_fields if _written(field)]
    case_fields = [field.name for field in Case._meta.concrete_fields if _written(field)]
    cases = Case.objects.annotate(
        reference=F("cable__reference_id"), ordinal=F("paragraph__ordinal"), slug=F("outlet__slug")
    )
    return {
        "cables": sorted(Cable.objects.values_list(*cable_fields)),
        "tags": sorted(Tag.objects.values_list("code", "kind", "description", "country")),
        "cable tags": sorted(
            CableTag.objects.values_list("cable__reference_id", "tag__code", "position")
        ),
        "paragraphs": sorted(
            Paragraph.objects.values_list(
                "cable__reference_id",
                "ordinal",
                "anchor",
                "number",
                "heading",
                "text",
                "relevance",
                "is_candidate",
                "is_current",
                "keys_given",
            )
        ),
        "cases": sorted(cases.values_list("reference", "ordinal", "slug", *case_fields), key=repr),
        "countries": sorted(
            Case.countries.through.objects.values_list(
                "case__cable__reference_id", "case__paragraph__ordinal", "country__code"
            )
        ),
        "places": sorted(
            Case.places.through.objects.values_list(
                "case__cable__reference_id", "case__paragraph__ordinal", "place__key"
            )
        ),
        "history": sorted(
            Case.history.values_list("history_type", "key", "category", "summary", "review")
        ),
        **{
            f"history of {field.name}": sorted(
                (row.history.key, getattr(row, f"{field.remote_field.model._meta.model_name}_id"))
                for row in model.objects.select_related("history")
            )
            for field, model in CASE_HISTORY.m2m_models.items()
        },
    }


def _outcome(report):
    return [
        (result.source.rsplit("/", 1)[-1], result.status, result.reference_id, result.reason)
        for result in report.results
    ]


@pytest.fixture
def release(tmp_path, seed_text):
    """A folder as a release arrives: several cables in three formats, a copy, bad files."""
    folder = tmp_path / "release"
    folder.mkdir()
    for number in range(1246, 1252):
        text = seed_text.replace(SEED_REFERENCE, f"ASTANA {number:06d}")
        if number % 2:  # some cables differ by more than their reference id
            text = text.replace("Police detained", "Police arrested")
        (folder / f"a{number}.txt").write_text(text, encoding="utf-8")
    (folder / "copy.txt").write_text(seed_text.replace("ORDWAY", "ORDWAY\n"), "utf-8")
    (folder / "page.html").write_text(PAGE.replace("09RIGA123", "09RIGA99"), "utf-8")
    (folder / "dump.csv").write_text('"1","3/2/2009 10:15","X"\n' + DUMP, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "letter.txt").write_text("Dear friends,\nsee you soon.\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs", [0, 2])
def test_bulk_import_writes_what_the_importer_writes(db, release, jobs, monkeypatch):
    """Same rows, same statuses and reasons in the same order, with batches smaller than
    the release and (jobs=2) in worker processes."""
    plain = import_paths([release])
    expected_rows, expected_outcome = _rows(), _outcome(plain)
    for model in (Case, CableTag, Paragraph, Cable, Tag):
        model.objects.all().delete()
    Case.history.all().delete()

    alone = []
    monkeypatch.setattr(bulk_import, "_store_alone", lambda item: alone.append(item) or 1 / 0)
    bulk = import_paths_bulk([release], jobs=jobs, batch_size=3)
    assert alone == [], "every batch is written whole"
    assert _outcome(bulk) == expected_outcome
    assert _rows() == expected_rows
    assert bulk.counts == {"created": 9, "updated": 0, "unchanged": 0, "skipped": 1, "failed": 3}
    assert Case.objects.count() == 6 * 17


def test_bulk_reimport_changes_nothing(db, release):
    """A second bulk run finds every cable unchanged and writes nothing."""
    import_paths_bulk([release], jobs=0)
    before = _rows()
    again = import_paths_bulk([release], jobs=0)
    assert again.counts["unchanged"] == 9 and again.counts["created"] == 0
    assert _rows() == before


def test_bulk_reimport_parses_only_what_the_archive_does_not_hold(db, release, monkeypatch):
    """A second run answers as the importer would, without parsing a cable whose text the
    archive holds; a record naming another reference id for a held text is parsed."""
    import_paths_bulk([release], jobs=0)
    # The same text as 09RIGA123, under a record naming another cable: not the held one.
    (release / "renamed.csv").write_text(
        DUMP.split('"8",')[0].replace('"09RIGA123"', '"09RIGA777"'), encoding="utf-8"
    )
    with transaction.atomic():
        expected = _outcome(import_paths([release]))
        transaction.set_rollback(True)
    parsed = []
    real_parse = bulk_import.parse_cable
    monkeypatch.setattr(
        bulk_import,
        "parse_cable",
        lambda text, hints: parsed.append(hints) or real_parse(text, hints),
    )
    again = import_paths_bulk([release], jobs=0)
    assert _outcome(again) == expected
    assert again.counts == {"created": 1, "updated": 0, "unchanged": 9, "skipped": 1, "failed": 3}
    # The letter (refused by the parser), the copy (skipped, so its text is not held) and
    # the renamed record; nothing else.
    assert sorted(hints.reference_id for hints in parsed) == ["", "", "09RIGA777"]


def test_bulk_updates_changed_cables_in_place(db, release, seed_text):
    """A corrected cable goes through the importer's update: its case ids stay."""
    import_paths_bulk([release], jobs=0)
    ids = dict(
        Case.objects.filter(cable__reference_id="08ASTANA1246").values_list(
            "paragraph__ordinal", "id"
        )
    )
    (release / "a1246.txt").write_text(
        seed_text.replace("May 23, Express-K:", "May 24, Express-K:")
    )
    report = import_paths_bulk([release], jobs=0)
    assert report.counts["updated"] == 1 and report.counts["unchanged"] == 8
    cases = Case.objects.filter(cable__reference_id="08ASTANA1246")
    assert dict(cases.values_list("paragraph__ordinal", "id")) == ids
    assert cases.get(paragraph__ordinal=3).reported_on.isoformat() == "2008-05-24"


def test_failed_batch_is_redone_cable_by_cable(db, release, monkeypatch):
    """When a batch cannot be written, each of its cables is imported alone: one that
    fails fails by itself, with its reason, and leaves nothing behind."""

    def broken_batch(items):
        Cable.objects.create(reference_id="HALF-WRITTEN")
        raise RuntimeError("connection lost")

    real_store = bulk_import.store_cable

    def store_or_fail(parsed, *args):
        if parsed.reference_id == "08ASTANA1248":
            Cable.objects.create(reference_id="HALF-WRITTEN-TOO")
            raise RuntimeError("disk full")
        return real_store(parsed, *args)

    monkeypatch.setattr(bulk_import, "_write_new", broken_batch)
    monkeypatch.setattr(bulk_import, "store_cable", store_or_fail)
    report = import_paths_bulk([release], jobs=0, batch_size=4)

    failed = {result.reference_id: result.reason for result in report.failures}
    assert failed.pop("08ASTANA1248") == "internal error: RuntimeError('disk full')"
    assert report.counts["created"] == 8
    stored = set(Cable.objects.values_list("reference_id", flat=True))
    assert "08ASTANA1248" not in stored
    assert not {"HALF-WRITTEN", "HALF-WRITTEN-TOO"} & stored
    assert len(stored) == 8


def test_command_bulk_mode_reports_and_exits_non_zero(db, release, capsys):
    """``import_cables --bulk`` prints failures and the summary, and fails when one did."""
    with pytest.raises(CommandError, match="3 failed"):
        call_command("import_cables", str(release), "--bulk", "--jobs", "2")
    out, err = capsys.readouterr()
    assert "Cables: 9 created, 0 updated, 0 unchanged, 1 skipped, 3 failed." in out
    assert "empty.txt: failed: the file is empty" in err
    assert "dump.csv: failed: record 1: 3 fields where the dump has 8" in err


@pytest.mark.parametrize(
    ("option", "message"), [("--jobs=-1", "--jobs"), ("--batch-size=0", "--batch-size")]
)
def test_command_refuses_bad_bulk_options(db, release, option, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_cables", str(release), "--bulk", option)


def test_reserved_keys_are_never_reused(db):
    """Keys taken for COPYed rows come after every key ever given, a deleted one included."""
    first = Cable.objects.create(reference_id="A", source_text="a", content_hash="a")
    last = Cable.objects.create(reference_id="B", source_text="b", content_hash="b").pk
    Cable.objects.filter(pk=last).delete()
    with transaction.atomic():
        keys = reserve_ids(connection, Cable, 3)
    assert len(set(keys)) == 3 and min(keys) > last > first.pk
    assert reserve_ids(connection, Cable, 0) == []


def test_workers_are_fed_as_fast_as_the_writer_goes(db, monkeypatch):
    """Files are handed to the workers a bounded number ahead of what has been written, so
    that a dump of a whole release is not read into memory before the first write."""
    consumed = []
    taken_when_written = []

    def endless_tasks(found):
        for number in range(1, 401):
            consumed.append(number)
            yield number, Missing(f"f{number}", "gone"), f"f{number}"

    real_add = bulk_import._Writer.add

    def add(writer, items):
        taken_when_written.append(len(consumed))
        real_add(writer, items)

    monkeypatch.setattr(bulk_import, "_tasks", endless_tasks)
    monkeypatch.setattr(bulk_import._Writer, "add", add)
    report = import_paths_bulk([], jobs=2, batch_size=10)
    assert report.counts["failed"] == 400
    chunk, window = bulk_import._CHUNK_SIZE, 2 * bulk_import._CHUNKS_AHEAD
    assert len(taken_when_written) == 400 // chunk  # one write per chunk of results
    assert taken_when_written[0] < 400
    for written, taken in enumerate(taken_when_written):
        assert taken <= (written + 1 + window) * chunk


@pytest.mark.parametrize("jobs", [0, 2])
def test_bulk_import_writes_several_cases_per_paragraph_as_the_importer_does(
    db, release, prose_files, extractor, jobs
):
    """Cases sharing a paragraph, their keys, spans, tellings, confidence and publication
    are written alike by both modes; the seed's copies beside them too."""
    extractor.finds(
        (ARREST, 0.9, (ARREST_AGAIN,)), (FARM, 0.4), (CUSCO, 0.8), (SENTENCED, 0.7), (BOAT, 0.2)
    )
    for path in prose_files.values():
        (release / path.name).write_text(path.read_text())
    plain = import_paths([release])
    expected_rows, expected_outcome = _rows(), _outcome(plain)
    assert {"06SANTIAGO438-p2-2", "07LIMA99-p1-2"} <= {row[0] for row in _keys()}
    for model in (Case, CableTag, Paragraph, Cable, Tag):
        model.objects.all().delete()
    Case.history.all().delete()

    bulk = import_paths_bulk([release], jobs=jobs, batch_size=4)
    assert _outcome(bulk) == expected_outcome
    assert _rows() == expected_rows


def _keys():
    return Case.objects.values_list("key", "span_start", "span_end", "is_published")


def test_a_cable_the_database_refuses_costs_its_batch_no_more_than_itself(db, release, monkeypatch):
    """A cable whose rows the database refuses is found by halving its batch: the other
    cables are still written in batches, and only the bad one is imported alone."""
    real_write, real_alone = bulk_import._write_new, bulk_import._store_alone
    batches, alone = [], []

    def write_new(items):
        batches.append(len(items))
        if any(item.reference_id == "08ASTANA1249" for item in items):
            raise RuntimeError("value too long")
        return real_write(items)

    def store_alone(item):
        alone.append(item.reference_id)
        return real_alone(item)

    monkeypatch.setattr(bulk_import, "_write_new", write_new)
    monkeypatch.setattr(bulk_import, "_store_alone", store_alone)
    report = import_paths_bulk([release], jobs=0, batch_size=200)

    assert alone == ["08ASTANA1249"]
    assert batches[0] == 9 and len(batches) <= 2 * 4  # a halving or two per level
    assert report.counts["created"] == 9  # store_cable itself writes it alone
    assert Cable.objects.count() == 9


def test_a_cable_that_does_not_fit_its_columns_fails_alone_in_both_modes(db, release, seed_text):
    """A value longer than its column fails its cable before anything is written, with a
    reason naming the cable, the field and the value, in bulk mode as one at a time."""
    long_tag = "X" * 90
    (release / "a1250.txt").write_text(
        seed_text.replace(SEED_REFERENCE, "ASTANA 001250").replace("TAGS: ", f"TAGS: {long_tag} "),
        encoding="utf-8",
    )
    plain = import_paths([release])
    expected_rows, expected_outcome = _rows(), _outcome(plain)
    failed = {result.reference_id: result.reason for result in plain.failures}
    assert failed["08ASTANA1250"].startswith(
        f"08ASTANA1250 tag 'XXXXXXXXXXXXXXXXXXXX': Tag.code is 90 characters long, "
        f"its column holds 80: '{long_tag}'"
    )
    assert not Cable.objects.filter(reference_id="08ASTANA1250").exists()
    for model in (Case, CableTag, Paragraph, Cable, Tag):
        model.objects.all().delete()
    Case.history.all().delete()

    bulk = import_paths_bulk([release], jobs=2, batch_size=3)
    assert _outcome(bulk) == expected_outcome
    assert _rows() == expected_rows
