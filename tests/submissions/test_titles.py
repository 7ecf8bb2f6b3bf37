"""A title for every submission: the submitter's, else the suggested headline, else its first
words."""

import pytest

from milepost.demo.stories import STORIES
from milepost.submissions.suggestions import headline_choices
from milepost.submissions.titles import story_opening, submission_title


def _text(story):
    return "\n\n".join(story.paragraphs)


def test_a_submitters_title_is_kept():
    assert submission_title("  The hill on\nPine St ", "“Stop!” she said.") == "The hill on Pine St"


def test_an_untitled_story_with_dialogue_is_named_by_its_headline():
    text = "Hi,\n\nShe shouted “Don’t pick me up, Mom!” at mile 20, and I didn’t."
    assert submission_title("", text) == "Don’t pick me up, Mom!"


@pytest.mark.parametrize("story", STORIES, ids=lambda story: story.slug)
def test_an_untitled_story_is_named_by_the_desks_first_headline_choice(story):
    assert submission_title("", _text(story)) == headline_choices(_text(story))[0]


def test_an_untitled_story_without_a_whole_line_is_named_by_its_first_words():
    story = next(s for s in STORIES if s.headline == "Back of the Pack at 71")
    fragments = " ".join(f"{word}." for word in _text(story).split())
    opening = submission_title("", f"Hello Milepost team!\n\n{fragments}")
    assert opening.endswith("…")
    words = opening.removesuffix("…").split()
    assert 3 <= len(words) <= 8 and len(opening) <= 61
    assert fragments.startswith(" ".join(words))


def test_the_first_words_are_cut_between_words_and_a_short_story_is_whole():
    assert story_opening("I ran. " * 20) == "I ran. I ran. I ran. I ran…"
    assert story_opening("Antidisestablishmentarianism " * 3) == (
        "Antidisestablishmentarianism Antidisestablishmentarianism…"
    )
    assert story_opening("Three short words") == "Three short words"
    assert submission_title("", "") == ""
