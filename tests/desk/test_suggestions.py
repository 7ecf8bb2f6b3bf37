"""Headline and pull-quote suggestions, on the demo's real stories."""

import pytest

from milepost.demo.stories import STORIES
from milepost.desk.suggestions import headline_suggest, pull_quote_suggest, quotations_find


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


@pytest.mark.parametrize("story", STORIES, ids=lambda story: story.slug)
def test_the_pull_quote_is_a_short_sentence_of_the_story(story):
    quote = pull_quote_suggest(_text(story))
    assert quote and quote in " ".join(_text(story).split())
    assert len(quote) <= 280


def test_pull_quotes_match_the_editors_choice_where_the_story_turns():
    chosen = {story.slug: pull_quote_suggest(_text(story)) for story in STORIES}
    assert chosen["the-mile-i-ran-behind-my-daughter"] == "I saw her decide something."
    assert chosen["we-walked-the-last-mile-together"] == (
        "I told him that was the silliest thing he had said since 1994."
    )


def test_an_empty_story_has_no_pull_quote():
    assert pull_quote_suggest("") == ""
