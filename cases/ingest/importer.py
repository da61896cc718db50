"""The only place where parsed cables become rows.

Each cable is written in its own transaction, keyed by its reference id. Importing the
same text twice changes nothing; a changed text updates the cable in place, so that
paragraph anchors and case keys already published stay as they were. Fields that staff
corrected (``Case.curated_fields``) are never overwritten, and neither are their decisions
on what is published (``Case.review``).
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils.text import slugify

from .. import history, search_index
from ..extraction import (
    ExtractedCase,
    ParagraphScore,
    analyse_paragraphs,
    country_label,
    home_country,
)
from ..models import Cable, CableTag, Case, Country, Outlet, Paragraph, Place, Tag, case_key
from ..parsing import (
    PARSER_VERSION,
    CableParseError,
    ParsedCable,
    ParsedParagraph,
    SourceCable,
    SourceHints,
    parse_cable,
)
from ..parsing.tags import describe_tag
from . import fixity
from .columns import ColumnError, check_cable
from .matching import Told, match_cases, match_paragraphs
from .sources import Missing, SourceError, expand_paths, read_cables

Status = Literal["created", "updated", "unchanged", "skipped", "failed"]
logger = logging.getLogger(__name__)

# Paragraph positions are parked this far up while a new parsing renumbers them.
PARKED_ORDINAL = 1_000_000

STATUSES: tuple[Status, ...] = ("created", "updated", "unchanged", "skipped", "failed")

# Case fields the extractor fills; staff corrections of these are kept (curated_fields).
EXTRACTED_CASE_FIELDS = (
    "reported_on",
    "outlet",
    "category",
    "countries",
    "places",
    "exploitation",
    "sector",
    "exploitation_type",
    "means_of_control",
    "minor",
    "ages",
    "victim_count_min",
    "victim_count_max",
    "victim_sex",
    "outcome",
    "max_sentence_years",
    "life_sentence",
    "amounts_usd",
    "summary",
    "occurred",
)
CENTS = Decimal("0.01")


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
    # Each file kept as received before it is read; each cable linked to it (fixity.py).
    sources = fixity.ImportSources.of_paths(found)
    progress = sources.linking(progress)
    for done, item in enumerate(found, start=1):
        if isinstance(item, Missing):
            results = [FileResult(item.path, "failed", reason=item.reason)]
        else:
            results = list(import_file(item, seen))
        report.results.extend(results)
        for result in results:
            progress(done, len(found), result)
    sources.finish()
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
    if seen is not None and parsed.reference_id in seen:
        reason = f"{parsed.reference_id} was already imported from {seen[parsed.reference_id]}"
        return FileResult(source_name, "skipped", parsed.reference_id, reason)
    extracted, scores = analyse(parsed.paragraphs, parsed.sent_at, parsed.origin_name, parsed.tags)
    try:
        check_fits(parsed, extracted, scores, source.text, source_name)
    except ColumnError as error:
        return FileResult(source_name, "failed", parsed.reference_id, str(error))
    if seen is not None:
        seen[parsed.reference_id] = source_name
    with transaction.atomic():
        status = store_cable(parsed, extracted, scores, source.text, source_name)
    return FileResult(source_name, status, reference_id=parsed.reference_id)


def analyse(
    paragraphs: list[ParsedParagraph],
    sent_at: datetime | None,
    origin_name: str,
    tags: list[str],
) -> tuple[list[ExtractedCase], dict[int, ParagraphScore]]:
    """The extractor's cases for a cable's paragraphs, and each paragraph's score."""
    post_country = home_country(origin_name, tags)
    cable_date = sent_at.date() if sent_at else None
    extracted, scores = analyse_paragraphs(paragraphs, cable_date, post_country)
    return extracted, {score.ordinal: score for score in scores}


