"""How many words a story has, counted the way the submitter's word processor counts them.

A word is a run of non-space characters holding a letter or a digit: "double-digit" and
"don't" are one word each, "—" or "&" alone are none. The greeting line ("Hi,", "Dear
editors,"), the sign-off ("Kate Harden, 32, St. Louis, MO") and what the mail program adds
("Sent from my iPhone") are not the story, so they are not counted: a 299-word story is
299 words however it was sent. Plain Python, shared by the web form, `submission_create` and
the word-limit check; static/js/wordcount.js counts the same way in the browser.
"""

import re

from .signoff import sign_off_split

# What phones and mail apps append. Deliberately specific: a story's own last line may well
# start "Sent from ...".
_CLIENT_FOOTER = re.compile(
    r"(?:sent (?:from|with|via|using) .{0,40}?\b(?:iphone|ipad|ipod|android|samsung|galaxy"
    r"|blackberry|pixel|huawei|mobile|smartphone|phone|tablet|yahoo mail|aol|outlook"
    r"|mail for windows|proton ?mail|gmail)\b.{0,40}"
    r"|get outlook for (?:ios|android)\b.{0,40})",
    re.I,
)
_MAX_FOOTER_LENGTH = 120
# "Hi,", "Hello Milepost team!", "Dear editors,", "Good morning:": a short first line.
_GREETING = re.compile(
    r"(?:(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\b.{0,40}[,:!]"
    r"|(?:hi|hello|hey|greetings)(?: there| all| everyone| folks| team)?)",
    re.I,
)
_MAX_GREETING_WORDS = 6
_WORD_CHAR = re.compile(r"[^\W_]")


def story_word_count(text: str) -> int:
    """The words of the story itself; see the module docstring for what counts."""
    return len([token for token in story_only(text).split() if _WORD_CHAR.search(token)])


def is_client_footer(line: str) -> bool:
    """A line a phone or mail app adds under what the submitter wrote ("Sent from my iPhone")."""
    line = line.strip()
    return len(line) <= _MAX_FOOTER_LENGTH and bool(_CLIENT_FOOTER.fullmatch(line))


def story_only(text: str) -> str:
    """`text` without its greeting line, sign-off and client footers: what a story page shows."""
    lines = _without_trailing_footers(text.splitlines())
    lines = _without_greeting(lines)
    before_sign_off, _ = sign_off_split("\n".join(lines))
    return before_sign_off


def _without_trailing_footers(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and (not lines[end - 1].strip() or is_client_footer(lines[end - 1])):
        end -= 1
    return lines[:end]


def _without_greeting(lines: list[str]) -> list[str]:
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return lines
    line = lines[first].strip()
    if len(line.split()) <= _MAX_GREETING_WORDS and _GREETING.fullmatch(line):
        return lines[first + 1 :]
    return lines
