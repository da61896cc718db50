from datetime import UTC, date, datetime

import pytest
from django.db import connection

from cases.catalog.facet_index import FacetIndex, Selection
from cases.catalog.live_index import current_index
from cases.models import ArchiveState, Cable, CableTag, Case, Country, Tag


@pytest.fixture
def cable(db):
    return Cable.objects.create(
        reference_id="09RIGA1",
        sent_at=datetime(2009, 3, 1, tzinfo=UTC),
        origin_name="Embassy Riga",
        classification="UNCLASSIFIED",
        source_text="-",
        content_hash="-",
    )


def add(cable, ordinal, reported_on, **fields):
    paragraph = cable.paragraphs.create(ordinal=ordinal, anchor=f"p{ordinal}", text="-")
    return Case.objects.create(
        cable=cable,
        paragraph=paragraph,
        key=paragraph.take_case_key(),
        reported_on=reported_on,
        **fields,
    )


def test_every_write_gives_a_new_version(cable):
    """Writes to cases, their countries and cable tags all change the archive version."""
    case = add(cable, 1, date(2009, 1, 5))
    seen = {ArchiveState.current_version()}
    Country.objects.create(code="LV", name="Latvia")
    case.countries.add("LV")
    seen.add(ArchiveState.current_version())
    CableTag.objects.create(cable=cable, tag=Tag.objects.create(code="KTIP"), position=0)
    seen.add(ArchiveState.current_version())
    Case.objects.filter(pk=case.pk).update(is_published=False)  # a bulk write, no save()
    seen.add(ArchiveState.current_version())
    with connection.cursor() as cursor:  # and a write no Python code announces
        cursor.execute("UPDATE cases_case SET category = 'X'")
    seen.add(ArchiveState.current_version())
    assert len(seen) == 5


def test_index_follows_the_data(client, cable):
    """The list reflects a change made behind the views' back at the next request."""
    case = add(cable, 1, date(2009, 1, 5), category="LABOUR")
    assert client.get("/cases.json").json()["count"] == 1
    first = current_index()
    Case.objects.filter(pk=case.pk).update(category="SEX")
    data = client.get("/cases.json").json()
    assert [value["value"] for value in data["facets"]["category"]] == ["SEX"]
    assert current_index() is not first


def test_pages_in_both_orders(cable):
    """Newest first puts undated cases last; oldest first is its reverse, undated still last."""
    cases = [
        add(cable, 1, date(2009, 1, 5)),
        add(cable, 2, None),
        add(cable, 3, date(2008, 6, 1)),
        add(cable, 4, date(2009, 1, 5)),
        add(cable, 5, None),
    ]
    ids = [case.pk for case in cases]
    index = FacetIndex.build("test")
    everything = index.answer(Selection(facets={})).result
    assert index.page(everything, 0, 5, oldest_first=False) == [
        ids[0],
        ids[3],
        ids[2],
        ids[1],
        ids[4],
    ]
    assert index.page(everything, 0, 5, oldest_first=True) == [
        ids[2],
        ids[3],
        ids[0],
        ids[4],
        ids[1],
    ]
    assert index.page(everything, 3, 10, oldest_first=True) == [ids[4], ids[1]]
    assert index.page(everything, 9, 10, oldest_first=False) == []


@pytest.mark.parametrize(
    "date_from, date_to, ordinals",
    [
        (date(2009, 1, 1), None, [1, 4]),
        (None, date(2009, 1, 1), [3]),
        (date(2008, 6, 1), date(2008, 6, 2), [3]),
        (date(2010, 1, 1), None, []),
    ],
)
def test_date_ranges(cable, date_from, date_to, ordinals):
    """A date range selects dated cases only, from its first day to before its end."""
    cases = {
        ordinal: add(cable, ordinal, day)
        for ordinal, day in [
            (1, date(2009, 1, 5)),
            (2, None),
            (3, date(2008, 6, 1)),
            (4, date(2009, 1, 5)),
        ]
    }
    index = FacetIndex.build("test")
    result = index.answer(Selection(facets={}, date_from=date_from, date_to=date_to)).result
    assert sorted(index.ids[rank] for rank in result) == sorted(cases[o].pk for o in ordinals)


def test_unpublished_cases_are_not_indexed(cable):
    """Withdrawn cases are in no bitmap, so no count includes them."""
    add(cable, 1, date(2009, 1, 5), category="SEX")
    hidden = add(cable, 2, date(2009, 1, 6), category="SEX", is_published=False)
    index = FacetIndex.build("test")
    assert index.answer(Selection(facets={})).counts["category"] == {"SEX": 1}
    assert index.rank(hidden.pk) == -1


def test_the_empty_archive_has_an_empty_index(db):
    """A new archive, no case yet: the index builds, counts nothing and finds nothing (the
    first page of a fresh deployment, before any import)."""
    index = FacetIndex.build(ArchiveState.current_version(), "default")
    assert index.size == 0 and len(index.everything) == 0
    assert all(not values for values in index.values.values())
