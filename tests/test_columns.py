"""Values are checked against their columns before a cable is written."""

import pytest

from cases.ingest.columns import ColumnError, check_values
from cases.models import Cable, Paragraph


def test_a_string_longer_than_its_column_names_cable_field_and_value():
    with pytest.raises(ColumnError) as raised:
        check_values(Paragraph, {"number": "12345678901"}, "09RIGA1 paragraph p3")
    assert str(raised.value) == (
        "09RIGA1 paragraph p3: Paragraph.number is 11 characters long, its column holds 10: "
        "'12345678901'"
    )


def test_text_columns_take_any_length_but_no_nul_character():
    check_values(Paragraph, {"portion_marking": "S//REL" + ",X" * 500}, "here")
    with pytest.raises(ColumnError, match=r"Cable.subject holds a NUL character"):
        check_values(Cable, {"subject": "A\x00B"}, "here")


def test_an_integer_outside_its_column_is_refused():
    with pytest.raises(ColumnError, match=r"here: Cable.sections is 40000, outside"):
        check_values(Cable, {"sections": 40000}, "here")
    check_values(Cable, {"sections": 3, "synthetic": True}, "here")
