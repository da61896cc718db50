import json
import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_PATH = FIXTURES / "cables" / "08ASTANA1246.txt"
# The shared corpus of real cables: beside the repository (as CI has it), or where
# CABLE_CORPUS says.
CORPUS = Path(
    os.environ.get("CABLE_CORPUS")
    or Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
)


def pytest_runtest_setup(item):
    """Tests marked ``corpus`` need ../shared/corpus: without it they are skipped, except
    under CI (CI=true), where a missing corpus is a failure, not a silent skip."""
    if item.get_closest_marker("corpus") is None or CORPUS.is_dir():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and the corpus is missing: {CORPUS}", pytrace=False)
    pytest.skip(f"{CORPUS} is absent")


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def _index_folder(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("facet-index"))


@pytest.fixture(autouse=True)
def _index_built_inline(settings, _index_folder):
    """The facet index is built in the test's own thread and connection, which alone see
    the test's rows; its files go to a folder of the session's own."""
    settings.FACET_INDEX_BUILD = "inline"
    settings.FACET_INDEX_DIR = _index_folder


@pytest.fixture(params=["bitmaps", "tables"])
def counted_from(request, monkeypatch) -> str:
    """A test asking for this runs twice: the facet index counts every facet from its
    bitmaps, then every facet from a value table (which at a million cases only facets of
    many values get: cases.catalog.value_table)."""
    from cases.catalog import facet_index

    monkeypatch.setattr(facet_index, "MANY_VALUES", 0 if request.param == "tables" else 10**9)
    return request.param


@pytest.fixture(autouse=True)
def _own_export_slots(settings, tmp_path_factory):
    """Each test takes export slots in a folder of its own (cases/web/throttling.py)."""
    settings.EXPORT_SLOTS_DIR = tmp_path_factory.mktemp("export-slots")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached pages (they outlive a rolled-back database)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED_PATH


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def expected() -> dict:
    return json.loads((FIXTURES / "08ASTANA1246.expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def seed_cable(db):
    """The seed cable imported through the real importer."""
    from cases.ingest.importer import import_paths
    from cases.models import Cable

    report = import_paths([SEED_PATH])
    assert report.counts["created"] == 1, report.results
    return Cable.objects.get(reference_id="08ASTANA1246")


# Sentences that tell cases, in cables written for these tests; each cable's paragraphs
# are single lines, as the parser gives them.
ARREST = (
    "In one case, police arrested two men who forced three women into prostitution in Valparaiso."
)
FARM = (
    "In another case, a labor recruiter held twelve Bolivian farm workers without pay near Arica."
)
ARREST_AGAIN = "As reported above, the two men arrested in Valparaiso were charged in March."
CUSCO = "In January, police in Cusco rescued nine girls from a bar that sold them to miners."
SENTENCED = "A court later sentenced the owner to eight years."
BOAT = "A second raid freed four men held on a fishing boat."

# Cables that tell cases in prose, several to a paragraph. The cases in them are found by
# ``extractor`` (below), not by the real extractor, which is being rewritten: the tests
# that use them are about what the archive does with the cases it is given.
PROSE_CABLES = {
    "06SANTIAGO438": f"""\
R 150900Z MAR 06
FM AMEMBASSY SANTIAGO
TO RUEHC/SECSTATE WASHDC 1234

UNCLAS SANTIAGO 000438

SIPDIS

TAGS: KTIP KCRM CI

SUBJECT: CHILE: TRAFFICKING IN PERSONS CASES

1. This cable reports cases of trafficking in persons.

2. Police raided a bar in Arica. {ARREST} {FARM} The government has no shelter.

3. {ARREST_AGAIN}

JONES
""",
    "07LIMA99": f"""\
R 020800Z FEB 07
FM AMEMBASSY LIMA
TO RUEHC/SECSTATE WASHDC 5678

UNCLAS LIMA 000099

SIPDIS

TAGS: KTIP PE

SUBJECT: PERU: TWO TRAFFICKING CASES

1. {CUSCO} {SENTENCED}

2. {BOAT}

SMITH
""",
}


class FakeExtractor:
    """Stands in for ``importer.analyse``: in the cables that tell them, finds the cases
    told by the sentences it is given, with their confidence; other cables go to the real
    extractor. ``finds`` says what to find from now on (re-imports see the change)."""

    def __init__(self, real):
        self.real = real
        self.found: list[tuple[str, float, tuple[str, ...]]] = []

    def finds(self, *cases: tuple[str, float] | tuple[str, float, tuple[str, ...]]) -> None:
        """Each case: its sentences, its confidence, and the sentences of its other
        tellings, if any."""
        self.found = [(case[0], case[1], case[2] if len(case) > 2 else ()) for case in cases]

    def __call__(self, paragraphs, sent_at, origin_name, tags):
        from cases.extraction import CaseFields, ExtractedCase, ParagraphScore, Telling

        def where(sentences):
            for paragraph in paragraphs:
                if (start := paragraph.text.find(sentences)) != -1:
                    return paragraph.ordinal, start, start + len(sentences)
            return None

        mine = [
            (where(sentences), confidence, again) for sentences, confidence, again in self.found
        ]
        if not any(place for place, _, _ in mine):
            return self.real(paragraphs, sent_at, origin_name, tags)
        texts = {paragraph.ordinal: paragraph.text for paragraph in paragraphs}
        cases = [
            ExtractedCase(
                paragraph_ordinal=ordinal,
                start=start,
                end=end,
                excerpt=texts[ordinal][start:end],
                confidence=confidence,
                reported_on=sent_at.date() if sent_at else None,
                outlet=None,
                category="",
                fields=CaseFields(
                    countries=(),
                    places=(),
                    exploitation=None,
                    sector=None,
                    exploitation_type=None,
                    means_of_control=(),
                    minor=None,
                    ages=(),
                    victim_count_min=None,
                    victim_count_max=None,
                    victim_sex=None,
                    outcome="none",
                    max_sentence_years=None,
                    amounts_usd=(),
                    summary=texts[ordinal][start:end][:80],
                ),
                tellings=tuple(Telling(*where(sentences)) for sentences in again),
            )
            for (ordinal, start, end), confidence, again in (
                (place, confidence, again) for place, confidence, again in mine if place
            )
        ]
        scores = {
            paragraph.ordinal: ParagraphScore(paragraph.ordinal, 0.5, False)
            for paragraph in paragraphs
        }
        return cases, scores


@pytest.fixture
def extractor(monkeypatch):
    """The importer's extractor, replaced by a ``FakeExtractor`` (bulk import's too)."""
    from cases.ingest import bulk_import, importer

    fake = FakeExtractor(importer.analyse)
    monkeypatch.setattr(importer, "analyse", fake)
    monkeypatch.setattr(bulk_import, "analyse", fake)
    return fake


@pytest.fixture
def prose_files(tmp_path):
    """The prose cables as files, one each."""
    folder = tmp_path / "prose"
    folder.mkdir()
    for reference_id, text in PROSE_CABLES.items():
        (folder / f"{reference_id}.txt").write_text(text, encoding="utf-8")
    return {reference_id: folder / f"{reference_id}.txt" for reference_id in PROSE_CABLES}
