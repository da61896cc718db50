"""Places named in a case: one identity per place whatever the spelling, villages by name."""

import pytest

from cases.extraction.places import scan


def _places(text: str, post: str | None = "KZ"):
    return scan(text, post_country=post).places


def _one(text: str, post: str | None = "KZ"):
    (place,) = _places(text, post)
    return place


@pytest.mark.parametrize(
    "first, second",
    [
        ("Kostanai", "Kostanay"),
        ("Urumchi", "Urumqi"),
        ("Ust-Kamenogorsk", "Oskemen"),
        ("Karaganda", "Karagandy"),
        ("Chimkent", "Shymkent"),
        ("Alma-Ata", "Almaty"),
    ],
)
def test_transliteration_variants_are_one_place(first, second):
    """Spellings of one city resolve to the same key."""
    assert _one(f"They were taken to {first}.").key == _one(f"They were taken to {second}.").key


def test_cities_carry_country_and_coordinates():
    """A gazetteer city has its country, coordinates and GeoNames id."""
    place = _one("Two girls were found in a sauna in Almaty.")
    assert (place.name, place.country, place.kind) == ("Almaty", "KZ", "city")
    assert place.latitude == pytest.approx(43.25, abs=0.2)
    assert place.longitude == pytest.approx(76.9, abs=0.2)
    assert place.key == f"geonames:{place.geonameid}"


def test_regions_with_region_words():
    """ "X Oblast", "X region" and "X Province" name a region, not the city of that name."""
    oblast = _one("An orphan from the Almaty Oblast was sent to work.")
    region = _one("An orphan from the Almaty region was sent to work.")
    assert oblast.kind == "region" and oblast.country == "KZ"
    assert oblast.key == region.key != _one("An orphan from Almaty.").key
    assert _one("Women from Jambyl Oblast.").key == _one("Women from the Zhambyl region.").key
    # Renamed Turkistan in 2018, and no world-wide list gives its former English name: a
    # region of Kazakhstan all the same, known by the name the cable gives it.
    renamed = _one("A court in South-Kazakhstan Oblast.")
    assert (renamed.kind, renamed.country, renamed.name) == (
        "region",
        "KZ",
        "South-Kazakhstan Oblast",
    )


def test_regions_named_alone():
    """Regions that cables name without "Oblast" are still regions."""
    place = _one("Workers came from Karakalpakstan by train.")
    assert (place.kind, place.country) == ("region", "UZ")


def test_unknown_region_keeps_its_name():
    """A region the gazetteer lacks is recorded by name in the post's country."""
    place = _one("Girls from Zarechnaya Oblast were sold.", post="RU")
    assert (place.name, place.country, place.kind, place.latitude) == (
        "Zarechnaya Oblast",
        "RU",
        "region",
        None,
    )


@pytest.mark.parametrize(
    "text, name",
    [
        ("The men were held in the village of Kyzylzhar for a month.", "Kyzylzhar"),
        ("The boy was found at the Zhetygen railway station.", "Zhetygen"),
        ("A resident of Akkum said he was never paid.", "Akkum"),
        ("They were taken to Koktobe Village by car.", "Koktobe"),
        ("An Akkum-based recruiter offered them jobs.", "Akkum"),
    ],
)
def test_villages_missing_from_the_gazetteer(text, name):
    """Small places are found by how the text introduces them, and kept without coordinates."""
    place = _one(text)
    assert (place.name, place.kind, place.latitude, place.geonameid) == (
        name,
        "locality",
        None,
        None,
    )
    assert place.key == f"name:kz:{name.lower()}"


def test_village_near_a_known_city_takes_its_country():
    """ "in X near Y": the village lies in Y's country."""
    first, second = _places("They worked on a farm in Kumbel near Bishkek.", post=None)
    assert (first.name, first.country, first.kind) == ("Kumbel", "KG", "locality")
    assert (second.name, second.country) == ("Bishkek", "KG")


def test_context_chooses_between_namesakes():
    """ "Aksu" is the Kazakh town in a Kazakhstan case and the Chinese city in a Chinese one."""
    assert _one("Girls were taken to Aksu.", post="KZ").country == "KZ"
    assert _one("Girls were taken to Aksu.", post="CN").country == "CN"


@pytest.mark.parametrize(
    "text",
    [
        "Police said the girls were rescued on Monday.",
        "President Lugo met Minister Fernandez and Ana Duran.",
        "The Washington Post reported the story.",
        "Migrants from Central Asia and the Middle East were found.",
        "May God help them, the victim's mother said.",
    ],
)
def test_words_that_are_not_places(text):
    """Sentence openers, people, newspapers and parts of the world are not places."""
    assert _places(text, post="PY") == ()


def test_places_in_order_without_repeats():
    """Each place once, in order of first mention."""
    places = _places("From Taraz to Almaty, then back to Taraz and on to Tashkent.")
    assert [p.name for p in places] == ["Taraz", "Almaty", "Tashkent"]


def test_a_place_known_only_by_its_name_is_keyed_by_its_folded_name():
    """Spellings that fold alike share a key; brackets and hyphens at the ends do not count."""
    from cases.extraction.places import locality_place

    assert locality_place("(Volnyi)", "KZ").key == "name:kz:volnyi"
    assert locality_place("Aman-Karagai", "KZ").key == "name:kz:aman-karagai"
    assert locality_place("Aman Karagai", "KZ").key == locality_place("Aman-Karagai", "KZ").key
