"""Acceptance on the seed: the extracted fields against 08ASTANA1246.expected.json.

The figures are computed and printed (run pytest with -s to see them), then held to the
issue's bar: countries and exploitation right for all 17 cases; minor, convicted and
max_sentence_years right wherever the file gives a value; places at 0.9 recall and
precision or better, spelling variants counting as one place.
"""

import pytest

from cases.extraction import country_of_post, extract_cases
from cases.extraction.places import scan
from cases.extraction.text import fold
from cases.parsing import parse_cable


@pytest.fixture(scope="module")
def seed(seed_text):
    cable = parse_cable(seed_text)
    post = country_of_post(cable.origin_name)
    cases = extract_cases(cable.paragraphs, cable.sent_at.date(), post)
    return post, cases


def _identity(place) -> str:
    """Gazetteer places by their key; places known only by name by their folded name."""
    return place.key if place.kind != "locality" else "name:" + fold(place.name)


def _expected_identity(name: str, post: str) -> str:
    """The identity of a place named in the expectations file, read through the same
    gazetteer (so that "Kostanai" is Kostanay), or its folded name when the gazetteer lacks it."""
    found = scan(name, post_country=post).places
    if len(found) == 1:
        return _identity(found[0])
    return "name:" + fold(name)


def _ratio(right: int, total: int) -> float:
    return right / total if total else 1.0


def test_seed_post_is_kazakhstan(seed):
    """Embassy Astana is a post in Kazakhstan."""
    post, _ = seed
    assert post == "KZ"


def test_seed_fields_meet_the_acceptance_bar(seed, expected):
    """Countries, exploitation, minor, convicted, longest sentence and places on the seed."""
    post, cases = seed
    wanted = expected["cases"]
    assert [c.paragraph_ordinal for c in cases] == [w["ordinal"] for w in wanted]

    right = {"countries": 0, "exploitation": 0}
    checked = {"minor": [0, 0], "convicted": [0, 0], "max_sentence_years": [0, 0]}
    misses: list[str] = []
    expected_places = found_places = matched_expected = matched_found = 0
    for case, want in zip(cases, wanted, strict=True):
        fields = case.fields
        got = {
            "countries": list(fields.countries),
            "exploitation": fields.exploitation,
            "minor": fields.minor,
            "convicted": fields.outcome == "convicted",
            "max_sentence_years": fields.max_sentence_years,
        }
        for name in right:
            if got[name] == want[name]:
                right[name] += 1
            else:
                misses.append(f"¶{want['ordinal']} {name}: {got[name]!r} != {want[name]!r}")
        for name, tally in checked.items():
            if want[name] is None:
                continue
            tally[1] += 1
            if got[name] == want[name]:
                tally[0] += 1
            else:
                misses.append(f"¶{want['ordinal']} {name}: {got[name]!r} != {want[name]!r}")

        wanted_ids = {_expected_identity(name, post) for name in want["places"]}
        found_ids = {_identity(place) for place in fields.places}
        expected_places += len(wanted_ids)
        found_places += len(found_ids)
        matched_expected += len(wanted_ids & found_ids)
        matched_found += len(found_ids & wanted_ids)
        if wanted_ids != found_ids:
            misses.append(
                f"¶{want['ordinal']} places: missing {sorted(wanted_ids - found_ids)}, "
                f"extra {sorted(found_ids - wanted_ids)}"
            )

    total = len(wanted)
    recall = _ratio(matched_expected, expected_places)
    precision = _ratio(matched_found, found_places)
    print("\nSeed acceptance (08ASTANA1246, 17 cases)")
    for name, count in right.items():
        print(f"  {name:<20} {count}/{total} = {_ratio(count, total):.2f}")
    for name, (count, of) in checked.items():
        print(f"  {name:<20} {count}/{of} = {_ratio(count, of):.2f} (cases with a value)")
    print(f"  places recall        {matched_expected}/{expected_places} = {recall:.2f}")
    print(f"  places precision     {matched_found}/{found_places} = {precision:.2f}")
    for miss in misses:
        print("  miss:", miss)

    assert right == {"countries": total, "exploitation": total}, misses
    for name, (count, of) in checked.items():
        assert count == of, (name, misses)
    assert recall >= 0.9 and precision >= 0.9, misses
