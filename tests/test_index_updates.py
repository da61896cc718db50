"""The facet index follows the archive's change log: after any edits, the index updated by
deltas answers every query as one built anew from the database."""

import random
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.catalog import facet_index, live_index
from cases.catalog.facet_index import FacetIndex, Selection
from cases.catalog.live_index import current_index
from cases.models import (
    ArchiveChange,
    ArchiveState,
    Cable,
    CableTag,
    Case,
    Country,
    Outlet,
    Place,
    Tag,
)

Kind = ArchiveChange.Kind
# Each test twice: facets counted from their bitmaps, then from value tables (conftest).
pytestmark = pytest.mark.usefixtures("counted_from")
CATEGORIES = ["SEX", "LABOUR", "ORGANS", ""]
OUTCOMES = [choice for choice, _ in Case.Outcome.choices]
EXPLOITATIONS = ["", *(choice for choice, _ in Case.Exploitation.choices)]


@pytest.fixture
def archive(db):
    """Three cables, their tags, outlets, countries, places and 40 cases with every facet
    filled at random (a few undated, a few unpublished)."""
    rng = random.Random(16)
    countries = [Country.objects.create(code=c, name=f"Country {c}") for c in ("KZ", "KG", "RU")]
    places = [
        Place.objects.create(key=f"p{n}", slug=f"place-{n}", name=f"Place {n}", country="KZ")
        for n in range(5)
    ]
    outlets = [Outlet.objects.create(slug=f"outlet-{n}", name=f"Outlet {n}") for n in range(4)]
    tags = [Tag.objects.create(code=code) for code in ("KTIP", "PHUM", "KZ", "SMIG")]
    cables = []
    for n in range(3):
        cable = Cable.objects.create(
            reference_id=f"09ASTANA{n}",
            sent_at=datetime(2009, 3, n + 1, tzinfo=UTC),
            origin_name=f"Embassy {n % 2}",
            classification=["UNCLASSIFIED", "CONFIDENTIAL"][n % 2],
            source_text="-",
            content_hash="-",
        )
        for position, tag in enumerate(rng.sample(tags, 2)):
            CableTag.objects.create(cable=cable, tag=tag, position=position)
        cables.append(cable)
    state = {"rng": rng, "countries": countries, "places": places, "outlets": outlets}
    state.update(tags=tags, cables=cables, ordinal=0)
    for _ in range(40):
        new_case(state)
    return state


def some_day(rng) -> date | None:
    # Few days, so that many cases share one: ties are ordered by id.
    return None if rng.random() < 0.15 else date(2008, rng.choice([1, 5, 9]), rng.choice([3, 20]))


def new_case(state) -> Case:
    rng = state["rng"]
    cable = rng.choice(state["cables"])
    state["ordinal"] += 1
    paragraph = cable.paragraphs.create(
        ordinal=state["ordinal"], anchor=f"p{state['ordinal']}", text="-"
    )
    case = Case.objects.create(
        cable=cable,
        paragraph=paragraph,
        key=paragraph.take_case_key(),
        reported_on=some_day(rng),
        category=rng.choice(CATEGORIES),
        outcome=rng.choice(OUTCOMES),
        exploitation=rng.choice(EXPLOITATIONS),
        minor=rng.choice([True, False, None]),
        outlet=rng.choice([*state["outlets"], None]),
        is_published=rng.random() > 0.1,
    )
    case.countries.set(rng.sample(state["countries"], rng.randint(0, 2)))
    case.places.set(rng.sample(state["places"], rng.randint(0, 2)))
    return case


def edit(state) -> None:
    """One edit of the kinds the admin, imports and re-extraction make."""
    rng = state["rng"]
    cases = list(Case.objects.all())
    case = rng.choice(cases)
    what = rng.randrange(12)
    if what == 0:
        case.reported_on = some_day(rng)
        case.save()
    elif what == 1:
        case.category, case.outcome = rng.choice(CATEGORIES), rng.choice(OUTCOMES)
        case.save()
    elif what == 2:
        Case.objects.filter(pk=case.pk).update(is_published=not case.is_published)
    elif what == 3:
        new_case(state)
    elif what == 4:
        case.countries.set(rng.sample(state["countries"], rng.randint(0, 3)))
    elif what == 5:
        case.places.add(rng.choice(state["places"]))
    elif what == 6:
        cable = rng.choice(state["cables"])
        Cable.objects.filter(pk=cable.pk).update(origin_name=f"Embassy {rng.randrange(4)}")
    elif what == 7:
        cable = rng.choice(state["cables"])
        tag = rng.choice(state["tags"])
        link = CableTag.objects.filter(cable=cable, tag=tag)
        if link.exists():
            link.delete()
        else:
            CableTag.objects.create(cable=cable, tag=tag, position=10 + rng.randrange(1000))
    elif what == 8:  # an outlet renamed, or a new one given to a case
        outlet = rng.choice(state["outlets"])
        Outlet.objects.filter(pk=outlet.pk).update(slug=f"renamed-{rng.randrange(10**6)}")
        case.outlet = Outlet.objects.create(slug=f"new-{rng.randrange(10**6)}", name="New")
        case.save()
    elif what == 9:
        place = rng.choice(state["places"])
        Place.objects.filter(pk=place.pk).update(
            slug=f"moved-{rng.randrange(10**6)}", name=f"Renamed {rng.randrange(100)}"
        )
    elif what == 10:
        tag = rng.choice(state["tags"])
        Tag.objects.filter(pk=tag.pk).update(code=f"K{rng.randrange(10**6)}", description="renamed")
    else:
        case.delete()


