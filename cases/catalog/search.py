"""Full-text search over a case's summary, its own sentences, its field labels and cable
subject, and the rest of its paragraph (``cases.search_index`` keeps the index).

One query syntax on both databases, PostgreSQL's web-search syntax: words are all
required, ``"quoted words"`` form a phrase, ``-word`` excludes, ``or`` separates
alternatives. The query is parsed here, once, and written for each database: a
``tsquery`` of phrases on PostgreSQL, an FTS5 expression on SQLite (Porter stemmer, and
PostgreSQL's stop words left out, so that both find the same cases). Every word spelt the
British or the American way is looked for in both spellings. Results are ranked (ts_rank
with weights A-D; bm25 with the same order of weights), and snippets come from
``ts_headline`` or FTS5's ``snippet``, taken from the case's own sentences first.

Snippets are built from untrusted cable text: the text is escaped first, and only then
are the highlight markers turned into ``<mark>`` elements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .. import rows
from ..models import Case
from ..search_index import CONFIG, FTS_TABLE, FTS_WEIGHTS, spelling_variants

# Control characters never occur in cable text, so they can mark highlights safely.
START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 40

_TOKEN = re.compile(r'(?P<neg>-?)"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+)')
_WORD = re.compile(r"\w+")

# PostgreSQL's english stop words (english.stop): its queries leave them out, and so do
# the SQLite expressions written here.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now""".split()
)


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class Term:
    text: str
    negated: bool = False


def parse_query(text: str) -> list[list[Term]]:
    """Web-search syntax: groups ORed by ``or``, terms ANDed, ``-`` negates, quotes group.

    Terms without a word that counts (punctuation, stop words) are left out, as
    PostgreSQL leaves them out; so is a group left without a term it requires.
    """
    groups: list[list[Term]] = [[]]
    for match in _TOKEN.finditer(text):
        if match["word"] is not None:
            word = match["word"]
            if word.lower() == "or":
                groups.append([])
                continue
            negated = word.startswith("-")
            word = word.lstrip("-").strip(".,;:!?()[]'")
            if _counts(word):
                groups[-1].append(Term(word, negated))
        elif _counts(match["phrase"]):
            groups[-1].append(Term(" ".join(match["phrase"].split()), bool(match["neg"])))
    return [group for group in groups if any(not term.negated for term in group)]


def _counts(text: str) -> bool:
    return any(word.lower() not in STOP_WORDS for word in _WORD.findall(text))


# PostgreSQL --------------------------------------------------------------------------


def _tsquery(groups: list[list[Term]]) -> SearchQuery:
    def term(term: Term) -> SearchQuery:
        variants = [
            SearchQuery(variant, config=CONFIG, search_type="phrase", invert=term.negated)
            for variant in spelling_variants(term.text)
        ]
        # Excluded: neither spelling (a combined query cannot be inverted as a whole).
        return reduce(and_ if term.negated else or_, variants)

    return reduce(or_, (reduce(and_, (term(t) for t in group)) for group in groups))


# SQLite ------------------------------------------------------------------------------


def fts_expression(groups: list[list[Term]]) -> str:
    """The FTS5 query of parsed groups: every term a quoted string (so that nothing the
    analyst types is read as FTS5 syntax), alternatives ORed, exclusions with NOT."""

    def term(term: Term) -> str:
        words = _WORD.findall(term.text)
        # Stop words at the ends of a phrase: PostgreSQL drops them.
        while words and words[0].lower() in STOP_WORDS:
            words.pop(0)
        while words and words[-1].lower() in STOP_WORDS:
            words.pop()
        variants = spelling_variants(" ".join(words))
        return "(" + " OR ".join(f'"{variant}"' for variant in variants) + ")"

    def group(terms: list[Term]) -> str:
        expression = " AND ".join(term(t) for t in terms if not t.negated)
        for negated in (t for t in terms if t.negated):
            expression = f"({expression}) NOT {term(negated)}"
        return f"({expression})"

    return " OR ".join(group(terms) for terms in groups)


def _bm25() -> str:
    return f"bm25({FTS_TABLE}, {', '.join(str(weight) for weight in FTS_WEIGHTS)})"


# Both --------------------------------------------------------------------------------


def search_cases(cases: QuerySet, text: str) -> QuerySet:
    """Cases matching ``text``, annotated with their ``rank`` (higher is better)."""
    groups = parse_query(text)
    if not groups:
        return cases.none()
    if on_postgres():
        query = _tsquery(groups)
        return cases.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
    table = Case._meta.db_table
    return cases.extra(
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = {table}.id", f"{FTS_TABLE} MATCH %s"],
        params=[fts_expression(groups)],
    ).annotate(rank=RawSQL(f"-{_bm25()}", (), output_field=FloatField()))


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


def snippets(case_ids: Iterable[int], text: str) -> dict[int, SafeString]:
    """A highlighted extract of each case for the search ``text``, by case id: from the
    case's own sentences where they match, else from the rest of its paragraph."""
    ids = list(case_ids)
    groups = parse_query(text)
    if not ids or not groups:
        return {}
    if on_postgres():
        query = _tsquery(groups)
        options = {
            "config": CONFIG,
            "start_sel": START,
            "stop_sel": STOP,
            "max_words": SNIPPET_WORDS,
            "min_words": SNIPPET_WORDS // 2,
        }
        found = (
            Case.objects.filter(pk__in=ids)
            .annotate(
                own=SearchHeadline("excerpt", query, **options),
                rest=SearchHeadline("paragraph__text", query, **options),
            )
            .values_list("pk", "own", "rest")
        )
    else:
        # Columns 1 and 3: the excerpt, the rest of the paragraph.
        extract = f"snippet({FTS_TABLE}, %s, %s, %s, '…', {SNIPPET_WORDS})"
        sql = (
            f"SELECT rowid, {extract}, {extract} FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({', '.join('%s' for _ in ids)})"
        )
        params = [1, START, STOP, 3, START, STOP, fts_expression(groups), *ids]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
    result = {}
    for pk, own, rest in found:
        chosen = own if START in (own or "") or START not in (rest or "") else rest
        result[pk] = _marked(chosen or own or rest or "")
    return result


def matching_ids(text: str, among: list[int] | None = None) -> list[int]:
    """Ids of the cases matching ``text`` (of those ``among``, if given), most relevant
    first.

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
