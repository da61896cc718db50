"""The full-text index kept beside the cases, on PostgreSQL and on SQLite alike.

Each case is indexed as five parts, weighted from the most to the least telling: its
summary, its own sentences (the excerpt), the labels of its fields ("Forced labour",
"Agriculture", its countries and places) with its cable's subject, and the rest of its
paragraph. A word of one case's sentences thus ranks that case above the other cases
told in the same paragraph.

PostgreSQL keeps a weighted ``tsvector`` per case (``Case.search_vector``, GIN index);
SQLite keeps an FTS5 table (``case_search``, Porter stemmer, rowid = case id, made by
migration 0010). Both are written explicitly, by whatever changes a case's text or labels
(the importer, bulk import, the admin), through ``index_cases``; ``cases.catalog.search``
reads them.

American and British spellings are folded at query time (``spelling_variants``): a query
for "labour" asks for "labor" too, so the index keeps the text as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import Prefetch

from .extraction import EXPLOITATION_TYPES, MEANS_OF_CONTROL, SECTORS
from .models import Case, Country, Place

# The text search configuration of vectors and queries alike (PostgreSQL).
CONFIG = "english"
# The SQLite full-text table (migration 0010).
FTS_TABLE = "case_search"
# Its columns, in order, and their weights in bm25 (PostgreSQL: A, B, C, D).
FTS_COLUMNS = ("summary", "excerpt", "labels", "context")
FTS_WEIGHTS = (10.0, 4.0, 2.0, 1.0)
# Cables indexed per round: their cases' rows are read and written together.
BATCH_CABLES = 500


# British spellings as written in cables and by analysts, and the American ones: a word
# beginning with the first is also looked for with the second, and the other way round.
# Stems, so that "labourers" and "organisations" fold as well.
SPELLINGS = {
    "labour": "labor",
    "organis": "organiz",
    "recognis": "recogniz",
    "criminalis": "criminaliz",
    "legalis": "legaliz",
    "penalis": "penaliz",
    "prioritis": "prioritiz",
    "authoris": "authoriz",
    "utilis": "utiliz",
    "mobilis": "mobiliz",
    "realis": "realiz",
    "minimis": "minimiz",
    "victimis": "victimiz",
    "stigmatis": "stigmatiz",
    "characteris": "characteriz",
    "harmonis": "harmoniz",
    "apologis": "apologiz",
    "centre": "center",
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "programme": "program",
    "behaviour": "behavior",
    "favour": "favor",
    "honour": "honor",
    "neighbour": "neighbor",
    "rumour": "rumor",
    "harbour": "harbor",
    "colour": "color",
    "travell": "travel",
    "counsell": "counsel",
    "judgement": "judgment",
    "analys": "analyz",
    "catalogue": "catalog",
    "enrolment": "enrollment",
    "fulfil": "fulfill",
    "paediatric": "pediatric",
    "gaol": "jail",
}
_AMERICAN = {american: british for british, american in SPELLINGS.items()}
_STEMS = re.compile(
    r"\b(" + "|".join(sorted({*SPELLINGS, *_AMERICAN}, key=len, reverse=True)) + r")",
    re.IGNORECASE,
)


def spelling_variants(text: str) -> list[str]:
    """``text`` and, if it holds a word spelt the British or the American way, the same
    text with each such word spelt the other way: ``["forced labour", "forced labor"]``."""
    if not _STEMS.search(text):
        return [text]

    def other(match: re.Match) -> str:
        stem = match.group(1)
        lower = stem.lower()
        swapped = SPELLINGS.get(lower) or _AMERICAN[lower]
        return swapped.capitalize() if stem[:1].isupper() else swapped

    variant = _STEMS.sub(other, text)
    return [text] if variant == text else [text, variant]


@dataclass(frozen=True)
class Document:
    """What the index holds of one case."""

    case_id: int
    summary: str
    excerpt: str
    labels: str
    context: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.summary, self.excerpt, self.labels, self.context)


def field_labels(case: Case) -> list[str]:
    """The readable labels of a case's fields and its cable's subject (countries and places
    prefetched): the words a facet shows, so that a search finds what the facets count."""
    labels = []
    if case.exploitation:
        labels.append(Case.Exploitation(case.exploitation).label)
    if case.sector:
        labels.append(SECTORS.get(case.sector, case.sector.replace("_", " ")))
    if case.exploitation_type:
        labels.append(EXPLOITATION_TYPES.get(case.exploitation_type, case.exploitation_type))
    labels += [MEANS_OF_CONTROL.get(means, means) for means in case.means_of_control]
    if case.outcome and case.outcome != Case.Outcome.NONE:
        labels.append(Case.Outcome(case.outcome).label)
    labels += [country.name for country in case.countries.all()]
    labels += [place.name for place in case.places.all()]
    labels.append(case.category.title() if case.category.isupper() else case.category)
    labels.append(case.cable.subject)
    return [label for label in labels if label]


def document(case: Case) -> Document:
    """The index's view of a case (with its paragraph, cable, countries and places)."""
    text = case.paragraph.text
    excerpt = case.excerpt
    if excerpt and excerpt != text and excerpt in text:
        context = text.replace(excerpt, " ", 1)
    elif excerpt == text:
        context = ""
    else:
        context = text
    return Document(
        case_id=case.pk,
        summary=case.summary,
        excerpt=excerpt,
        labels=" · ".join(field_labels(case)),
        context=context,
    )


