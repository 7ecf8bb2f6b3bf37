"""Headline and pull-quote choices from a story's own words. Plain Python.

The magazine's feature headline is a line the runner said or wrote, so lines of quoted speech
come first (a whole quoted sentence or two); then the strongest short sentences of the story.
A choice is never a fragment (fewer than four words) and never starts in lower case. Sentences
are found by pysbd, which knows "Mr." and "St. Louis" and keeps a quotation in one piece.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd

CHOICES = 3
MIN_WORDS, MAX_WORDS = 4, 25
_MAX_PULL_QUOTE_LENGTH = 280
_QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»", "„": "“", "‘": "’"}
_WORD = re.compile(r"\w+(?:['’]\w+)*")
# A quotation that is speech ends with punctuation or follows "she said," or "I said:".
_SPEECH_END = (".", "!", "?", ",", "…", "—", "-", ";")
_SPEECH_VERBS = {"said", "says", "say", "asked", "asks", "told", "tells", "yelled", "shouted"}
_SPEECH_VERBS |= {"whispered", "called", "cried", "screamed", "answered", "replied", "wrote"}
# Sentences that lean on the one before them make weak headlines.
_LEANING = {"it", "this", "that", "then", "so", "and", "but", "or", "because", "which"}
_FIRST_PERSON = {"i", "i'm", "i’m", "we", "my", "our"}


@dataclass(frozen=True)
class _Line:
    text: str
    is_speech: bool
    position: float  # 0 at the story's start, 1 at its end

    @property
    def words(self) -> int:
        return _word_count(self.text)


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _segment(text: str) -> list[str]:
    segmenter = pysbd.Segmenter(language="en", clean=False)
    return [" ".join(sentence.split()) for sentence in segmenter.segment(text)]


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _quotations(paragraph: str) -> list[tuple[int, str]]:
    """(where it opens, what is inside) for each closed quotation in the paragraph."""
    found, index = [], 0
    while index < len(paragraph):
        end = _closing(paragraph, index)
        if end == -1:
            index += 1
            continue
        found.append((index, paragraph[index + 1 : end].strip()))
        index = end + 1
    return _joined(paragraph, found)


def _closing(paragraph: str, start: int) -> int:
    """Where the quotation opening at `start` closes, or -1. A single closing mark is also
    the apostrophe, so it closes only where no letter follows: ‘Don’t stop,’ she said."""
    opening = paragraph[start]
    if opening == "‘":
        ends = (i for i in range(start + 1, len(paragraph)) if paragraph[i] == "’")
        return next((i for i in ends if not paragraph[i + 1 : i + 2].isalnum()), -1)
    closing = _QUOTE_PAIRS.get(opening)
    return paragraph.find(closing, start + 1) if closing else -1


def _joined(paragraph: str, found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """“Don't pick me up,” she said, “just run slow.” is one line of speech."""
    joined: list[tuple[int, str]] = []
    for start, inside in found:
        if joined and joined[-1][1].endswith(",") and inside[:1].islower():
            joined[-1] = (joined[-1][0], f"{joined[-1][1]} {inside}")
        else:
            joined.append((start, inside))
    return joined


def _is_speech(paragraph: str, start: int, inside: str) -> bool:
    if inside.endswith(_SPEECH_END):
        return True
    before = paragraph[:start].rstrip()
    words = before.lower().split()
    return before.endswith((",", ":")) or bool(words and words[-1] in _SPEECH_VERBS)


def _speech_lines(paragraph: str) -> list[str]:
    """Whole quoted sentences: the quotation if it is one or two, else each of its sentences."""
    lines = []
    for start, inside in _quotations(paragraph):
        if not _is_speech(paragraph, start, inside):
            continue
        sentences = _segment(inside)
        whole = " ".join(sentences)
        short = len(sentences) <= 2 and _word_count(whole) <= MAX_WORDS
        lines += [whole] if short else sentences
    return lines


def _has_quotation_mark(sentence: str) -> bool:
    # Not ’, which is far more often an apostrophe.
    return any(mark in sentence for mark in '“”"«»„‘')


def _lines(text: str) -> list[_Line]:
    """Every usable line of the story, in the story's order."""
    paragraphs = _paragraphs(text)
    lines = []
    for number, paragraph in enumerate(paragraphs):
        position = number / max(len(paragraphs) - 1, 1)
        lines += [_Line(speech, True, position) for speech in _speech_lines(paragraph)]
        lines += [
            _Line(sentence, False, position)
            for sentence in _segment(paragraph)
            if not _has_quotation_mark(sentence)
        ]
    return [line for line in lines if _is_usable(line)]


def _is_usable(line: _Line) -> bool:
    return (
        MIN_WORDS <= line.words <= MAX_WORDS
        and len(line.text) <= _MAX_PULL_QUOTE_LENGTH
        and line.text[:1].isupper()
    )


def _strength(line: _Line) -> tuple[int, int]:
    """Speech first; then short, late (where a story turns), first-person, standing alone."""
    first_word = line.text.split()[0].lower().strip(",")
    score = 2 * (5 <= line.words <= 10) + (11 <= line.words <= 14) + (line.position >= 0.5)
    score += (first_word in _FIRST_PERSON) + line.text.endswith(("!", "?"))
    score -= first_word in _LEANING
    return (int(line.is_speech), score)


@lru_cache(maxsize=16)  # the edit form asks twice, for headlines and for pull quotes
def _ranked(text: str) -> tuple[_Line, ...]:
    ranked = sorted(_lines(text), key=_strength, reverse=True)  # stable: earlier first on ties
    unique: dict[str, _Line] = {}
    for line in ranked:
        unique.setdefault(_key(line.text), line)
    return tuple(unique.values())


def _key(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))


def headline_choices(text: str) -> list[str]:
    """Up to three headlines, the strongest first: lines of the story, no closing full stop."""
    return [line.text.rstrip(".,;:— ")[:255] for line in _ranked(text)[:CHOICES]]


def pull_quote_choices(text: str, headline: str) -> list[str]:
    """Up to three pull quotes, each another line than the headline. Lines of the opening
    paragraph, the lede, come last: the page shows it just above the pull quote anyway."""
    lines = [line for line in _ranked(text) if _key(line.text) != _key(headline)]
    lines.sort(key=lambda line: line.position == 0)
    return [line.text for line in lines[:CHOICES]]
