"""Full-text search over a case's paragraph text, summary and cable subject.

On PostgreSQL each case stores a weighted search vector (summary, then cable subject,
then paragraph text) with a GIN index; queries use web-search syntax (quoted phrases,
``-word``, ``or``), are ranked, and snippets come from ``ts_headline``. On SQLite the same
syntax is read by a small parser of ours and matched with case-insensitive substrings.

Snippets are built from untrusted cable text: the text is escaped first, and only then
are the highlight markers turned into ``<mark>`` elements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .. import rows
from ..models import Case, Paragraph
from ..search_index import CONFIG

# Control characters never occur in cable text, so they can mark highlights safely.
START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 40

_TOKEN = re.compile(r'(?P<neg>-?)"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+)')


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class Term:
    text: str
    negated: bool = False


def parse_query(text: str) -> list[list[Term]]:
    """Web-search syntax: groups ORed by ``or``, terms ANDed, ``-`` negates, quotes group."""
    groups: list[list[Term]] = [[]]
    for match in _TOKEN.finditer(text):
        if match["word"] is not None:
            word = match["word"]
            if word.lower() == "or":
                groups.append([])
                continue
            negated = word.startswith("-")
            word = word.lstrip("-").strip(".,;:!?()[]'")
            if word:
                groups[-1].append(Term(word, negated))
        elif match["phrase"].strip():
            groups[-1].append(Term(" ".join(match["phrase"].split()), bool(match["neg"])))
    return [group for group in groups if any(not term.negated for term in group)]


def _matches(term: Term) -> Q:
    return (
        Q(paragraph__text__icontains=term.text)
        | Q(summary__icontains=term.text)
        | Q(cable__subject__icontains=term.text)
    )


def search_cases(cases: QuerySet, text: str) -> QuerySet:
    """Cases matching ``text``; on PostgreSQL annotated with their ``rank``."""
    if on_postgres():
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        return cases.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
    groups = parse_query(text)
    if not groups:
        return cases.none()
    condition = Q()
    for group in groups:
        clause = Q()
        for term in group:
            clause &= ~_matches(term) if term.negated else _matches(term)
        condition |= clause
    return cases.filter(condition)


def order_cases(cases: QuerySet, sort: str) -> QuerySet:
    """``newest`` (the default), ``oldest``, or ``relevance`` (the default when searching)."""
    by_date = [F("reported_on").desc(nulls_last=True), "id"]
    if sort == "oldest":
        # The newest-first order backwards (undated cases still last), as the facet index
        # pages it.
        by_date = [F("reported_on").asc(nulls_last=True), "-id"]
    searching = "rank" in cases.query.annotations
    if searching and sort in ("", "relevance"):
        return cases.order_by("-rank", *by_date)
    return cases.order_by(*by_date)


def _marked(text: str) -> SafeString:
    """Escaped text whose highlight markers become <mark> elements."""
    escaped = escape(text)
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))


def snippets(paragraph_ids: Iterable[int], text: str) -> dict[int, SafeString]:
    """A highlighted excerpt of each paragraph for the search ``text``."""
    ids = list(paragraph_ids)
    if not ids or not text.strip():
        return {}
    if on_postgres():
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        rows = (
            Paragraph.objects.filter(pk__in=ids)
            .annotate(
                snippet=SearchHeadline(
                    "text",
                    query,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=SNIPPET_WORDS,
                    min_words=SNIPPET_WORDS // 2,
                )
            )
            .values_list("pk", "snippet")
        )
        return {pk: _marked(snippet) for pk, snippet in rows}
    terms = [term.text for group in parse_query(text) for term in group if not term.negated]
    rows = Paragraph.objects.filter(pk__in=ids).values_list("pk", "text")
    return {pk: _marked(_excerpt(body, terms)) for pk, body in rows}


def _excerpt(text: str, terms: list[str]) -> str:
    """Words around the first match, with every match marked (the SQLite fallback)."""
    if not terms:
        return " ".join(text.split()[:SNIPPET_WORDS])
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    first = pattern.search(text)
    start = 0 if first is None else max(0, text.rfind(" ", 0, max(0, first.start() - 120)) + 1)
    words = text[start:].split()[:SNIPPET_WORDS]
    excerpt = " ".join(words)
    marked = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", excerpt)
    return ("… " if start else "") + marked + (" …" if len(words) == SNIPPET_WORDS else "")


def matching_ids(text: str, among: list[int] | None = None) -> list[int]:
    """Ids of the cases matching ``text`` (of those ``among``, if given), most relevant
    first where ranking is available.

    (On PostgreSQL the sort by rank needs the working memory settings.py asks for.)
    """
    cases = Case.objects.all()
    if among is not None:
        cases = cases.filter(rows.among(Case, "id", among))
    ids = order_cases(search_cases(cases, text), "relevance").values_list("pk")
    # A common word matches 100,000 cases at a million: read the ids as plain rows,
    # without the ORM's work per row (50 ms of 300).
    try:
        sql, params = ids.query.sql_with_params()
    except EmptyResultSet:  # a query of nothing but negations or operators
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [pk for (pk,) in cursor.fetchall()]
