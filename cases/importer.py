"""The only place where parsed cables become rows.

Each cable is written in its own transaction, keyed by its reference id. Importing the
same text twice changes nothing; a changed text updates the cable in place, so that
paragraph anchors and case identifiers already published stay as they were. Fields that
staff corrected (``Case.curated_fields``) are never overwritten.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from django.db import transaction

from . import search
from .extraction import ExtractedCase, extract_cases
from .models import Cable, CableTag, Case, Outlet, Paragraph, Tag
from .parsing import (
    PARSER_VERSION,
    CableParseError,
    ParsedCable,
    SourceCable,
    SourceHints,
    parse_cable,
)
from .parsing.tags import describe_tag
from .sources import Missing, SourceError, expand_paths, read_cables

Status = Literal["created", "updated", "unchanged", "skipped", "failed"]
logger = logging.getLogger(__name__)

STATUSES: tuple[Status, ...] = ("created", "updated", "unchanged", "skipped", "failed")

# Case fields the extractor fills; staff corrections of these are kept (curated_fields).
EXTRACTED_CASE_FIELDS = ("reported_on", "outlet", "category")


@dataclass(frozen=True)
class FileResult:
    source: str
    status: Status
    reference_id: str = ""
    reason: str = ""


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)

    @property
    def counts(self) -> dict[Status, int]:
        tally = Counter(result.status for result in self.results)
        return {status: tally[status] for status in STATUSES}

    @property
    def failures(self) -> list[FileResult]:
        return [result for result in self.results if result.status == "failed"]

    def summary(self) -> str:
        return ", ".join(f"{count} {status}" for status, count in self.counts.items())


ProgressCallback = Callable[[int, int, FileResult], None]


def import_paths(
    paths: Iterable[str | Path], progress: ProgressCallback | None = None
) -> ImportReport:
    """Import every cable found under ``paths``; failures are reported, not raised.

    Progress is reported per file (a dump holding many cables counts once).
    """
    found = list(expand_paths(paths))
    report = ImportReport()
    seen: dict[str, str] = {}
    for done, item in enumerate(found, start=1):
        if isinstance(item, Missing):
            results = [FileResult(item.path, "failed", reason=item.reason)]
        else:
            results = list(import_file(item, seen))
        report.results.extend(results)
        if progress:
            for result in results:
                progress(done, len(found), result)
    return report


def import_file(path: Path, seen: dict[str, str] | None = None) -> Iterator[FileResult]:
    """Import each cable of one file, each in its own transaction.

    ``seen`` maps the reference ids already imported in this run to their source: a
    second copy of a cable in the same run (the same cable as a page and in a dump) is
    skipped, so that a run's outcome does not depend on which copy came last.
    """
    for item in read_cables(path):
        if isinstance(item, SourceError):
            yield FileResult(str(path), "failed", reason=str(item))
            continue
        label = f"{path} {item.position}".strip()
        try:
            yield import_source(item, label, seen)
        except Exception as error:  # one broken cable must not stop the run
            logger.exception("importing %s failed", label)
            yield FileResult(label, "failed", reason=f"internal error: {error!r}")


def import_text(text: str, source_name: str = "") -> FileResult:
    """Import one plain-text cable."""
    return import_source(SourceCable(text=text, hints=SourceHints()), source_name)


def import_source(
    source: SourceCable, source_name: str, seen: dict[str, str] | None = None
) -> FileResult:
    """Parse, extract and store one cable; any failure leaves the database as it was."""
    try:
        parsed = parse_cable(source.text, source.hints)
    except CableParseError as error:
        return FileResult(source_name, "failed", reason=f"not a cable: {error}")
    if seen is not None:
        if parsed.reference_id in seen:
            reason = f"{parsed.reference_id} was already imported from {seen[parsed.reference_id]}"
            return FileResult(source_name, "skipped", parsed.reference_id, reason)
        seen[parsed.reference_id] = source_name
    cable_date = parsed.sent_at.date() if parsed.sent_at else None
    extracted = extract_cases(parsed.paragraphs, cable_date)
    with transaction.atomic():
        status = store_cable(parsed, extracted, source.text, source_name)
    return FileResult(source_name, status, reference_id=parsed.reference_id)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_cable(
    parsed: ParsedCable, extracted: list[ExtractedCase], text: str, source_name: str
) -> Status:
    """Create or update one cable, its tags, paragraphs and cases. Call inside a transaction."""
    digest = content_hash(text)
    cable = Cable.objects.select_for_update().filter(reference_id=parsed.reference_id).first()
    if cable and cable.content_hash == digest and cable.parser_version == PARSER_VERSION:
        return "unchanged"

    status: Status = "updated" if cable else "created"
    values = {
        "sent_at": parsed.sent_at,
        "precedence": parsed.precedence,
        "origin": parsed.origin,
        "origin_name": parsed.origin_name,
        "to": [recipient.as_dict() for recipient in parsed.to],
        "info": [recipient.as_dict() for recipient in parsed.info],
        "classification": parsed.classification,
        "caveats": parsed.caveats,
        "subject": parsed.subject,
        "signature": parsed.signature,
        "sections": parsed.sections,
        "source_name": source_name,
        "source_text": text,
        "content_hash": digest,
        "parser_version": PARSER_VERSION,
    }
    if cable is None:
        cable = Cable.objects.create(reference_id=parsed.reference_id, **values)
    else:
        for name, value in values.items():
            setattr(cable, name, value)
        cable.save()

    _store_tags(cable, parsed.tags)
    paragraphs = _store_paragraphs(cable, parsed)
    _store_cases(cable, paragraphs, extracted)
    search.index_cases([cable.pk])
    return status


def _store_tags(cable: Cable, codes: list[str]) -> None:
    if [link.tag.code for link in cable.cabletag_set.select_related("tag")] == codes:
        return
    cable.cabletag_set.all().delete()
    tags = {tag.code: tag for tag in Tag.objects.filter(code__in=codes)}
    for code in codes:
        if code not in tags:
            tags[code] = Tag.objects.create(code=code, **tag_meaning(code))
    CableTag.objects.bulk_create(
        CableTag(cable=cable, tag=tags[code], position=position)
        for position, code in enumerate(codes)
    )


def tag_meaning(code: str) -> dict[str, str]:
    """Tag model fields for a code, from the tag vocabulary."""
    meaning = describe_tag(code)
    return {
        "kind": meaning.kind or "",
        "description": meaning.description,
        "country": meaning.country,
    }


def _store_paragraphs(cable: Cable, parsed: ParsedCable) -> dict[int, Paragraph]:
    """Update paragraphs in place by position; anchors, once given, are never changed."""
    existing = {paragraph.ordinal: paragraph for paragraph in cable.paragraphs.all()}
    anchors = {paragraph.anchor for paragraph in existing.values()}
    stored: dict[int, Paragraph] = {}
    for new in parsed.paragraphs:
        values = {
            "number": new.number,
            "heading": new.heading,
            "portion_marking": new.portion_marking,
            "text": new.text,
        }
        paragraph = existing.pop(new.ordinal, None)
        if paragraph is None:
            anchor = _free_anchor(f"p{new.ordinal}", anchors)
            paragraph = Paragraph.objects.create(
                cable=cable, ordinal=new.ordinal, anchor=anchor, **values
            )
        elif any(getattr(paragraph, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(paragraph, name, value)
            paragraph.save()
        stored[new.ordinal] = paragraph
    # Paragraphs the new text no longer has go, unless a case cites them: its permalink
    # must keep working.
    Paragraph.objects.filter(pk__in=[p.pk for p in existing.values()], cases=None).delete()
    return stored


def _free_anchor(wanted: str, taken: set[str]) -> str:
    anchor, suffix = wanted, 1
    while anchor in taken:
        suffix += 1
        anchor = f"{wanted}-{suffix}"
    taken.add(anchor)
    return anchor


def _store_cases(
    cable: Cable, paragraphs: dict[int, Paragraph], extracted: list[ExtractedCase]
) -> None:
    """Create or update the extractor's case for each paragraph, sparing curated fields.

    A case the extractor no longer finds is left alone: it may already be cited, and
    staff decide whether it stays published.
    """
    existing = {
        case.paragraph_id: case
        for case in Case.objects.filter(cable=cable, source=Case.Source.EXTRACTED)
    }
    outlets = _outlets_for(extracted)
    for found in extracted:
        paragraph = paragraphs[found.paragraph_ordinal]
        values = {
            "reported_on": found.reported_on,
            "outlet": outlets.get(found.outlet.slug) if found.outlet else None,
            "category": found.category,
        }
        case = existing.get(paragraph.pk)
        if case is None:
            Case.objects.create(
                cable=cable, paragraph=paragraph, source=Case.Source.EXTRACTED, **values
            )
            continue
        changed = [
            name
            for name, value in values.items()
            if name not in case.curated_fields and getattr(case, name) != value
        ]
        for name in changed:
            setattr(case, name, values[name])
        if changed:
            case.save(update_fields=[*changed, "updated_at"])


def _outlets_for(extracted: list[ExtractedCase]) -> dict[str, Outlet]:
    names = {found.outlet.slug: found.outlet.name for found in extracted if found.outlet}
    outlets = {outlet.slug: outlet for outlet in Outlet.objects.filter(slug__in=names)}
    for slug, name in names.items():
        if slug not in outlets:
            outlets[slug] = Outlet.objects.create(slug=slug, name=name)
    return outlets
