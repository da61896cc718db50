"""The scoring rule of the gold cases, applied to found cases.

The rule (``cases_gold/README.md``): text is compared as lower-case letters and digits,
every other run of characters one space. A found case covers a gold case of its cable when
the gold quote lies inside the found case's excerpt, or one of the gold's ``also_at``
openings lies inside the found case's paragraph. Gold and found cases are matched one to
one, strict gold first; a found case matched to strict gold is a true positive, to
borderline gold neither right nor wrong, to nothing a false positive. Fields are scored on
the true positives, each only where the gold gives a value.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Words that do not make a place another place: "Limon province" is "Limon".
_PLACE_NOISE = {
    "province",
    "provincial",
    "city",
    "town",
    "village",
    "district",
    "region",
    "regional",
    "oblast",
    "governorate",
    "state",
    "department",
    "municipality",
    "county",
    "of",
    "the",
}
FIELDS = ("countries", "exploitation", "minor", "outcome", "max_sentence_years", "victim_count")


def normalise(text: str) -> str:
    """Lower-case letters and digits, every other run of characters one space."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_ALNUM.sub(" ", text.lower()).strip()


def place_name(name: str) -> str:
    words = [word for word in normalise(name).split() if word not in _PLACE_NOISE]
    return " ".join(words)


@dataclass(frozen=True)
class GoldCase:
    cable: str
    quote: str
    borderline: bool
    also_at: tuple[str, ...]
    countries: frozenset[str]
    places: tuple[str, ...]
    exploitation: str | None
    minor: bool | None
    victim_count: int | None
    outcome: str | None
    max_sentence_years: float | None


@dataclass(frozen=True)
class FoundCase:
    """A case as the archive (or the extractor) gives it; ``label`` names it in reports."""

    cable: str
    label: str
    excerpt: str
    paragraph: str
    countries: frozenset[str] = frozenset()
    places: tuple[str, ...] = ()
    exploitation: str | None = None
    minor: bool | None = None
    victim_count_min: int | None = None
    victim_count_max: int | None = None
    outcome: str | None = None
    max_sentence_years: float | None = None


@dataclass
class FieldScore:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class Score:
    true_positives: list[tuple[GoldCase, FoundCase]] = field(default_factory=list)
    borderline_matches: list[tuple[GoldCase, FoundCase]] = field(default_factory=list)
    false_positives: list[FoundCase] = field(default_factory=list)
    false_negatives: list[GoldCase] = field(default_factory=list)
    fields: dict[str, FieldScore] = field(default_factory=dict)
    places_found: int = 0
    places_gold: int = 0
    places_right_found: int = 0
    places_right_gold: int = 0
    place_misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = len(self.true_positives) + len(self.false_positives)
        return len(self.true_positives) / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = len(self.true_positives) + len(self.false_negatives)
        return len(self.true_positives) / gold if gold else 1.0

    @property
    def places_precision(self) -> float:
        return self.places_right_found / self.places_found if self.places_found else 1.0

    @property
    def places_recall(self) -> float:
        return self.places_right_gold / self.places_gold if self.places_gold else 1.0

    def figures(self) -> dict[str, float]:
        """The figures of the report by name: precision, recall, each field's share on the
        true positives (fields without any comparison left out), places precision and recall."""
        figures = {"precision": self.precision, "recall": self.recall}
        for name in FIELDS:
            ratio = self.fields.get(name, FieldScore()).ratio
            if ratio is not None:
                figures[name] = ratio
        figures["places precision"] = self.places_precision
        figures["places recall"] = self.places_recall
        return figures

    def report(self) -> str:
        """Every figure and every miss, as text."""
        tp, fp, fn = (
            len(self.true_positives),
            len(self.false_positives),
            len(self.false_negatives),
        )
        lines = [
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"(true positives {tp}, false positives {fp}, false negatives {fn}, "
            f"matched to borderline gold {len(self.borderline_matches)})",
            "",
            "fields on the true positives:",
        ]
        for name in FIELDS:
            result = self.fields.get(name, FieldScore())
            ratio = "-" if result.ratio is None else f"{result.ratio:.3f}"
            lines.append(f"  {name:20} {ratio:>6}  ({result.right}/{result.total})")
        lines.append(
            f"  {'places precision':20} {self.places_precision:>6.3f}  "
            f"({self.places_right_found}/{self.places_found})"
        )
        lines.append(
            f"  {'places recall':20} {self.places_recall:>6.3f}  "
            f"({self.places_right_gold}/{self.places_gold})"
        )
        lines += ["", f"false negatives ({fn}):"]
        lines += [f"  {gold.cable}: {gold.quote}" for gold in self.false_negatives]
        lines += ["", f"false positives ({fp}):"]
        lines += [f"  {found.label}: {_short(found.excerpt)}" for found in self.false_positives]
        lines += ["", "field misses:"]
        for name in FIELDS:
            lines += [f"  {name}: {miss}" for miss in self.fields.get(name, FieldScore()).misses]
        lines += [f"  places: {miss}" for miss in self.place_misses]
        return "\n".join(lines)


