"""Headline and pull-quote choices: stories written for the test, and the demo's real ones."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from milepost.demo.stories import STORIES as DEMO_STORIES
from milepost.submissions.suggestions import MIN_WORDS, headline_choices, pull_quote_choices
from milepost.submissions.words import story_only
from tests.submissions.headline_stories import STORIES

_TEXTS = [story_only(story.text) for story in STORIES] + [
    "\n\n".join(story.paragraphs) for story in DEMO_STORIES
]


def test_the_first_headline_is_a_line_an_editor_would_pick():
    firsts = {story.name: headline_choices(story_only(story.text))[:1] for story in STORIES}
    hits = [story.name for story in STORIES if set(firsts[story.name]) & set(story.lines)]
    print(f"headline hit rate: {len(hits)}/{len(STORIES)}")
    assert len(STORIES) >= 20
    assert len(hits) / len(STORIES) >= 0.9, sorted({s.name for s in STORIES} - set(hits))


def test_a_quotation_across_sentences_is_offered_whole():
    text = "I have run marathons.\n\nShe said, “Don't pick me up, Mom. Just run slow next to me.”"
    assert headline_choices(text)[0] == "Don't pick me up, Mom. Just run slow next to me"
    assert pull_quote_choices(text, headline_choices(text)[0]) == ["I have run marathons."]


@pytest.mark.parametrize("text", _TEXTS)
def test_choices_are_whole_lines_that_start_with_a_capital(text):
    headlines = headline_choices(text)
    choices = headlines + pull_quote_choices(text, headlines[0])
    assert 1 <= len(headlines) <= 3
    for choice in choices:
        assert choice[0].isupper() or choice[0].isdigit(), choice
        assert len(choice.split()) >= MIN_WORDS, choice


@pytest.mark.parametrize("text", _TEXTS)
def test_the_pull_quotes_are_other_lines_than_the_headline(text):
    headline = headline_choices(text)[0]
    pull_quotes = pull_quote_choices(text, headline)
    assert len(pull_quotes) <= 3
    assert all(quote.rstrip(".!?") != headline.rstrip(".!?") for quote in pull_quotes)


def test_a_lower_case_title_or_phrase_is_never_offered():
    text = "the real mile was not the marathon. i ran it at dawn\n\nIt was the one I ran last."
    assert headline_choices(text) == ["It was the one I ran last"]


def test_fragments_and_scare_quotes_are_not_offered():
    text = 'They called it "the wall." "Run, then." I hit it at mile twenty, the wall.'
    assert headline_choices(text) == ["I hit it at mile twenty, the wall"]


def test_an_empty_story_has_no_choices():
    assert headline_choices("") == [] and pull_quote_choices("", "") == []


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="Ab c.“”\"!?,\n'", max_size=200))
def test_any_text_gives_capitalised_whole_lines(text):
    for choice in headline_choices(text) + pull_quote_choices(text, ""):
        assert choice[0].isupper() and len(choice.split()) >= MIN_WORDS
