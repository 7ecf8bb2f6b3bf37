"""The sign-off a runner ends with: name, age and place."""

import pytest

from milepost.intake.email.normalise import (
    SignOff,
    normalise_message,
)
from milepost.submissions.signoff import find_sign_off
from tests.intake.email.helpers import (
    story_email,
)


@pytest.mark.parametrize(
    ("ending", "sign_off"),
    [
        ("Jane Doe, 32, St. Louis, MO", SignOff("Jane Doe", 32, "St. Louis", "MO")),
        ("— Jane Doe (32), Leeds, UK", SignOff("Jane Doe", 32, "Leeds", "UK")),
        ("Jane, 41\nPortland, OR", SignOff("Jane", 41, "Portland", "OR")),
        ("Jane Doe (32)\nLeeds, UK", SignOff("Jane Doe", 32, "Leeds", "UK")),
        ("Jane Doe\n\n32\nPortland, OR.", SignOff("Jane Doe", 32, "Portland", "OR")),
        (
            "Mary-Kate O'Brien, 45, Cork, Ireland",
            SignOff("Mary-Kate O'Brien", 45, "Cork", "Ireland"),
        ),
        (
            "José Álvarez, 70, Rio de Janeiro, Brazil",
            SignOff("José Álvarez", 70, "Rio de Janeiro", "Brazil"),
        ),
        ("Jane Doe, 32, Washington, D.C.", SignOff("Jane Doe", 32, "Washington", "D.C.")),
        ("Sam Lee, 9, Auckland, New Zealand", SignOff("Sam Lee", 9, "Auckland", "New Zealand")),
        ("- Ken Ito, Chicago, IL", SignOff("Ken Ito", None, "Chicago", "IL")),
    ],
)
def test_sign_off_is_found(ending, sign_off):
    assert find_sign_off(f"The story of my mile.\n\n{ending}\n") == sign_off


@pytest.mark.parametrize(
    "ending",
    [
        "Thanks for reading!",
        "Jane",
        "Jane Doe, St. Louis, MO",  # no age and no dash
        "Jane Doe, 250, St. Louis, MO",
        "Jane Doe, 3, St. Louis, MO",
        "jane doe, 32, st. louis, mo",
        "JANE DOE, 32, ST. LOUIS, MO",
        "Jane Doe, 32, St. Louis, MO, USA",
        "Miles 1, 13, Chicago, IL",
        "— Thanks, Boston, MA",
        "— Jane Doe",
        "I ran it at 32, in St. Louis, MO",
        "Jane Doe, 32, St. Louis, MO\nThe end\nof the story\nreally",
        "Jane Doe, 32, " + "St. Louis " * 20 + ", MO",
    ],
)
def test_sign_off_is_not_guessed(ending):
    assert find_sign_off(f"The story of my mile.\n\n{ending}\n") is None


def test_sign_off_stays_in_the_body():
    message = normalise_message(story_email("My mile.\n\nJane Doe, 32, St. Louis, MO").as_bytes())

    assert message.body_text.endswith("Jane Doe, 32, St. Louis, MO")
    assert message.sign_off == SignOff("Jane Doe", 32, "St. Louis", "MO")