def _short(text: str, length: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def load_gold(path: Path) -> dict[str, list[GoldCase]]:
    """The gold cases of each annotated cable (an empty list for a true negative)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    gold: dict[str, list[GoldCase]] = {}
    for reference, cable in data["cables"].items():
        gold[reference] = [
            GoldCase(
                cable=reference,
                quote=case["quote"],
                borderline=bool(case.get("borderline")),
                also_at=tuple(case.get("also_at") or ()),
                countries=frozenset(case.get("countries") or ()),
                places=tuple(case.get("places") or ()),
                exploitation=case.get("exploitation"),
                minor=case.get("minor"),
                victim_count=case.get("victim_count"),
                outcome=case.get("outcome"),
                max_sentence_years=case.get("max_sentence_years"),
            )
            for case in cable.get("cases", ())
        ]
    return gold


def quoted(found: FoundCase, gold: GoldCase) -> bool:
    """The gold quote lies inside the found case's own text."""
    return gold.cable == found.cable and normalise(gold.quote) in normalise(found.excerpt)


def covers(found: FoundCase, gold: GoldCase) -> bool:
    """The rule's cover: the quote in the excerpt, or an ``also_at`` opening in the found
    case's paragraph."""
    if gold.cable != found.cable:
        return False
    if quoted(found, gold):
        return True
    paragraph = normalise(found.paragraph)
    return any(normalise(opening) in paragraph for opening in gold.also_at)


def _match(golds: list[GoldCase], found: list[FoundCase], taken: dict[int, int]) -> dict[int, int]:
    """A largest one-to-one matching of ``golds`` to ``found`` (indices), keeping the found
    cases already ``taken`` (found index -> gold index of an earlier round) matched.

    A found case that holds a gold quote is that case: quotes are matched first, and only
    the gold cases left over are matched through their other tellings (``also_at``), which
    any case of a paragraph that retells them would cover."""
    owner = _largest(golds, found, taken, quoted, {})
    return _largest(golds, found, taken, covers, owner)


def _largest(
    golds: list[GoldCase],
    found: list[FoundCase],
    taken: dict[int, int],
    relation: Callable[[FoundCase, GoldCase], bool],
    owner: dict[int, int],
) -> dict[int, int]:
    """``owner`` (found index -> gold index) grown by augmenting paths over ``relation``,
    among the gold and found cases neither ``taken`` nor already owned."""
    matched = set(owner.values())
    edges = {
        g: [f for f, case in enumerate(found) if f not in owner and relation(case, gold)]
        for g, gold in enumerate(golds)
        if g not in matched
    }
    owner = dict(owner)
    fresh: dict[int, int] = {}  # found index -> gold index, this round

    def augment(g: int, seen: set[int]) -> bool:
        for f in edges[g]:
            if f in taken or f in seen:
                continue
            seen.add(f)
            if f not in fresh or augment(fresh[f], seen):
                fresh[f] = g
                return True
        return False

    for g in edges:
        augment(g, set())
    owner.update(fresh)
    return owner


def score(gold: dict[str, list[GoldCase]], found: Iterable[FoundCase]) -> Score:
    """Score ``found`` cases against ``gold``. Found cases of cables outside the gold are
    false positives: pass only the cases of cables whose right answer is known."""
    found = list(found)
    result = Score(fields={name: FieldScore() for name in FIELDS})
    strict = [case for cases in gold.values() for case in cases if not case.borderline]
    borderline = [case for cases in gold.values() for case in cases if case.borderline]
    strict_owner = _match(strict, found, {})
    borderline_owner = _match(borderline, found, strict_owner)
    matched_strict = set(strict_owner.values())
    for f, g in sorted(strict_owner.items()):
        result.true_positives.append((strict[g], found[f]))
    for f, g in sorted(borderline_owner.items()):
        result.borderline_matches.append((borderline[g], found[f]))
    result.false_negatives = [case for g, case in enumerate(strict) if g not in matched_strict]
    result.false_positives = [
        case for f, case in enumerate(found) if f not in strict_owner and f not in borderline_owner
    ]
    for gold_case, found_case in result.true_positives:
        _score_fields(result, gold_case, found_case)
    return result


def _score_fields(result: Score, gold: GoldCase, found: FoundCase) -> None:
    where = f"{found.label} ({_short(gold.quote, 60)})"

    def check(name: str, right: bool, wanted, got) -> None:
        entry = result.fields[name]
        entry.total += 1
        if right:
            entry.right += 1
        else:
            entry.misses.append(f"{where}: gold {wanted!r}, found {got!r}")

    check(
        "countries",
        gold.countries == found.countries,
        sorted(gold.countries),
        sorted(found.countries),
    )
    for name in ("exploitation", "minor", "outcome"):
        wanted, got = getattr(gold, name), getattr(found, name)
        if wanted is not None:
            check(name, wanted == got, wanted, got)
    if gold.max_sentence_years is not None:
        got = found.max_sentence_years
        right = got is not None and abs(float(got) - gold.max_sentence_years) < 0.01
        check("max_sentence_years", right, gold.max_sentence_years, got)
    if gold.victim_count is not None:
        low, high = found.victim_count_min, found.victim_count_max
        if low is not None and high is None:
            high = low
        right = low is not None and low <= gold.victim_count <= (high or low)
        check("victim_count", right, gold.victim_count, (low, high))
    gold_places = {place_name(name) for name in gold.places}
    found_places = {place_name(name) for name in found.places}
    result.places_gold += len(gold_places)
    result.places_found += len(found_places)
    result.places_right_gold += len(gold_places & found_places)
    result.places_right_found += len(found_places & gold_places)
    if gold_places != found_places:
        result.place_misses.append(
            f"{where}: gold {sorted(gold_places)}, found {sorted(found_places)}"
        )
