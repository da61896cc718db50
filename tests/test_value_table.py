"""Value tables count as the bitmaps they stand for, and their counts read as a dict would,
checked against counts made here by brute force."""

import random
from collections import Counter

import numpy as np
import pytest

from cases.catalog import value_table
from cases.catalog.value_table import Counts, ValueTable

BUILT = 500


def random_facet(rng: random.Random, values: int) -> dict[str, np.ndarray]:
    """value -> its ranks (ascending): each rank holds zero to three values."""
    held: dict[str, list[int]] = {f"v{n}": [] for n in range(values)}
    for rank in range(BUILT):
        for value in rng.sample(sorted(held), rng.choice([0, 1, 1, 2, 3])):
            held[value].append(rank)
    return {value: np.array(ranks, dtype=np.uint32) for value, ranks in held.items() if ranks}


def brute_count(facet: dict[str, np.ndarray], ranks: set[int]) -> dict[str, int]:
    counts = {value: len(ranks.intersection(held.tolist())) for value, held in facet.items()}
    return {value: count for value, count in counts.items() if count}


@pytest.mark.parametrize("look_up_below", [0.0, 1.0, value_table.LOOK_UP_BELOW])
@pytest.mark.parametrize("seed", range(5))
def test_counts_are_those_of_the_bitmaps(monkeypatch, look_up_below, seed):
    """Both ways of counting (looking the ranks' pairs up, marking the ranks) give each
    value's cases among any ranks."""
    monkeypatch.setattr(value_table, "LOOK_UP_BELOW", look_up_below)
    rng = random.Random(seed)
    facet = random_facet(rng, 40)
    table = ValueTable.of(facet)
    assert dict(Counts(table, table.totals)) == brute_count(facet, set(range(BUILT)))
    for size in (0, 1, 7, 60, 250, BUILT):
        ranks = sorted(rng.sample(range(BUILT), size))
        counts = Counts(table, table.count(np.array(ranks, dtype=np.uint32), BUILT))
        assert dict(counts) == brute_count(facet, set(ranks))
        assert table.values_of(np.array(ranks, dtype=np.uint32)) == {
            value for value, held in facet.items() if set(held.tolist()) & set(ranks)
        }


def test_a_value_renamed_to_another_is_merged_with_it():
    """Two values given one name count as one, each case once."""
    facet = {
        "a": np.array([0, 1, 2], np.uint32),
        "b": np.array([2, 3], np.uint32),
        "c": np.array([4], np.uint32),
    }
    table = ValueTable.of(facet).renamed("a", "b").renamed("c", "d")
    everything = np.arange(5, dtype=np.uint32)
    # Case 2 held both a and b: it counts once under b.
    assert dict(Counts(table, table.totals)) == {"b": 4, "d": 1}
    assert dict(Counts(table, table.count(everything, 5))) == {"b": 4, "d": 1}
    assert dict(Counts(table, table.count(everything[2:], 5))) == {"b": 2, "d": 1}
    assert table.values_of(everything[:2]) == {"b"}
    assert "a" not in table.number_of and table.renamed("a", "z") is table


def test_counts_read_like_a_dict():
    """Length, iteration, lookup and membership leave out values counting nothing, except
    those added as zeros; extra values (outside the table) count with the others."""
    table = ValueTable.of({"x": np.array([0], np.uint32), "y": np.array([1], np.uint32)})
    counts = Counts(table, np.array([3, 0]), {"new": 2})
    assert dict(counts) == {"x": 3, "new": 2} and len(counts) == 2
    assert "y" not in counts and "nowhere" not in counts
    with pytest.raises(KeyError):
        counts["y"]
    zeros = counts.with_zeros({"y", "nowhere"})
    assert dict(zeros) == {"x": 3, "new": 2, "y": 0, "nowhere": 0}
    assert dict(counts) == {"x": 3, "new": 2}  # unchanged


@pytest.mark.parametrize("seed", range(5))
def test_the_values_that_can_lead_are_those_at_least_the_nth(seed):
    rng = random.Random(seed)
    names = [f"v{n}" for n in range(300)]
    table = ValueTable.made(
        names, np.zeros(0, np.uint32), np.zeros(0, np.uint16), np.zeros(0, np.int64)
    )
    array = np.array([rng.choice([0, 0, 1, 2, 5, 40]) for _ in names], dtype=np.int64)
    extra = {"e1": 5, "e2": 1}
    counts = Counts(table, array, extra)
    every = Counter(dict(counts))
    for number in (1, 3, 10, 50, len(every), len(every) + 5):
        ordered = sorted(every.values(), reverse=True)
        least = ordered[min(number, len(ordered)) - 1]
        expected = {value for value, count in every.items() if count >= least}
        assert set(counts.at_least_nth(number)) == expected
