"""A title for every submission: the submitter's, else the suggested headline, else its first
words; the headline suggestion on the demo's real stories."""

import pytest

from milepost.demo.stories import STORIES
from milepost.submissions.titles import (
    headline_suggest,
    quotations_find,
    story_opening,
    submission_title,
)


def _text(story):
    return "\n\n".join(story.paragraphs)


@pytest.mark.parametrize("story", STORIES, ids=lambda story: story.slug)
def test_without_dialogue_the_headline_is_the_title(story):
    assert quotations_find(_text(story)) == []
    assert headline_suggest(_text(story), story.headline) == story.headline


def test_the_most_striking_line_of_dialogue_becomes_the_headline():
    story = next(s for s in STORIES if s.headline == "Back of the Pack at 71")
    # The story tells it in reported speech; as dialogue, it is the headline.
    text = _text(story).replace(
        "He said, Grandma, a 5K is three miles, and I said, I know what a 5K is,",
        "He said, “Grandma, a 5K is three miles,” and I said, “I know what a 5K is!”",
    )
    assert "“I know what a 5K is!”" in text
    assert headline_suggest(text, story.headline) == "I know what a 5K is!"


def test_straight_quotes_count_and_long_speeches_do_not():
    speech = " ".join(["word"] * 30)
    text = f'She said "{speech}". Then: "Run, then."'
    assert headline_suggest(text, "Title") == "Run, then"


def test_a_submitters_title_is_kept():
    assert submission_title("  The hill on\nPine St ", "“Stop!” she said.") == "The hill on Pine St"


def test_an_untitled_story_with_dialogue_is_named_by_its_headline():
    text = "Hi,\n\nShe shouted “Don’t pick me up!” at mile 20, and I didn’t."
    assert submission_title("", text) == "Don’t pick me up!"


def test_an_untitled_story_without_dialogue_is_named_by_its_first_words():
    story = next(s for s in STORIES if s.headline == "Back of the Pack at 71")
    opening = submission_title("", f"Hello Milepost team!\n\n{_text(story)}")
    assert opening.endswith("…")
    words = opening.removesuffix("…").split()
    assert 3 <= len(words) <= 8 and len(opening) <= 61
    assert " ".join(_text(story).split()).startswith(" ".join(words))


def test_the_first_words_are_cut_between_words_and_a_short_story_is_whole():
    assert story_opening("I ran. " * 20) == "I ran. I ran. I ran. I ran…"
    assert story_opening("Antidisestablishmentarianism " * 3) == (
        "Antidisestablishmentarianism Antidisestablishmentarianism…"
    )
    assert story_opening("Three short words") == "Three short words"
    assert submission_title("", "") == ""
