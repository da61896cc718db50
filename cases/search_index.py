"""The search vectors kept beside the cases, for PostgreSQL's full-text search.

Written explicitly by whatever changes a case's text (the importer, bulk import, the admin);
read by ``cases.catalog.search``. On SQLite there is nothing to keep.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from .models import Cable, Case, Paragraph

# The text search configuration of vectors and queries alike.
CONFIG = "english"


def index_cases(cable_ids: Iterable[int]) -> None:
    """Recompute the search vectors of the cases of these cables (PostgreSQL only).

    Called explicitly by whatever changes a case's text: the importer and the admin.
    """
    ids = list(cable_ids)
    if not ids or connection.vendor != "postgresql":
        return
    case, paragraph, cable = Case._meta.db_table, Paragraph._meta.db_table, Cable._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {case} AS c SET search_vector =
                setweight(to_tsvector(%s, coalesce(c.summary, '')), 'A')
                || setweight(to_tsvector(%s, coalesce(cb.subject, '')), 'B')
                || setweight(to_tsvector(%s, coalesce(p.text, '')), 'C')
            FROM {paragraph} AS p, {cable} AS cb
            WHERE p.id = c.paragraph_id AND cb.id = c.cable_id AND c.cable_id = ANY(%s)
            """,
            [CONFIG, CONFIG, CONFIG, ids],
        )
