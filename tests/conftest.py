import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_PATH = FIXTURES / "cables" / "08ASTANA1246.txt"


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