def selections(index: FacetIndex) -> list[Selection]:
    chosen = [Selection(facets={})]
    for name, values in index.values.items():
        for value in values:
            chosen.append(Selection(facets={name: [value]}))
    chosen.append(Selection(facets={"category": ["SEX", "LABOUR"], "minor": ["true"]}))
    chosen.append(Selection(facets={"country": ["KZ"], "outcome": OUTCOMES[:3]}))
    chosen.append(Selection(facets={}, date_from=date(2008, 5, 1)))
    chosen.append(Selection(facets={}, date_to=date(2008, 5, 21)))
    chosen.append(Selection(facets={"year": ["2008"]}, date_from=date(2008, 1, 4)))
    return chosen


def same_answers(updated: FacetIndex, fresh: FacetIndex) -> None:
    """Every query answers alike: counts, cases, both orders, positions, labels."""
    assert {n: set(v) for n, v in updated.values.items() if v} == {
        n: set(v) for n, v in fresh.values.items() if v
    }
    for selection in selections(fresh) + selections(updated):
        mine, theirs = updated.answer(selection), fresh.answer(selection)
        assert mine.counts == theirs.counts, selection
        size = len(theirs.result)
        assert len(mine.result) == size
        for oldest in (False, True):
            order = fresh.page(theirs.result, 0, size, oldest_first=oldest)
            assert updated.page(mine.result, 0, size, oldest_first=oldest) == order, selection
            assert updated.page(mine.result, 1, 3, oldest_first=oldest) == order[1:3]
            for position, case_id in enumerate(order):
                assert updated.position(mine.result, case_id, oldest_first=oldest) == position
        ids = [case_id for case_id in Case.objects.values_list("id", flat=True)]
        random.Random(size).shuffle(ids)
        assert updated.ordered_within(ids, mine.result) == fresh.ordered_within(ids, theirs.result)
    for name, labels in fresh.labels.items():
        for value in fresh.values.get(name, {}):
            assert updated.labels[name].get(value) == labels.get(value), (name, value)


def test_deltas_equal_a_build_after_random_edits(archive, counted_from, monkeypatch):
    """Hundreds of random edits, a few at a time: after each batch the index the process
    serves was updated from the change log, not built again, and answers as a new build."""
    first = current_index()
    built_from = live_index._live.file
    for _ in range(40):
        for _ in range(archive["rng"].randint(1, 6)):
            edit(archive)
        updated = current_index()
        # Built anew without tables: deltas on tables answer as plain bitmaps do.
        with monkeypatch.context() as without_tables:
            without_tables.setattr(facet_index, "MANY_VALUES", 10**9)
            fresh = FacetIndex.build(ArchiveState.current_version())
        same_answers(updated, fresh)
    assert live_index._live.file == built_from, "a delta should not need a new build"
    assert bool(updated.tables) == (counted_from == "tables")
    assert len(updated.overflow.ids) and updated is not first


def test_an_edit_reaches_the_counts_at_the_next_request(client, archive):
    """A change of category shows in the list's counts at once, through a delta."""
    client.get("/cases.json")
    case = Case.objects.filter(is_published=True).first()
    case.category = "NEW CATEGORY"
    case.save()
    counts = client.get("/cases.json?category=NEW+CATEGORY").json()
    assert counts["count"] == 1
    assert current_index().overflow.moved == {case.pk: current_index().built}


def test_gone_notes_mean_a_new_build(archive):
    """When the log no longer holds the note the index stopped at, it is built anew."""
    current_index()
    before = live_index._live.file
    ArchiveState.objects.update(changes_kept=2)
    for _ in range(8):
        edit(archive)
    assert ArchiveChange.objects.count() <= 3 * 2
    index = current_index()
    assert live_index._live.file != before
    same_answers(index, FacetIndex.build(ArchiveState.current_version()))
    assert not len(index.overflow.ids)


def test_a_change_too_large_for_a_delta_is_built(archive, monkeypatch):
    """Past MAX_CASES changed cases, a build replaces the index instead of a delta."""
    monkeypatch.setattr(live_index, "MAX_CASES", 3)
    current_index()
    before = live_index._live.file
    Case.objects.update(category="ALL")
    index = current_index()
    assert live_index._live.file != before and not len(index.overflow.ids)
    assert index.answer(Selection(facets={})).counts["category"] == {
        "ALL": Case.objects.filter(is_published=True).count()
    }


