"""Matching a cable's stored paragraphs to a new parsing of it, so that links survive.

A re-import may split, merge, renumber or correct paragraphs (a better parser, a fixed
source). Each new paragraph inherits the stored paragraph whose text it carries, with its
anchor and its cases; a stored paragraph whose text went into another new paragraph is
retired *into* it, so that its old links lead there. Cases are matched the same way: a
case found again, its span moved or widened, continues the stored case it retells, with
its key. Pure Python: texts in, indexes out.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field

# Share of the shorter text's word pairs that the other must contain for the two to be
# taken as the same paragraph (a split or merged part, or a lightly corrected one).
MIN_OVERLAP = 0.5


@dataclass
class Matching:
    kept: dict[int, int] = field(default_factory=dict)  # new index -> old index it continues
    retired_into: dict[int, int] = field(default_factory=dict)  # old index -> new index


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _pairs(text: str) -> set[tuple[str, str]]:
    words = _normal(text).split()
    return set(zip(words, words[1:], strict=False)) or {(word, "") for word in words}


def _overlap(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def match_paragraphs(old: list[str], new: list[str]) -> Matching:
    matching = Matching()
    # Identical texts first, in order: the common case of an unchanged paragraph.
    unchanged: dict[str, deque[int]] = defaultdict(deque)
    for index, text in enumerate(old):
        unchanged[_normal(text)].append(index)
    for index, text in enumerate(new):
        if unchanged[_normal(text)]:
            matching.kept[index] = unchanged[_normal(text)].popleft()

    taken_old = set(matching.kept.values())
    old_left = [i for i in range(len(old)) if i not in taken_old]
    new_left = [j for j in range(len(new)) if j not in matching.kept]
    old_pairs = {i: _pairs(old[i]) for i in old_left}
    new_pairs = {j: _pairs(new[j]) for j in new_left}

    # Each remaining old paragraph goes to the new one that shares most of its text.
    best: dict[int, tuple[float, int]] = {}
    for i in old_left:
        scores = [(_overlap(old_pairs[i], new_pairs[j]), -j) for j in new_left]
        score, negative_j = max(scores, default=(0.0, 0))
        if score >= MIN_OVERLAP:
            best[i] = (score, -negative_j)

    # A new paragraph continues the old one it shares most with; other old paragraphs
    # that went into it (a merge) are retired into it.
    by_new: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for i, (score, j) in best.items():
        by_new[j].append((score, i))
    for j, candidates in by_new.items():
        candidates.sort(key=lambda candidate: (-candidate[0], candidate[1]))
        matching.kept[j] = candidates[0][1]
        for _, i in candidates[1:]:
            matching.retired_into[i] = j
    return matching


@dataclass(frozen=True)
class Told:
    """A case as matching sees it: the paragraph it is told in (any identity) and its
    sentences."""

    paragraph: object
    excerpt: str


def match_cases(old: list[Told], new: list[Told]) -> dict[int, int]:
    """Which stored case each newly found case continues: new index -> old index.

    A re-extraction may move a case's span or widen it (a sentence more, a sentence less),
    and a new parsing may move its text to another paragraph. A new case continues the
    stored case whose sentences it shares most of (``MIN_OVERLAP`` of the shorter one's
    word pairs), preferring one in the same paragraph, then the same text, then the
    larger share; each stored case is continued at most once, and ties go to the earlier
    case, so that cases keep their order.
    """
    old_pairs = [_pairs(told.excerpt) for told in old]
    new_pairs = [_pairs(told.excerpt) for told in new]
    old_normal = [_normal(told.excerpt) for told in old]
    candidates = []
    for j, found in enumerate(new):
        normal = _normal(found.excerpt)
        for i, stored in enumerate(old):
            identical = normal == old_normal[i]
            share = 1.0 if identical else _overlap(old_pairs[i], new_pairs[j])
            if share < MIN_OVERLAP:
                continue
            union = len(old_pairs[i] | new_pairs[j]) or 1
            likeness = 1.0 if identical else len(old_pairs[i] & new_pairs[j]) / union
            same_paragraph = found.paragraph == stored.paragraph
            candidates.append(((not same_paragraph, not identical, -share, -likeness, j, i), j, i))
    candidates.sort()
    matched: dict[int, int] = {}
    taken: set[int] = set()
    for _, j, i in candidates:
        if j not in matched and i not in taken:
            matched[j] = i
            taken.add(i)
    return matched
