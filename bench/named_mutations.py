"""Breakages the suite must catch: each one made on purpose in a copy of the code, the tests
that guard it run, the first failing test printed.

    python bench/named_mutations.py               # every one (about 2 minutes)
    python bench/named_mutations.py --only csv    # those whose name holds a word

The list holds the regressions issue 17 found the suite blind to (a check comparing the
code with itself, a bar loose enough to let two wrong places pass) and mutants that
`make mutation` left alive until a test was written for them. The copy is a git worktree
of HEAD in a temporary folder (uncommitted changes are not in it), removed at the end.
Exits 1 when a breakage leaves its tests green.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(tree: Path) -> None:
        file = tree / path
        text = file.read_text()
        if old not in text:
            raise SystemExit(f"{path} no longer holds {old!r}: update this list")
        file.write_text(text.replace(old, new))

    return apply


def substitute(path: str, pattern: str, new: str) -> Callable[[Path], None]:
    def apply(tree: Path) -> None:
        file = tree / path
        text, count = re.subn(pattern, new, file.read_text())
        if not count:
            raise SystemExit(f"{path} no longer matches {pattern!r}: update this list")
        file.write_text(text)

    return apply


@dataclass
class Breakage:
    name: str
    tests: list[str]
    changes: list[Callable[[Path], None]] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)


REFERENCE_ID = "{year % 100:02d}{re.sub(r'[^A-Z0-9]', '', station.upper())}{int(serial)}"
BREAKAGES = [
    Breakage(
        "the extractor ignores the post's country",
        ["tests/test_extraction.py"],
        [
            replace(
                "cases/extraction/cases.py",
                "_case(item, texts, cable_date, post_country, resolver)",
                "_case(item, texts, cable_date, None, resolver)",
            )
        ],
    ),
    Breakage(
        "Kostanai resolved to Almaty and Urumchi to Beijing",
        ["tests/test_extraction_seed.py"],
        [
            replace(
                "cases/extraction/places.py",
                'key=f"geonames:{city.geonameid}",',
                'key=f"geonames:{ {1519928: 1526384, 1529102: 1816670}.get(city.geonameid,'
                ' city.geonameid)}",',
            )
        ],
    ),
    Breakage(
        "reference_id() returns BROKEN",
        ["tests/test_corpus.py::test_pages_agree_with_wikileaks"],
        [replace("cases/parsing/cable.py", f'return f"{REFERENCE_ID}"', 'return "BROKEN"')],
    ),
    Breakage(
        "marking() returns BROKEN",
        ["tests/test_corpus.py::test_pages_agree_with_wikileaks"],
        [
            substitute(
                "cases/parsing/classification.py",
                r'(def marking\(level: str, caveats: list\[str\]\) -> str:\n    """[^"]*?""")',
                r"\1\n    return 'BROKEN'",
            )
        ],
    ),
    Breakage(
        "every cable imported under a wrong reference id",
        ["tests/test_corpus_import.py"],
        [
            replace(
                "cases/parsing/cable.py", f'return f"{REFERENCE_ID}"', 'return "BROKEN" + serial'
            )
        ],
    ),
    Breakage(
        "every search_fields of the admin emptied",
        ["tests/test_admin.py"],
        [substitute("cases/staff/admin.py", r"search_fields = \[[^\]]*\]", "search_fields = []")],
    ),
    Breakage(
        "the case JSON (and the JSON export) with an empty title",
        ["tests/test_exports.py"],
        [replace("cases/web/serializers.py", '"title": labels.case_title(case),', '"title": "",')],
    ),
    Breakage(
        "the corpus missing under CI=true",
        ["tests/test_corpus.py"],
        env={"CI": "true", "CABLE_CORPUS": "/nonexistent/corpus"},
    ),
    Breakage(
        "a lead's report date without its day",
        ["tests/test_extraction.py"],
        [
            replace(
                "cases/extraction/detection.py",
                "return date(self.year, self.month, self.day)",
                "return date(self.year, self.month, None)",
            )
        ],
    ),
    Breakage(
        "an outlet's name of seven words refused",
        ["tests/test_extraction.py"],
        [
            replace(
                "cases/extraction/detection.py",
                "len(words) > _MAX_OUTLET_WORDS",
                "len(words) >= _MAX_OUTLET_WORDS",
            )
        ],
    ),
    Breakage(
        "a place known by its name keyed with its brackets",
        ["tests/test_extraction_places.py"],
        [
            replace(
                "cases/extraction/places.py", 'fold(name)).strip("-")', "fold(name)).strip(None)"
            )
        ],
    ),
    Breakage(
        "the Department's station misnamed",
        ["tests/test_parsing.py"],
        [replace("cases/parsing/cable.py", 'return "STATE"', 'return "XXSTATEXX"')],
    ),
    Breakage(
        "blank rows of a csv dump read as records",
        ["tests/test_formats.py"],
        [
            replace(
                "cases/parsing/formats.py",
                'if not row or row == [""]:',
                'if not row and row == [""]:',
            )
        ],
    ),
]


def check(tree: Path, breakage: Breakage) -> bool:
    """Whether a test fails with ``breakage`` made in ``tree`` (printed either way)."""
    subprocess.run(["git", "checkout", "-q", "--", "."], cwd=tree, check=True)
    for change in breakage.changes:
        change(tree)
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "mutation-check-not-a-secret",
        "CABLE_CORPUS": os.environ.get("CABLE_CORPUS", str(CORPUS)),
        **breakage.env,
    }
    env.pop("DATABASE_URL", None)  # SQLite files of the run's own
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *breakage.tests],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", result.stdout, re.M)
    if result.returncode != 0 and failed:
        print(f"caught   {breakage.name}: {failed[0]}", flush=True)
        return True
    print(f"MISSED   {breakage.name}: {' '.join(breakage.tests)} stay green", flush=True)
    return False


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="words of the breakages to make")
    args = parser.parse_args(argv)
    chosen = [
        breakage
        for breakage in BREAKAGES
        if not args.only or any(word in breakage.name for word in args.only)
    ]
    with tempfile.TemporaryDirectory(prefix="named-mutations-") as folder:
        tree = Path(folder) / "tree"
        subprocess.run(
            ["git", "worktree", "add", "-q", "--detach", str(tree), "HEAD"], cwd=ROOT, check=True
        )
        try:
            caught = [check(tree, breakage) for breakage in chosen]
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT)
    print(f"{sum(caught)} of {len(caught)} breakages caught")
    sys.exit(0 if all(caught) else 1)


if __name__ == "__main__":
    main()