def test_a_rolled_back_write_is_not_kept(archive):
    """An index that applied notes a transaction then rolled back is built again: the note
    it stopped at is gone (or, its id given again, has another token)."""
    from django.db import transaction

    current_index()
    with pytest.raises(RuntimeError), transaction.atomic():
        Case.objects.update(category="NEVER")
        assert "NEVER" in current_index().values["category"]
        raise RuntimeError
    edit(archive)
    index = current_index()
    assert "NEVER" not in index.values["category"]
    same_answers(index, FacetIndex.build(ArchiveState.current_version()))


@pytest.mark.parametrize(
    "write, kind",
    [
        (lambda a: Case.objects.filter(pk=a["case"].pk).update(category="X"), Kind.CASE),
        (lambda a: a["case"].countries.add(a["country"]), Kind.CASE),
        (lambda a: a["case"].places.clear(), Kind.CASE),
        (lambda a: Cable.objects.filter(pk=a["cable"].pk).update(subject="x"), Kind.CABLE),
        (lambda a: CableTag.objects.filter(cable=a["cable"]).delete(), Kind.CABLE),
        (lambda a: Outlet.objects.filter(pk=a["outlet"].pk).update(name="x"), Kind.OUTLET),
        (lambda a: Place.objects.filter(pk=a["place"].pk).update(name="x"), Kind.PLACE),
        (lambda a: Country.objects.filter(code="KZ").update(name="x"), Kind.COUNTRY),
        (lambda a: Tag.objects.filter(pk=a["tag"].pk).update(description="x"), Kind.TAG),
    ],
)
def test_every_write_notes_what_it_changed(archive, write, kind):
    """A write to any table the lists read is noted with the row it changed, whoever
    writes (here bulk updates, which send no signal), and changes the version."""
    case = Case.objects.filter(countries__isnull=False, places__isnull=False).first()
    rows = {
        "case": case,
        "country": Country.objects.create(code="TR", name="Turkey"),
        "cable": case.cable,
        "outlet": archive["outlets"][0],
        "place": archive["places"][0],
        "tag": archive["tags"][0],
    }
    expected = {
        Kind.CASE: case.pk,
        Kind.CABLE: case.cable_id,
        Kind.OUTLET: rows["outlet"].pk,
        Kind.PLACE: rows["place"].pk,
        Kind.COUNTRY: None,
        Kind.TAG: rows["tag"].pk,
    }[kind]
    newest = ArchiveChange.objects.order_by("-id").values_list("id", flat=True).first()
    version = ArchiveState.current_version()
    write(rows)
    notes = set(ArchiveChange.objects.filter(id__gt=newest).values_list("kind", "row_id"))
    assert (kind, expected) in notes
    assert ArchiveState.current_version() != version


def test_the_log_keeps_the_newest_notes(archive):
    """Past twice changes_kept notes, the oldest are deleted; the newest always stay."""
    ArchiveState.objects.update(changes_kept=5)
    for n in range(30):
        Outlet.objects.filter(pk=archive["outlets"][0].pk).update(name=f"Outlet {n}")
    ids = list(ArchiveChange.objects.values_list("id", flat=True))
    assert len(ids) <= 2 * 5 + 1
    assert ids == list(range(ids[0], ids[0] + len(ids)))  # none missing at the end
    newest = ArchiveChange.objects.order_by("-id").first()
    Outlet.objects.filter(pk=archive["outlets"][0].pk).update(name="last")
    assert ArchiveChange.objects.filter(id__gt=newest.id).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_an_emptied_table_is_noted(archive):
    """TRUNCATE writes no rows to note: it notes every row, and the index is built anew."""
    current_index()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's rows are checked first
        cursor.execute("TRUNCATE cases_case_places")
    assert ArchiveChange.objects.order_by("-id").values_list("kind", flat=True)[0] == 0
    assert "place" not in {n for n, v in current_index().values.items() if v}


def test_while_a_build_is_under_way_the_index_serves_as_it_is(archive, monkeypatch, settings):
    """A change only a build can follow starts one beside the index, which goes on serving
    (not blocking the request, nor reading the log at each), until the new file is read."""
    started = []
    monkeypatch.setattr(live_index, "MAX_CASES", 3)
    current_index()
    settings.FACET_INDEX_BUILD = "process"

    class Builder:  # a build that takes its time
        returncode = None

        def __init__(self, command):
            started.append(command)

        def poll(self):
            return self.returncode

    monkeypatch.setattr(live_index.subprocess, "Popen", Builder)
    before = current_index()
    Case.objects.update(category="ALL")
    served = current_index()
    assert served is before and live_index.is_stale()
    assert "build_facet_index" in started[0]
    edit(archive)
    with CaptureQueriesContext(connection) as queries:
        assert current_index() is before
    assert not [q for q in queries.captured_queries if "archivechange" in q["sql"]]
    assert len(started) == 1  # one build, not one per request
    # The build is over; its file (built here inline) is read at the next request.
    live_index._live.builder.returncode = 0
    settings.FACET_INDEX_BUILD = "inline"
    live_index._live.builder = None
    live_index._live.failed_at = 0
    index = current_index()
    assert not live_index.is_stale()
    assert index.answer(Selection(facets={})).counts["category"]["ALL"] > 0
