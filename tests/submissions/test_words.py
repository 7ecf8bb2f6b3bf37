"""The word count agrees with the submitter's word processor."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from milepost.submissions.words import is_client_footer, story_word_count
from tests.submissions.stories import KATE_STORY


def test_a_299_word_story_with_greeting_sign_off_and_footer_is_299_words():
    assert KATE_STORY.startswith("Hi,\n")
    assert KATE_STORY.rstrip().endswith("Kate Harden, 32, St. Louis, MO\n\nSent from my iPhone")

    assert story_word_count(KATE_STORY) == 299


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("a double-digit week", 3),
        ("I don’t stop — ever.", 4),
        ("5K, 10K & 26.2 miles", 4),
        ("— … & * !!", 0),
        ("e-mail/text me at 9:30", 4),
        ("", 0),
        ("Hi,\n\nI ran.", 2),
        ("Dear editors,\nI ran.", 2),
        ("Hello Milepost team!\n\nI ran.", 2),
        ("Hello darkness, my old friend and running partner, I ran", 10),
        ("Hi there\nI ran.\n\nJane Doe, 32, St. Louis, MO", 2),
        ("I ran.\n\nJane Doe (32)\nLeeds, UK\n\nSent from my Galaxy", 2),
        ("I ran.\n\n— Ken Ito, Chicago, IL", 2),
        ("I ran.\nSent from my iPhone\n", 2),
        ("I ran.\n\nThanks, Boston, MA", 5),  # not a sign-off: every word counts
        ("Sent from my iPhone, the last line of my story, which I wrote on a long run", 17),
    ],
)
def test_words_are_counted_as_word_processors_count_them(text, count):
    assert story_word_count(text) == count


@pytest.mark.parametrize(
    ("line", "footer"),
    [
        ("Sent from my iPhone", True),
        ("Get Outlook for Android", True),
        ("  Sent with Proton Mail secure email.  ", True),
        ("Sent from the finish line, where I cried", False),
    ],
)
def test_client_footers(line, footer):
    assert is_client_footer(line) is footer


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2_000))
def test_never_raises_and_never_counts_more_than_the_tokens(text):
    assert 0 <= story_word_count(text) <= len(text.split())
