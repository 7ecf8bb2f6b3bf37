"""A title for every submission, from its own words. Plain Python.

Many stories come without one: an email whose subject is only the callout's phrase, a web form
left blank. Emails and pages still name the story, so it reads as the submitter's title, else
the suggested headline (the magazine's feature headlines are often a line of dialogue from the
story: the most striking direct quotation), else the story's first words.
"""

import re

from .words import story_only

# Text between matching double quotation marks, straight or curly.
_QUOTATION = re.compile(r"“([^”\n]{3,200})”|\"([^\"\n]{3,200})\"")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
# Enough words to recognise the story by, short enough for a subject line.
_OPENING_WORDS = 8
_OPENING_CHARACTERS = 60


def words_count(text: str) -> int:
    return len(_WORD.findall(text))


def quotations_find(text: str) -> list[str]:
    return [
        (first or second).strip(" ,")
        for first, second in _QUOTATION.findall(text)
        if 2 <= words_count(first or second) <= 14
    ]


def _striking(quotation: str) -> tuple[int, int]:
    # An exclamation or a question carries a headline; then shorter is stronger.
    return (int(quotation.rstrip().endswith(("!", "?"))), -words_count(quotation))


def headline_suggest(text: str, title: str) -> str:
    quotations = quotations_find(text)
    if not quotations:
        return title.strip()
    best = max(quotations, key=_striking)
    return best.rstrip(",.")[:255]


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
    return " ".join(title.split()) or headline_suggest(text, "") or story_opening(text)
