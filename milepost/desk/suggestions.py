"""Headline and pull-quote suggestions from a story's own words. Plain Python.

The magazine's feature headlines are often a line of dialogue from the story, so the headline
suggestion is the most striking direct quotation when there is one, else the title.
"""

import re

# Text between matching double quotation marks, straight or curly.
_QUOTATION = re.compile(r"“([^”\n]{3,200})”|\"([^\"\n]{3,200})\"")
_SENTENCE = re.compile(r"[^.!?]+[.!?]+[”\"’']?")
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def quotations_find(text: str) -> list[str]:
    return [
        (first or second).strip(" ,")
        for first, second in _QUOTATION.findall(text)
        if 2 <= _words(first or second) <= 14
    ]


def _striking(quotation: str) -> tuple[int, int]:
    # An exclamation or a question carries a headline; then shorter is stronger.
    return (int(quotation.rstrip().endswith(("!", "?"))), -_words(quotation))


def headline_suggest(text: str, title: str) -> str:
    quotations = quotations_find(text)
    if not quotations:
        return title.strip()
    best = max(quotations, key=_striking)
    return best.rstrip(",.")[:255]


def pull_quote_suggest(text: str) -> str:
    """A short first-person sentence from late in the story, where the turn usually is."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    later = paragraphs[len(paragraphs) // 2 :] or paragraphs
    sentences = [
        " ".join(sentence.split())
        for paragraph in later
        for sentence in _SENTENCE.findall(paragraph)
    ]
    usable = [s for s in sentences if 4 <= _words(s) <= 30 and len(s) <= 280]
    if not usable:
        return ""
    first_person = [s for s in usable if re.match(r"(I|We|My)\b", s)]
    return min(first_person or usable, key=_words)
