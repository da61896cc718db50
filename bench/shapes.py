"""What the page benchmark asks for: query shapes, each a pool of requests of that shape.

The requests of a shape all differ (other filter values, another page, another case), so
that none can be answered from a cache filled by an earlier one; their first request,
repeated, measures the cached case. Filter values are taken from cases drawn at random,
so every combination selects something and frequent values come up as often as they would
for an analyst. Needs Django set up on the benchmark database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from urllib.parse import urlencode

from bench.synthetic import search_words

LIST_PATH = "/cases/"
EXPORT_PATH = "/cases.csv"
# One filter: any of these facets (one value); several filters: always these.
SINGLE_FACETS = """
category exploitation country year tag outcome origin outlet place classification
""".split()
THREE_FILTERS = ("country", "exploitation", "year")
FIVE_FILTERS = ("country", "exploitation", "year", "tag", "outcome")
DEEP_PAGE = 2000


@dataclass(frozen=True)
class Request:
    path: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def url(self) -> str:
        return f"{self.path}?{urlencode(self.params)}" if self.params else self.path


@dataclass(frozen=True)
class Shape:
    name: str
    kind: str  # "list" (the faceted case list), "page" (one case or cable), "export"
    requests: list[Request]
    note: str = ""


def facet_values(case) -> dict[str, list[str]]:
    """The values of a case for each facet filter, as the list's query string writes them."""
    minor = {True: "true", False: "false", None: "unknown"}[case.minor]
    reported = case.reported_on
    values = {
        "category": [case.category],
        "exploitation": [case.exploitation],
        "sector": [case.sector],
        "outcome": [case.outcome],
        "minor": [minor],
        "year": [str(reported.year)] if reported else [],
        "month": [f"{reported:%Y-%m}"] if reported else [],
        "outlet": [case.outlet.slug] if case.outlet else [],
        "country": [country.code for country in case.countries.all()],
        "place": [place.slug for place in case.places.all()],
        "origin": [case.cable.origin_name],
        "classification": [case.cable.classification],
        "tag": [link.tag.code for link in case.cable.cabletag_set.all()],
    }
    return {name: [value for value in found if value] for name, found in values.items()}


def sample_cases(count: int, rng: random.Random) -> list:
    """About ``count`` published cases drawn at random, with what their facets need."""
    from django.db.models import Max

    from cases.models import Case

    top = Case.objects.aggregate(top=Max("pk"))["top"] or 0
    ids = rng.sample(range(1, top + 1), min(top, count * 2))
    cases = (
        Case.objects.published()
        .filter(pk__in=ids)
        .select_related("outlet", "cable", "paragraph")
        .prefetch_related("countries", "places", "cable__cabletag_set__tag")
    )
    found = {case.pk: case for case in cases}
    return [found[pk] for pk in ids if pk in found][:count]


def build_shapes(count: int, export_rows: int = 100_000, seed: int = 1) -> list[Shape]:
    """The shapes, ``count`` requests each (fewer where the database has fewer)."""
    from django.conf import settings

    from cases.models import Case

    rng = random.Random(seed)
    cases = sample_cases(count * 4, rng)
    values = [facet_values(case) for case in cases]
    published = Case.objects.published().count()
    words = measured_words(search_words(*SEARCH_SHARE), published, rng)
    last_page = max(1, -(-published // settings.CASES_PER_PAGE))
    deep = min(DEEP_PAGE, last_page)

    def filtered(names: tuple[str, ...], with_word: bool = False) -> list[Request]:
        requests = []
        for case, found in zip(cases, values, strict=True):
            if all(found.get(name) for name in names):
                params = [(name, rng.choice(found[name])) for name in names]
                if with_word:
                    params.insert(0, ("q", word_in(case.paragraph.text, words, rng)))
                requests.append(Request(LIST_PATH, tuple(params)))
        return requests[:count]

    def one_filter() -> list[Request]:
        requests = []
        for found in values[:count]:
            name = rng.choice([name for name in SINGLE_FACETS if found.get(name)])
            requests.append(Request(LIST_PATH, ((name, rng.choice(found[name])),)))
        return requests

    pages = [Request(LIST_PATH, (("page", str(page)),)) for page in range(1, count + 1)]
    deep_pages = [
        Request(LIST_PATH, (("page", str(page)),))
        for page in range(deep, deep - count, -1)
        if page >= 1
    ]
    # Every request differs, so that no cache answers it: each word, then their second
    # pages, and so on.
    searches = [
        Request(LIST_PATH, (("q", words[i % len(words)]), ("page", str(1 + i // len(words)))))
        for i in range(count)
    ]
    return [
        Shape("no filter", "list", pages, "pages 1, 2, 3 ..."),
        Shape("1 filter", "list", one_filter(), "any one facet"),
        Shape("3 filters", "list", filtered(THREE_FILTERS), "+".join(THREE_FILTERS)),
        Shape("5 filters", "list", filtered(FIVE_FILTERS), "+".join(FIVE_FILTERS)),
        Shape("search", "list", searches, "a word found in 4-8% of the cases"),
        Shape("search + 3 filters", "list", filtered(THREE_FILTERS, with_word=True)),
        Shape("deep page", "list", deep_pages, f"page {deep} and the pages before it"),
        Shape("case page", "page", [Request(case.get_absolute_url()) for case in cases[:count]]),
        Shape("cable page", "page", [Request(c.cable.get_absolute_url()) for c in cases[:count]]),
        export_shape(export_rows),
    ]


SEARCH_SHARE = (0.04, 0.08)
SEARCH_WORDS = 40


def measured_words(candidates: list[str], published: int, rng: random.Random) -> list[str]:
    """Words that the archive's own search finds in 4-8% of the published cases.

    The generator's word frequencies say how often a word is written, but a search also
    finds the words that stem alike ("organs" finds "organized" on PostgreSQL), so each
    candidate's share is counted; the first forty in range, in random order, are kept.
    """
    from cases.catalog.search import search_cases
    from cases.models import Case

    low, high = SEARCH_SHARE
    shuffled = rng.sample(candidates, len(candidates))
    kept = []
    for word in shuffled:
        share = search_cases(Case.objects.published(), word).count() / max(published, 1)
        if low <= share <= high:
            kept.append(word)
            if len(kept) == SEARCH_WORDS:
                break
    return kept or candidates


def word_in(text: str, words: list[str], rng: random.Random) -> str:
    """One of ``words`` that ``text`` contains, so that the search finds at least its case."""
    present = set(text.lower().replace(".", " ").split())
    return rng.choice([word for word in words if word in present] or words)


def export_shape(rows: int) -> Shape:
    """The CSV export of about ``rows`` cases: the newest, from the date that gives that many."""
    from cases.models import Case

    dates = Case.objects.published().order_by("-reported_on").values_list("reported_on", flat=True)
    total = Case.objects.published().count()
    since = dates[min(rows, total) - 1] if total else None
    params = (("from", since.isoformat()),) if since else ()
    name = f"CSV export {rows // 1000}k" if rows >= 1000 else f"CSV export {rows}"
    return Shape(name, "export", [Request(EXPORT_PATH, params)], f"the newest {rows:,} cases")
