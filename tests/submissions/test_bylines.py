import pytest
from hypothesis import given
from hypothesis import strategies as st

from milepost.submissions.bylines import (
    Naming,
    byline_allowed,
    byline_names_more,
    format_byline,
    name_allowed,
)


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


# How the contributor chose to be named: the one rule every printed byline goes through.

JANE = {"name": "Jane Doe", "age": 32, "city": "St. Louis", "region": "MO"}


@pytest.mark.parametrize(
    ("naming", "expected"),
    [
        (Naming.FULL_NAME, "Jane Doe, 32, of St. Louis, MO"),
        (Naming.FIRST_NAME_AND_PLACE, "Jane, of St. Louis, MO"),
        (Naming.INITIALS, "J. D., of St. Louis, MO"),
        (Naming.ANONYMOUS, "A reader from St. Louis, MO"),
    ],
)
def test_each_choice_prints_no_more_than_it_allows(naming, expected):
    assert byline_allowed(naming, **JANE) == expected


def test_a_descriptor_stays_and_the_age_goes_with_the_surname():
    fields = {**JANE, "descriptor": "mother runner"}
    assert byline_allowed(Naming.FIRST_NAME_AND_PLACE, **fields) == (
        "St. Louis, MO mother runner Jane"
    )


@pytest.mark.parametrize(
    ("wording", "place", "expected"),
    [
        ("A reader from {place}", {"city": "Leeds", "region": "UK"}, "A reader from Leeds, UK"),
        ("A reader from {place}", {}, "A reader"),
        (
            "A runner in {place}, who asked us not to name her",
            {},
            "A runner, who asked us not to name her",
        ),
        ("One of our readers", {"city": "Leeds"}, "One of our readers"),
        ("", {"city": "Leeds"}, "A reader from Leeds"),
    ],
)
def test_the_anonymous_byline_is_the_callouts_wording(wording, place, expected):
    byline = byline_allowed(
        Naming.ANONYMOUS, name="Jane Doe", age=32, anonymous_wording=wording, **place
    )
    assert byline == expected


@pytest.mark.parametrize(
    ("name", "naming", "expected"),
    [
        ("Jane  Doe-Smith", Naming.FULL_NAME, "Jane Doe-Smith"),
        ("Jane Doe-Smith", Naming.FIRST_NAME_AND_PLACE, "Jane"),
        ("jane o’brien", Naming.INITIALS, "J. O."),
        ("Jane Doe", Naming.ANONYMOUS, ""),
        ("", Naming.FIRST_NAME_AND_PLACE, ""),
    ],
)
def test_the_name_each_choice_allows(name, naming, expected):
    assert name_allowed(name, naming) == expected


@pytest.mark.parametrize(
    ("written", "naming", "named"),
    [
        ("Jane Doe", Naming.FIRST_NAME_AND_PLACE, "Doe"),
        ("Jane DOE", Naming.INITIALS, "Jane DOE"),
        ("Jane", Naming.ANONYMOUS, "Jane"),
    ],
)
def test_a_byline_naming_more_than_allowed_says_what_and_what_to_write(written, naming, named):
    problem = byline_names_more(naming, name=written, legal_name="Jane Doe")
    assert f"gives “{named}”" in problem
    assert "record their written agreement" in problem


@pytest.mark.parametrize(
    ("written", "naming"),
    [
        ("Jane Doe", Naming.FULL_NAME),
        ("Jane", Naming.FIRST_NAME_AND_PLACE),
        ("Janie", Naming.FIRST_NAME_AND_PLACE),
        ("J. D.", Naming.INITIALS),
        ("Anonymous", Naming.ANONYMOUS),
    ],
)
def test_a_byline_within_the_choice_passes(written, naming):
    assert byline_names_more(naming, name=written, legal_name="Jane Doe") == ""


@given(name=text, naming=st.sampled_from(Naming))
def test_the_allowed_name_never_names_more_than_the_choice(name, naming):
    assert byline_names_more(naming, name=name_allowed(name, naming), legal_name=name) == ""
