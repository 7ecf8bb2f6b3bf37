import pytest
from hypothesis import given
from hypothesis import strategies as st

from milepost.submissions.bylines import format_byline


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"age": 32, "city": "St. Louis", "region": "MO", "descriptor": "mother runner"},
            "St. Louis, MO mother runner Jane Doe, 32",
        ),
        (
            {"city": "St. Louis", "region": "MO", "descriptor": "mother runner"},
            "St. Louis, MO mother runner Jane Doe",
        ),
        (
            {"age": 32, "region": "MO", "descriptor": "mother runner"},
            "MO mother runner Jane Doe, 32",
        ),
        ({"age": 32, "descriptor": "mother runner"}, "mother runner Jane Doe, 32"),
        (
            {"age": 41, "city": "Leeds", "region": "UK", "descriptor": "club runner"},
            "Leeds, UK club runner Jane Doe, 41",
        ),
        ({"age": 41, "city": "Leeds", "region": "UK"}, "Jane Doe, 41, of Leeds, UK"),
        ({"city": "Leeds"}, "Jane Doe, of Leeds"),
        ({}, "Jane Doe"),
        ({"age": 0}, "Jane Doe, 0"),
        (
            {"city": "  St.   Louis ", "region": " MO", "descriptor": " mother  runner "},
            "St. Louis, MO mother runner Jane Doe",
        ),
    ],
)
def test_byline_variants(fields, expected):
    assert format_byline("Jane Doe", **fields) == expected


# Realistic field text: letters, digits, spaces and the punctuation places and names use.
text = st.text(
    alphabet=st.characters(categories=("L", "Nd"), include_characters=" .'-"), max_size=30
)


@given(
    name=text,
    age=st.none() | st.integers(min_value=0, max_value=120),
    city=text,
    region=text,
    descriptor=text,
)
def test_byline_never_has_stray_separators(name, age, city, region, descriptor):
    byline = format_byline(name, age=age, city=city, region=region, descriptor=descriptor)
    assert byline == byline.strip()
    assert "  " not in byline
    assert ", ," not in byline
    assert not byline.startswith(",")
    assert not byline.endswith(",")
