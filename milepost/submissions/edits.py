"""What the desk changed in a story, word by word: the submitter's text against the edit they
are asked to approve, for their status page (plain Python, so the desk can use it too)."""

import difflib
import re
from dataclasses import dataclass

from .models import Submission

# The share of words a paragraph keeps for its edit to be shown word by word.
REWORDED = 0.5


@dataclass(frozen=True)
class Change:
    """A run of words the edit kept (""), added ("ins") or took out ("del")."""

    kind: str
    words: str


def submitted_text(submission: Submission) -> str:
    """The story as its submitter sent it: their title, then their text."""
    return "\n\n".join(filter(None, [submission.title, submission.story_text]))


def text_changes(sent: str, edited: str) -> list[list[Change]]:
    """The edit's paragraphs, each a list of runs, with what it took out where it stood: a
    paragraph reworded is shown word by word, one rewritten as the old beside the new."""
    before, after = _paragraphs(sent), _paragraphs(edited)
    shown: list[list[Change]] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            shown += [[Change("", paragraph)] for paragraph in after[j1:j2]]
            continue
        old, new = before[i1:i2], after[j1:j2]
        for was, now in zip(old, new, strict=False):
            shown += _paragraph_changes(was, now)
        shown += [[Change("del", paragraph)] for paragraph in old[len(new) :]]
        shown += [[Change("ins", paragraph)] for paragraph in new[len(old) :]]
    return shown


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _paragraph_changes(was: str, now: str) -> list[list[Change]]:
    before, after = was.split(), now.split()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    # Mostly rewritten, a word diff is confetti: the old paragraph, then the new.
    if matcher.ratio() < REWORDED:
        return [[Change("del", was)], [Change("ins", now)]]
    runs: list[Change] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            runs.append(Change("del", " ".join(before[i1:i2])))
        if op in ("insert", "replace"):
            runs.append(Change("ins", " ".join(after[j1:j2])))
        if op == "equal":
            runs.append(Change("", " ".join(after[j1:j2])))
    return [runs]