def check_fits(
    parsed: ParsedCable,
    extracted: list[ExtractedCase],
    scores: dict[int, ParagraphScore],
    text: str,
    source_name: str,
) -> None:
    """Raise ColumnError when a value an import of this cable writes does not fit its
    column (see ``columns``); the message names the cable, the field and the value."""
    paragraphs = new_paragraph_values(parsed, scores)
    anchors = {values["ordinal"]: values["anchor"] for values in paragraphs}
    check_cable(
        parsed,
        cable_values(parsed, text, source_name, content_hash(text)),
        [(code, tag_meaning(code)) for code in parsed.tags],
        paragraphs,
        [
            (found, case_values(found, {}), anchors.get(found.paragraph_ordinal, ""))
            for found in extracted
        ],
    )


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_cable(
    parsed: ParsedCable,
    extracted: list[ExtractedCase],
    scores: dict[int, ParagraphScore],
    text: str,
    source_name: str,
) -> Status:
    """Create or update one cable, its tags, paragraphs and cases. Call inside a transaction."""
    digest = content_hash(text)
    cable = Cable.objects.select_for_update().filter(reference_id=parsed.reference_id).first()
    # The stored text itself is compared, not only its recorded hash: a text altered in
    # the database is written again from the source.
    if (
        cable
        and cable.content_hash == digest
        and cable.source_text == text
        and cable.parser_version == PARSER_VERSION
    ):
        return "unchanged"

    status: Status = "updated" if cable else "created"
    values = cable_values(parsed, text, source_name, digest)
    if cable is None:
        cable = Cable.objects.create(reference_id=parsed.reference_id, **values)
    else:
        for name, value in values.items():
            setattr(cable, name, value)
        cable.save()

    created = status == "created"
    _store_tags(cable, parsed.tags, created=created)
    paragraphs = _store_paragraphs(cable, parsed, scores, created=created)
    if extracted or not created:
        store_cases(cable, paragraphs, extracted, created=created)
        search_index.index_cases([cable.pk])
    return status


