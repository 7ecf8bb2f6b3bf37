"""A title for every submission, from its own words. Plain Python.

Many stories come without one: an email whose subject is only the callout's phrase, a web form
left blank. Emails and pages still name the story, so it reads as the submitter's title, else
the suggested headline (the desk's first headline choice: a line the runner said or wrote),
else the story's first words.
"""

from .suggestions import headline_choices
from .words import story_only

# Enough words to recognise the story by, short enough for a subject line.
_OPENING_WORDS = 8
_OPENING_CHARACTERS = 60


def story_opening(text: str) -> str:
    """ "I had never run further than the mailbox…": the first words, cut between words."""
    words = story_only(text).split()
    opening = ""
    for count, word in enumerate(words[:_OPENING_WORDS], start=1):
        longer = f"{opening} {word}".strip()
        if count > 1 and len(longer) > _OPENING_CHARACTERS:
            break
        opening = longer
    if len(opening.split()) < len(words):
        return opening.rstrip(",;:.—–-") + "…"
    return opening


def submission_title(title: str, text: str) -> str:
    """The submitter's title, else the suggested headline, else the story's first words."""
    if title := " ".join(title.split()):
        return title
    return next(iter(headline_choices(story_only(text))), "") or story_opening(text)
