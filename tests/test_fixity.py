"""Sources kept exactly as received, with their history, checked, and enough to rebuild the
archive: cases/ingest/fixity.py and its commands."""

import hashlib
import io
import json
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from cases.ingest.bulk_import import import_paths_bulk
from cases.ingest.fixity import stored_bytes
from cases.ingest.importer import import_paths
from cases.ingest.uploads import import_uploads
from cases.models import (
    Cable,
    CableSource,
    CableTag,
    Case,
    Country,
    Outlet,
    Paragraph,
    Place,
    Receipt,
    SourceChunk,
    SourceFile,
    Tag,
)

from .test_formats import DUMP, PAGE


def write(folder: Path, name: str, content: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def history(reference_id: str) -> list[tuple[str, str]]:
    """(name received under, position) of each source of a cable, oldest first."""
    return list(
        CableSource.objects.filter(cable__reference_id=reference_id).values_list(
            "receipt__name", "position"
        )
    )


def test_a_page_is_kept_byte_for_byte_with_its_name_time_and_hash(db, tmp_path):
    """A WikiLeaks page is kept as the file was, not as the cable text read from it."""
    page = write(tmp_path / "in", "09RIGA123.html", PAGE)
    import_paths([page])
    [source] = CableSource.objects.select_related("receipt__file")
    assert source.cable.reference_id == "09RIGA123"
    receipt = source.receipt
    assert receipt.name == "09RIGA123.html" and receipt.received_at is not None
    assert stored_bytes(receipt.file) == page.read_bytes()
    assert receipt.file.sha256 == hashlib.sha256(page.read_bytes()).hexdigest()
    assert receipt.file.size == len(page.read_bytes())
    assert source.cable.source_text != PAGE  # the cable's text is what was read from it


def test_a_changed_source_is_kept_beside_the_earlier_one(db, tmp_path, seed_text):
    """A cable imported again from a changed file keeps both files: its history of sources,
    each version readable as received; the same file again adds nothing."""
    first = write(tmp_path / "a", "08ASTANA1246.txt", seed_text)
    import_paths([first])
    import_paths([first])
    changed = seed_text.replace("sexual exploitation", "sexual exploitation (corrected)", 1)
    assert changed != seed_text
    second = write(tmp_path / "b", "08ASTANA1246.txt", changed)
    assert import_paths([second]).counts["updated"] == 1
    assert history("08ASTANA1246") == [("08ASTANA1246.txt", ""), ("08ASTANA1246.txt", "")]
    versions = [
        stored_bytes(source.receipt.file)
        for source in CableSource.objects.filter(cable__reference_id="08ASTANA1246")
    ]
    assert versions == [seed_text.encode(), changed.encode()]


def test_a_file_of_many_cables_is_kept_once_with_each_cables_position(db, tmp_path):
    dump = write(tmp_path, "cables.csv", DUMP)
    import_paths([dump])
    assert SourceFile.objects.count() == 1
    assert history("09RIGA124") == [("cables.csv", "record 2 (09RIGA124)")]


def test_an_import_that_changes_nothing_leaves_no_receipt(db, tmp_path, seed_path):
    import_paths([seed_path])
    assert Receipt.objects.count() == 1
    import_paths([seed_path])
    assert Receipt.objects.count() == 1 and SourceFile.objects.count() == 1


def test_bulk_imports_and_uploads_keep_their_sources_too(db, tmp_path, seed_text):
    page = write(tmp_path / "in", "09RIGA123.html", PAGE)
    import_paths_bulk([page], jobs=0)
    assert history("09RIGA123") == [("09RIGA123.html", "")]
    import_uploads([SimpleUploadedFile("astana.txt", seed_text.encode())])
    [source] = CableSource.objects.filter(cable__reference_id="08ASTANA1246")
    assert source.receipt.name == "astana.txt"
    assert stored_bytes(source.receipt.file) == seed_text.encode()


def verify() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_sources", stdout=out, stderr=err)
    except CommandError:
        return 1, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_verify_sources_catches_an_altered_source(db, tmp_path, seed_path):
    """verify_sources passes on an archive as imported and fails, naming them, on a kept
    file whose bytes were altered and on a cable whose stored text was."""
    import_paths([seed_path, write(tmp_path, "09RIGA123.html", PAGE)])
    status, out, _ = verify()
    assert status == 0 and "0 mismatches" in out
    chunk = SourceChunk.objects.filter(file__receipts__name="09RIGA123.html").get()
    chunk.data = bytes(chunk.data).replace(b"six", b"ten")
    chunk.save()
    Cable.objects.filter(reference_id="08ASTANA1246").update(source_text="forged")
    status, out, err = verify()
    assert status == 1 and "2 mismatches" in out
    assert "09RIGA123.html" in err and "cable 08ASTANA1246" in err


def test_a_reimport_compares_the_stored_bytes_not_only_the_hash(db, tmp_path, seed_path):
    """A cable text or a kept file altered in the database, its hash left as it was, is
    not 'unchanged' to a re-import: both are restored from the file received."""
    import_paths([seed_path])
    original = Cable.objects.get().source_text
    Cable.objects.update(source_text=original.replace("Astana", "Elsewhere"))
    chunk = SourceChunk.objects.get()
    chunk.data = b"forged"
    chunk.save()
    assert import_paths([seed_path]).counts["updated"] == 1
    assert Cable.objects.get().source_text == original
    assert stored_bytes(SourceFile.objects.get()) == seed_path.read_bytes()
    assert verify()[0] == 0


def snapshot() -> dict:
    """The archive's cables, paragraphs, cases and case URLs, by their natural keys."""
    cables = {
        cable["reference_id"]: cable
        for cable in Cable.objects.values(
            "reference_id",
            "sent_at",
            "subject",
            "origin",
            "classification",
            "to",
            "info",
            "caveats",
            "signature",
            "sections",
            "source_text",
            "content_hash",
        )
    }
    for cable in cables.values():
        cable["tags"] = list(
            CableTag.objects.filter(cable__reference_id=cable["reference_id"])
            .order_by("position")
            .values_list("tag__code", flat=True)
        )
    paragraphs = sorted(
        Paragraph.objects.values_list(
            "cable__reference_id",
            "anchor",
            "ordinal",
            "number",
            "heading",
            "text",
            "is_current",
            "replaced_by__anchor",
            "keys_given",
            "relevance",
            "is_candidate",
        ),
        key=str,
    )
    cases = {
        case.key: {
            "url": case.get_absolute_url(),
            "paragraph": case.paragraph.anchor,
            "span": (case.span_start, case.span_end, case.excerpt),
            "published": (case.is_published, case.review, case.confidence),
            "fields": (
                case.reported_on,
                case.outlet and case.outlet.slug,
                case.category,
                case.exploitation,
                case.sector,
                case.outcome,
                case.summary,
                case.tellings,
                sorted(case.countries.values_list("code", flat=True)),
                sorted(case.places.values_list("slug", flat=True)),
            ),
        }
        for case in Case.objects.select_related("paragraph", "outlet")
    }
    return {"cables": cables, "paragraphs": paragraphs, "cases": cases}


def empty_the_archive() -> None:
    """As a new database would be: nothing at all, kept sources included."""
    CableSource.objects.all().delete()
    Receipt.objects.all().delete()
    SourceFile.objects.all().delete()
    Case.history.all().delete()
    Case.objects.all().delete()
    Paragraph.objects.update(replaced_by=None)
    Paragraph.objects.all().delete()
    CableTag.objects.all().delete()
    Cable.objects.all().delete()
    for model in (Tag, Outlet, Place, Country):
        model.objects.all().delete()


@pytest.mark.django_db
def test_the_archive_rebuilt_from_its_sources_is_the_same(tmp_path, seed_text, client):
    """Imports of pages, a dump and plain text, one cable changed by a later import, one
    cable in two files of one import: exported, and replayed into an empty archive, the
    kept sources give the same cables, paragraphs, cases and case URLs."""
    first = tmp_path / "first"
    write(first, "08ASTANA1246.txt", seed_text)
    write(first, "09RIGA123.html", PAGE)
    write(first, "zz-cables.csv", DUMP)  # 09RIGA123 again: skipped in this import
    import_paths([first])
    changed = seed_text.replace("sexual exploitation", "forced labour and exploitation", 1)
    import_paths([write(tmp_path / "second", "08ASTANA1246.txt", changed)])
    import_paths_bulk([write(tmp_path / "third", "cables.csv", DUMP)], jobs=0)
    before = snapshot()
    assert before["cases"] and len(before["cables"]) == 3
    assert len(history("08ASTANA1246")) == 2

    export = tmp_path / "export"
    call_command("export_sources", str(export), stdout=io.StringIO())
    manifest = json.loads((export / "manifest.json").read_text())
    assert [entry["name"] for entry in manifest] == [
        "08ASTANA1246.txt",
        "09RIGA123.html",
        "zz-cables.csv",
        "08ASTANA1246.txt",
        "cables.csv",
    ]
    checked = subprocess.run(
        ["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=export, capture_output=True
    )
    assert checked.returncode == 0, checked.stdout

    empty_the_archive()
    call_command("import_sources", str(export), stdout=io.StringIO())
    after = snapshot()
    assert after["cables"] == before["cables"]
    assert after["paragraphs"] == before["paragraphs"]
    assert after["cases"] == before["cases"]
    for case in after["cases"].values():
        assert client.get(case["url"]).status_code in (200, 410)
    assert verify()[0] == 0


def test_import_sources_refuses_an_altered_export_and_a_full_archive(db, tmp_path, seed_path):
    import_paths([seed_path])
    export = tmp_path / "export"
    call_command("export_sources", str(export), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("import_sources", str(export), stdout=io.StringIO())
    empty_the_archive()
    kept = next((export / "sources").rglob("*.txt"))
    kept.write_text("forged")
    with pytest.raises(CommandError, match="does not match its SHA-256"):
        call_command("import_sources", str(export), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("export_sources", str(export), stdout=io.StringIO())


def test_a_bulk_import_of_many_files_keeps_every_one_in_its_order(db, tmp_path, monkeypatch):
    """Files are kept a batch at a time as their cables come to be written: across several
    batches, with a file that is no cable, one received twice and one of several chunks,
    every file has its receipt in the import's order, each cable its source, and the kept
    bytes are the files' own."""
    from cases.ingest import fixity

    monkeypatch.setattr(fixity, "BATCH_FILES", 3)
    monkeypatch.setattr(fixity, "CHUNK_BYTES", 4096)
    folder = tmp_path / "in"
    pages = [
        write(folder, f"a{number:02d}.html", PAGE.replace("09RIGA123", f"09RIGA{number}"))
        for number in range(1, 8)
    ]
    junk = write(folder, "b-junk.txt", "no cable here")
    twice = write(folder, "c-again.html", PAGE.replace("09RIGA123", "09RIGA1"))
    large = write(folder, "d-large.html", PAGE.replace("09RIGA123", "09RIGA99") + " " * 9000)
    report = import_paths_bulk([folder], jobs=0, batch_size=2)

    files = [*pages, junk, twice, large]
    receipts = list(Receipt.objects.order_by("number").values_list("number", "name", "file"))
    assert [(number, name) for number, name, _ in receipts] == [
        (number, path.name) for number, path in enumerate(files, start=1)
    ]
    for (_, _, file_id), path in zip(receipts, files, strict=True):
        kept = SourceFile.objects.get(pk=file_id)
        assert stored_bytes(kept) == path.read_bytes()
        assert kept.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert SourceChunk.objects.filter(file__receipts__name="d-large.html").count() == 3
    created = [r.reference_id for r in report.results if r.status == "created"]
    assert len(created) == 8
    for reference_id in created:
        assert len(history(reference_id)) == 1
    assert history("09RIGA99") == [("d-large.html", "")]
