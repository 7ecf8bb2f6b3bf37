"""Which callout an email belongs to, and the title its subject gives the story."""

import pytest

from milepost.callouts.models import Callout
from milepost.intake.routing import callout_for_email, title_from_subject

pytestmark = pytest.mark.django_db


@pytest.fixture
def mile(db):
    return Callout.objects.create(
        title="Most Important Mile",
        slug="most-important-mile",
        prompt="?",
        subject_phrases="Most Important Mile\nMIM",
        recipient_addresses="Mile@Milepost.example",
    )


@pytest.fixture
def first_race(db):
    return Callout.objects.create(
        title="First Race", slug="first-race", prompt="?", subject_phrases="First Race"
    )


def test_the_recipient_address_wins_over_the_subject(mile, first_race):
    assert callout_for_email("My First Race", ["mile@milepost.example"]) == mile


def test_the_address_matches_whatever_its_case(mile):
    assert callout_for_email("Hello", ["MILE@milepost.EXAMPLE"]) == mile


@pytest.mark.parametrize(
    "subject",
    [
        "Most Important Mile",
        "most important mile: the hill",
        "Re: Fwd: My Most-Important-Mile",
        "MIM - Pine Street",
    ],
)
def test_a_subject_phrase_routes_anywhere_in_the_subject(mile, first_race, subject):
    assert callout_for_email(subject, ["stories@milepost.example"]) == mile


def test_the_longest_matching_phrase_wins(mile, first_race):
    Callout.objects.create(title="Mile", slug="mile", prompt="?", subject_phrases="Mile")

    assert callout_for_email("Most Important Mile", []) == mile


def test_a_phrase_must_match_whole_words(mile):
    assert callout_for_email("MIMOSA recipes", []) is None


def test_closed_callouts_are_still_routed(mile):
    Callout.objects.filter(pk=mile.pk).update(is_open=False)

    assert callout_for_email("Most Important Mile", []) == mile


def test_no_match_is_none(mile, first_race):
    assert callout_for_email("Question about my subscription", ["info@example.com"]) is None


def test_a_callout_without_phrases_routes_by_its_title(db):
    callout = Callout.objects.create(title="Night Runs", slug="night-runs", prompt="?")

    assert callout_for_email("Night runs: the lamp", []) == callout


@pytest.mark.parametrize(
    ("subject", "title"),
    [
        ("Most Important Mile: The hill on Pine St", "The hill on Pine St"),
        ("Re: My Most Important Mile - The bridge", "The bridge"),
        ("The bridge (Most Important Mile)", "The bridge"),
        ("Most Important Mile", ""),
        ("My most important mile submission", ""),
        ("Fwd: MIM: Mile 20", "Mile 20"),
        ("A title with no phrase", "A title with no phrase"),
        ("MIM: Why did I stop?", "Why did I stop?"),
        ("Most Important Mile - I finished!", "I finished!"),
        ("The last hill… (Most Important Mile)", "The last hill…"),
        ("Most Important Mile: The hill (and the rain)", "The hill (and the rain)"),
        ("Most Important Mile: /r/running got me out", "/r/running got me out"),
        ("MIM / Mile 20 / the wall", "Mile 20 / the wall"),
        ("[MIM] Pine Street", "Pine Street"),
        ("“Keep going” — Most Important Mile", "“Keep going”"),
    ],
)
def test_title_from_subject(mile, subject, title):
    assert title_from_subject(subject, mile) == title
