"""The import rules of pyproject.toml's [tool.importlinter]: the flow of the data, kept."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(project / "pyproject.toml")],
        cwd=project,
        env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_code_keeps_its_contracts():
    """Every package imports only the stages below it; parsing and extraction no Django."""
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    for name in ("cases", "archive"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("cases/ingest/sources.py", "from ..web import views", "stages of the flow"),
        ("cases/catalog/filters.py", "from ..staff import admin", "stages of the flow"),
        ("cases/web/views.py", "from ..staff import forms", "stages of the flow"),
        ("cases/extraction/text.py", "from .. import models", "pure Python"),
        ("cases/parsing/types.py", "import django.db", "pure Python"),
        ("cases/quality/scoring.py", "from ..extraction import cases", "stages of the flow"),
    ],
)
def test_a_broken_rule_is_caught(project_copy: Path, module: str, line: str, contract: str):
    """An import against the flow, added to a copy of the code, fails the check."""
    path = project_copy / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    result = lint_imports(project_copy)
    assert result.returncode != 0
    broken = [row for row in result.stdout.splitlines() if row.endswith("BROKEN")]
    assert any(contract in row for row in broken), result.stdout


def test_few_modules_are_left_loose_at_the_top_of_the_app():
    """The app's modules live in their stage's package; at most 12 stand at the top."""
    loose = sorted(path.name for path in (ROOT / "cases").glob("*.py"))
    assert len(loose) <= 12, loose
    assert {"models.py", "apps.py"} <= set(loose)
