"""Pull-quote suggestions, on the demo's real stories."""

import pytest

from milepost.demo.stories import STORIES
from milepost.desk.suggestions import pull_quote_suggest


def _text(story):
    return "\n\n".join(story.paragraphs)


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
