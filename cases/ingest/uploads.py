"""Cable files uploaded in the admin, imported by the importer as the command line does.

Each upload is written to a temporary folder and read by ``cases.ingest.sources`` (which tells the
format from the content); each cable in it goes through ``importer.import_source`` in its
own transaction. Results and stored cables name the file as it was uploaded, never the
temporary copy.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile

from . import fixity
from .importer import FileResult, ImportReport, import_source
from .sources import SourceError, read_cables

logger = logging.getLogger(__name__)


def import_uploads(uploads: Iterable[UploadedFile]) -> ImportReport:
    """Import every cable of the uploaded files; failures are reported, not raised."""
    report = ImportReport()
    seen: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="cable-upload-") as folder:
        copies = []
        for number, upload in enumerate(uploads, start=1):
            # Browsers send a bare name; anything path-like is cut off all the same.
            name = Path(upload.name or "").name or f"file {number}"
            path = Path(folder, str(number))
            with path.open("wb") as copy:
                for chunk in upload.chunks():
                    copy.write(chunk)
            copies.append((path, name))
        # Each file kept as received, under its uploaded name (fixity.py).
        sources = fixity.ImportSources((path, name, name) for path, name in copies)
        for number, (path, name) in enumerate(copies, start=1):
            for result in _import_copy(path, name, seen):
                sources.link(number, result.source, result.status, result.reference_id)
                report.results.append(result)
        sources.finish()
    return report


def _import_copy(path: Path, label: str, seen: dict[str, str]) -> list[FileResult]:
    results = []
    for item in read_cables(path):
        if isinstance(item, SourceError):
            results.append(FileResult(label, "failed", reason=str(item)))
            continue
        source = f"{label} {item.position}".strip()
        try:
            results.append(import_source(item, source, seen))
        except Exception as error:  # one broken cable must not stop the upload
            logger.exception("importing %s failed", source)
            results.append(FileResult(source, "failed", reason=f"internal error: {error!r}"))
    return results