def cable_values(parsed: ParsedCable, text: str, source_name: str, digest: str) -> dict:
    """Cable model fields (all but the reference id) for a parsed cable."""
    return {
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


def _store_tags(cable: Cable, codes: list[str], *, created: bool) -> None:
    if not created:
        if [link.tag.code for link in cable.cabletag_set.select_related("tag")] == codes:
            return
        cable.cabletag_set.all().delete()
    tags = tags_for(codes)
    CableTag.objects.bulk_create(
        CableTag(cable=cable, tag=tags[code], position=position)
        for position, code in enumerate(codes)
    )


def tags_for(codes: Iterable[str]) -> dict[str, Tag]:
    """The Tag row of each code, created with its meaning where it is new."""
    tags = {tag.code: tag for tag in Tag.objects.filter(code__in=set(codes))}
    for code in codes:
        if code not in tags:
            tags[code] = Tag.objects.create(code=code, **tag_meaning(code))
    return tags


def tag_meaning(code: str) -> dict[str, str]:
    """Tag model fields for a code, from the tag vocabulary."""
    meaning = describe_tag(code)
    return {
        "kind": meaning.kind or "",
        "description": meaning.description,
        "country": meaning.country,
    }


def _score_values(score: ParagraphScore | None) -> dict:
    """Paragraph fields that come from the extractor rather than the parser."""
    return {
        "relevance": round(score.relevance, 3) if score else 0.0,
        "is_candidate": bool(score and score.candidate),
    }


def _paragraph_values(paragraph: ParsedParagraph, score: ParagraphScore | None) -> dict:
    return {
        "number": paragraph.number,
        "depth": paragraph.depth,
        "heading": paragraph.heading,
        "portion_marking": paragraph.portion_marking,
        "text": paragraph.text,
        **_score_values(score),
    }


def _store_paragraphs(
    cable: Cable, parsed: ParsedCable, scores: dict[int, ParagraphScore], *, created: bool
) -> dict[int, Paragraph]:
    """Store the new parsing's paragraphs, each continuing the stored one it matches.

    Anchors, once given, are never changed or reused: a paragraph keeps its anchor when
    it moves, and one that the new parsing no longer has is retired, pointing to the
    paragraph that now holds its text (see ``cases.ingest.matching``).
    """
    current = [] if created else list(cable.paragraphs.filter(is_current=True).order_by("ordinal"))
    anchors = set() if created else set(cable.paragraphs.values_list("anchor", flat=True))
    if not current:
        rows = Paragraph.objects.bulk_create(new_paragraphs(cable, parsed, scores, anchors))
        return {row.ordinal: row for row in rows}

    matching = match_paragraphs([p.text for p in current], [p.text for p in parsed.paragraphs])
    # Positions are about to change: park the current ones where no new one will land.
    Paragraph.objects.filter(pk__in=[p.pk for p in current]).update(
        ordinal=F("ordinal") + PARKED_ORDINAL
    )
    stored: dict[int, Paragraph] = {}
    for index, new in enumerate(parsed.paragraphs):
        if index in matching.kept:
            row = current[matching.kept[index]]
            for name, value in {
                **_paragraph_values(new, scores.get(new.ordinal)),
                "ordinal": new.ordinal,
            }.items():
                setattr(row, name, value)
            row.save()
        else:
            row = Paragraph.objects.create(
                cable=cable,
                ordinal=new.ordinal,
                anchor=_free_anchor(wanted_anchor(new), anchors),
                **_paragraph_values(new, scores.get(new.ordinal)),
            )
        stored[new.ordinal] = row

    continued = set(matching.kept.values())
    for index, row in enumerate(current):
        if index not in continued:
            successor = matching.retired_into.get(index)
            _retire(
                row, stored[parsed.paragraphs[successor].ordinal] if successor is not None else None
            )
    return stored


def new_paragraphs(
    cable: Cable,
    parsed: ParsedCable,
    scores: dict[int, ParagraphScore],
    anchors: set[str] | None = None,
) -> list[Paragraph]:
    """Unsaved rows for the paragraphs of a cable that has none stored yet."""
    return [
        Paragraph(cable=cable, **values) for values in new_paragraph_values(parsed, scores, anchors)
    ]


def new_paragraph_values(
    parsed: ParsedCable,
    scores: dict[int, ParagraphScore],
    anchors: set[str] | None = None,
    keys_given: Counter[int] | None = None,
) -> list[dict]:
    """Field values of the paragraphs of a cable that has none stored yet, its own aside.

    ``keys_given`` counts the case keys each paragraph (by ordinal) gives at once.
    """
    taken = set() if anchors is None else anchors
    return [
        {
            "ordinal": new.ordinal,
            "anchor": _free_anchor(wanted_anchor(new), taken),
            **_paragraph_values(new, scores.get(new.ordinal)),
            "keys_given": keys_given[new.ordinal] if keys_given else 0,
        }
        for new in parsed.paragraphs
    ]


def _retire(paragraph: Paragraph, successor: Paragraph | None) -> None:
    """Take a paragraph out of its cable's text; its links and cases follow its successor."""
    paragraph.is_current, paragraph.ordinal, paragraph.replaced_by = False, None, successor
    paragraph.save()
    Paragraph.objects.filter(replaced_by=paragraph).update(replaced_by=successor)
    if successor is not None:
        Case.objects.filter(paragraph=paragraph).update(paragraph=successor)


def wanted_anchor(paragraph: ParsedParagraph) -> str:
    """The anchor the cable's structure gives a new paragraph ("p7", "p7a")."""
    return paragraph.anchor or f"p{paragraph.ordinal}"


def _free_anchor(wanted: str, taken: set[str]) -> str:
    anchor, suffix = wanted, 1
    while anchor in taken:
        suffix += 1
        anchor = f"{wanted}-{suffix}"
    taken.add(anchor)
    return anchor


def store_cases(
    cable: Cable,
    paragraphs: dict[int, Paragraph],
    extracted: list[ExtractedCase],
    *,
    created: bool = False,
) -> None:
    """Store the extractor's cases of a cable, sparing curated fields and staff decisions.

    Each found case continues the stored case that tells the same sentences, even moved or
    widened (``matching.match_cases``), keeping its key; the others are new cases, keyed
    after every case their paragraph has given. A stored case the extractor no longer
    finds is left alone: it may already be cited, and staff decide whether it stays.
    """
    stored = (
        []
        if created
        else list(
            Case.objects.filter(cable=cable, source=Case.Source.EXTRACTED)
            .order_by("id")
            .prefetch_related("countries", "places")
        )
    )
    found_in = [paragraphs[found.paragraph_ordinal] for found in extracted]
    matched = match_cases(
        [Told(case.paragraph_id, case.excerpt) for case in stored],
        [Told(where.pk, found.excerpt) for found, where in zip(extracted, found_in, strict=True)],
    )
    anchors = {ordinal: paragraph.anchor for ordinal, paragraph in paragraphs.items()}
    keys = _take_keys(cable, [found_in[n] for n in in_key_order(extracted) if n not in matched])
    outlets = outlets_for(extracted)
    countries = countries_for(extracted)
    places = places_for(extracted)
    for index in in_key_order(extracted):
        found, paragraph = extracted[index], found_in[index]
        case = stored[matched[index]] if index in matched else None
        values = case_values(found, outlets)
        own = {
            **span_values(found, anchors),
            **publication(found, case),
            "paragraph_id": paragraph.pk,
        }
        related = {
            "countries": [countries[code] for code in found.fields.countries],
            "places": [places[place.key] for place in found.fields.places],
        }
        if case is None:
            case = Case(cable=cable, source=Case.Source.EXTRACTED, key=keys.pop(0), **values, **own)
            history.pause(case)
            case.save()
            case.countries.set(related["countries"])
            case.places.set(related["places"])
            history.record(case, created=True)
            continue
        curated = set(case.curated_fields)
        changed = [
            name
            for name, value in values.items()
            if name not in curated and getattr(case, name) != value
        ]
        changed += [name for name, value in own.items() if getattr(case, name) != value]
        changed_related = [
            name
            for name, rows in related.items()
            if name not in curated
            and {row.pk for row in getattr(case, name).all()} != {row.pk for row in rows}
        ]
        if not (changed or changed_related):
            continue
        history.pause(case)
        for name in changed:
            setattr(case, name, {**values, **own}[name])
        if changed:
            case.save(update_fields=[*changed, "updated_at"])
        for name in changed_related:
            getattr(case, name).set(related[name])
        history.record(case)


def in_key_order(extracted: list[ExtractedCase]) -> list[int]:
    """Indexes of the found cases in the order their keys are given: by paragraph, then by
    where they are told in it, whatever order the extractor lists them in."""
    return sorted(
        range(len(extracted)),
        key=lambda n: (extracted[n].paragraph_ordinal, extracted[n].start, extracted[n].end),
    )


def _take_keys(cable: Cable, paragraphs: list[Paragraph]) -> list[str]:
    """Keys for new cases told in ``paragraphs`` (one per case, in key order), taken from
    the count each paragraph keeps, which is raised in the database at once: a key is
    never given twice, whoever else adds a case."""
    wanted = Counter(paragraph.pk for paragraph in paragraphs)
    numbers: dict[int, list[int]] = {}
    for paragraph in {paragraph.pk: paragraph for paragraph in paragraphs}.values():
        count = wanted[paragraph.pk]
        Paragraph.objects.filter(pk=paragraph.pk).update(keys_given=F("keys_given") + count)
        paragraph.refresh_from_db(fields=["keys_given"])
        numbers[paragraph.pk] = list(
            range(paragraph.keys_given - count + 1, paragraph.keys_given + 1)
        )
    return [
        case_key(cable.reference_id, paragraph.anchor, numbers[paragraph.pk].pop(0))
        for paragraph in paragraphs
    ]


def span_values(found: ExtractedCase, anchors: dict[int, str]) -> dict:
    """Where a found case is told, and how sure the extractor is: never curated.

    ``anchors`` gives the anchor of each current paragraph by its ordinal.
    """
    return {
        "span_start": found.start,
        "span_end": found.end,
        "excerpt": found.excerpt,
        "confidence": found.confidence,
        "tellings": [
            {
                "anchor": anchors[telling.paragraph_ordinal],
                "start": telling.start,
                "end": telling.end,
            }
            for telling in found.tellings
            if telling.paragraph_ordinal in anchors
        ],
    }


def publication(found: ExtractedCase, case: Case | None = None) -> dict:
    """Whether a found case is published, and on whose decision.

    A new case is published when the extractor is confident enough; the others wait for
    staff (pending). A stored case keeps what staff decided: rejected stays unpublished,
    accepted stays as staff left it, and one they withdrew stays withdrawn (unpublished,
    its review still auto). The extractor's own cases follow its confidence.
    """
    Review = Case.Review
    if case is not None:
        if case.review == Review.REJECTED:
            return {"is_published": False, "review": Review.REJECTED}
        if case.review == Review.ACCEPTED:
            return {"is_published": case.is_published, "review": Review.ACCEPTED}
        if case.review == Review.AUTO and not case.is_published:
            return {"is_published": False, "review": Review.AUTO}
    if found.publishable:
        return {"is_published": True, "review": Review.AUTO}
    return {"is_published": False, "review": Review.PENDING}


def case_values(found: ExtractedCase, outlets: dict[str, Outlet]) -> dict:
    """The fields the extractor gives a case, which staff may correct (curated fields)."""
    fields = found.fields
    years = fields.max_sentence_years
    return {
        "reported_on": found.reported_on,
        "outlet": outlets.get(found.outlet.slug) if found.outlet else None,
        "category": found.category,
        "exploitation": fields.exploitation or "",
        "sector": fields.sector or "",
        "exploitation_type": fields.exploitation_type or "",
        "means_of_control": list(fields.means_of_control),
        "minor": fields.minor,
        "ages": list(fields.ages),
        "victim_count_min": fields.victim_count_min,
        "victim_count_max": fields.victim_count_max,
        "victim_sex": fields.victim_sex or "",
        "outcome": fields.outcome,
        "max_sentence_years": None if years is None else Decimal(str(years)).quantize(CENTS),
        "life_sentence": fields.life_sentence,
        "amounts_usd": list(fields.amounts_usd),
        "summary": fields.summary[: Case._meta.get_field("summary").max_length],
        "occurred": fields.occurred[: Case._meta.get_field("occurred").max_length],
    }


def outlets_for(extracted: list[ExtractedCase]) -> dict[str, Outlet]:
    names = {found.outlet.slug: found.outlet.name for found in extracted if found.outlet}
    outlets = {outlet.slug: outlet for outlet in Outlet.objects.filter(slug__in=names)}
    for slug, name in names.items():
        if slug not in outlets:
            outlets[slug] = Outlet.objects.create(slug=slug, name=name)
    return outlets


def countries_for(extracted: list[ExtractedCase]) -> dict[str, Country]:
    codes = {code for found in extracted for code in found.fields.countries}
    countries = {country.code: country for country in Country.objects.filter(code__in=codes)}
    for code in codes - set(countries):
        countries[code] = Country.objects.create(code=code, name=country_label(code))
    return countries


def places_for(extracted: list[ExtractedCase]) -> dict[str, Place]:
    wanted = {place.key: place for found in extracted for place in found.fields.places}
    places = {place.key: place for place in Place.objects.filter(key__in=wanted)}
    for key, place in wanted.items():
        if key not in places:
            places[key] = Place.objects.create(
                key=key,
                slug=_place_slug(place.name, place.country, key),
                name=place.name,
                country=place.country,
                latitude=place.latitude,
                longitude=place.longitude,
                geonameid=place.geonameid,
            )
    return places


def _place_slug(name: str, country: str, key: str) -> str:
    """``shymkent-kz``; a second place of that name and country gets a suffix from its
    key, so that slugs never change once given."""
    slug = slugify(f"{name} {country}") or "place"
    if Place.objects.filter(slug=slug).exists():
        slug = f"{slug}-{hashlib.sha1(key.encode()).hexdigest()[:6]}"
    return slug


def reextract_cable(cable: Cable) -> None:
    """Run the extractor again over a cable's stored paragraphs, without its source file.

    Cases and paragraph scores are updated as an import would, curated fields excepted.
    """
    current = list(cable.paragraphs.filter(is_current=True).order_by("ordinal"))
    parsed = [
        ParsedParagraph(
            ordinal=paragraph.ordinal,
            number=paragraph.number,
            text=paragraph.text,
            heading=paragraph.heading,
            portion_marking=paragraph.portion_marking,
            depth=paragraph.depth,
            anchor=paragraph.anchor,
        )
        for paragraph in current
    ]
    extracted, scores = analyse(parsed, cable.sent_at, cable.origin_name, cable.tag_codes)
    with transaction.atomic():
        for paragraph in current:
            values = _score_values(scores.get(paragraph.ordinal))
            if any(getattr(paragraph, name) != value for name, value in values.items()):
                Paragraph.objects.filter(pk=paragraph.pk).update(**values)
        store_cases(cable, {paragraph.ordinal: paragraph for paragraph in current}, extracted)
        search_index.index_cases([cable.pk])


def reextract_cases(cases: QuerySet[Case]) -> int:
    """Re-extract the cables of these cases (after staff release curated fields)."""
    cables = Cable.objects.filter(pk__in=cases.values("cable_id"))
    for cable in cables:
        reextract_cable(cable)
    return len(cables)
