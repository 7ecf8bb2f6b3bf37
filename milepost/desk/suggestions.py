"""Pull-quote suggestions from a story's own words (the headline's are in
`submissions.titles`, which names untitled submissions the same way). Plain Python.
"""

import re

from milepost.submissions.titles import words_count

_SENTENCE = re.compile(r"[^.!?]+[.!?]+[”\"’']?")


def pull_quote_suggest(text: str) -> str:
    """A short first-person sentence from late in the story, where the turn usually is."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    later = paragraphs[len(paragraphs) // 2 :] or paragraphs
    sentences = [
        " ".join(sentence.split())
        for paragraph in later
        for sentence in _SENTENCE.findall(paragraph)
    ]
    usable = [s for s in sentences if 4 <= words_count(s) <= 30 and len(s) <= 280]
    if not usable:
        return ""
    first_person = [s for s in usable if re.match(r"(I|We|My)\b", s)]
    return min(first_person or usable, key=words_count)