def documents(cable_ids: list[int]) -> Iterator[Document]:
    cases = (
        Case.objects.filter(cable_id__in=cable_ids)
        .select_related("paragraph", "cable")
        .only(
            *(
                f.name
                for f in Case._meta.concrete_fields
                if f.name not in ("search_vector", "tellings")
            ),
            "paragraph__text",
            "cable__subject",
        )
        .prefetch_related(
            Prefetch("countries", queryset=Country.objects.only("code", "name")),
            Prefetch("places", queryset=Place.objects.only("pk", "name")),
        )
        .order_by("id")
    )
    for case in cases:
        yield document(case)


def index_cases(cable_ids: Iterable[int]) -> None:
    """Recompute the index entries of every case of these cables.

    Called explicitly by whatever changes a case's text or fields: the importer, bulk
    import, the admin (cases, and the countries and places they name).
    """
    ids = list(cable_ids)
    for start in range(0, len(ids), BATCH_CABLES):
        batch = ids[start : start + BATCH_CABLES]
        rows = list(documents(batch))
        if connection.vendor == "postgresql":
            _write_vectors(rows)
        elif connection.vendor == "sqlite":
            _write_fts(batch, rows)


def index_all() -> None:
    """Rebuild the whole index (after a change of what it holds)."""
    from .models import Cable

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
    index_cases(Cable.objects.order_by("pk").values_list("pk", flat=True).iterator())


def _write_vectors(rows: list[Document]) -> None:
    """One UPDATE for the batch, its rows passed as arrays (a statement per case cost a
    round trip each: four times slower)."""
    table = Case._meta.db_table
    vector = " || ".join(
        f"setweight(to_tsvector('{CONFIG}', d.{column}), '{weight}')"
        for column, weight in zip(FTS_COLUMNS, "ABCD", strict=True)
    )
    columns = [[row.case_id for row in rows]] + [
        [row.columns[n] for row in rows] for n in range(len(FTS_COLUMNS))
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS c SET search_vector = {vector} "
            f"FROM unnest(%s::bigint[], {', '.join(['%s::text[]'] * len(FTS_COLUMNS))}) "
            f"AS d(id, {', '.join(FTS_COLUMNS)}) WHERE c.id = d.id",
            columns,
        )


def _write_fts(cable_ids: list[int], rows: list[Document]) -> None:
    table = Case._meta.db_table
    marks = ", ".join("%s" for _ in cable_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {FTS_TABLE} WHERE rowid IN "
            f"(SELECT id FROM {table} WHERE cable_id IN ({marks}))",
            cable_ids,
        )
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(FTS_COLUMNS)}) "
            "VALUES (%s, %s, %s, %s, %s)",
            [(row.case_id, *row.columns) for row in rows],
        )
