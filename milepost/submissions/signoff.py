"""Find the submitter's sign-off ("Jane Doe, 32, St. Louis, MO") at the end of a story.

Conservative on purpose: a wrong name or age in a byline is worse than an editor typing it, so
anything short of a clear name, age and place gives None. Plain Python: the email normaliser
reads sign-offs with it, and the word count leaves them out.
"""

import re
from dataclasses import dataclass

MIN_AGE, MAX_AGE = 5, 110
_MAX_LINE_LENGTH = 100
_LEADING_DASH = re.compile(r"[-–—~]{1,2}\s*")
_AGE_IN_BRACKETS = re.compile(r"\s*\((\d{1,3})\)")
_AGE = re.compile(r"\d{1,3}")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.\-])*")
_REGION_CODE = re.compile(r"[A-Z]{2,3}|(?:[A-Z]\.){2,3}")
# Lower-case words that may sit inside a name or a city: "Vincent van Gogh", "Rio de Janeiro".
_JOINERS = {"de", "da", "del", "der", "di", "do", "dos", "du", "la", "le", "van", "von", "of"}
_JOINERS |= {"on", "upon", "sur", "am"}
# Closing words that look like a capitalised name: "— Thanks, Boston, MA".
_NOT_NAMES = {"thanks", "thank", "cheers", "best", "regards", "love", "sincerely", "yours"}


@dataclass(frozen=True)
class SignOff:
    name: str
    age: int | None
    city: str
    region: str


def find_sign_off(text: str) -> SignOff | None:
    """The sign-off in the last 1-3 non-empty lines of `text`, or None.

    Accepted: name, age, city and region ("Jane Doe, 32, St. Louis, MO", "Jane Doe (32),
    Leeds, UK", also spread over lines as "Jane, 41" / "Portland, OR"); the age may be left out
    only after a leading dash ("— Jane Doe, Leeds, UK"), which marks a sign-off on its own.
    """
    return sign_off_split(text)[1]


def sign_off_split(text: str) -> tuple[str, SignOff | None]:
    """(`text` before its sign-off, the sign-off); (`text`, None) when there is none."""
    lines = text.splitlines()
    filled = [index for index, line in enumerate(lines) if line.strip()][-3:]
    for count in range(1, len(filled) + 1):
        start = filled[-count]
        sign_off = _parse([line.strip() for line in lines[start:] if line.strip()])
        if sign_off:
            return "\n".join(lines[:start]), sign_off
    return text, None


def _parse(lines: list[str]) -> SignOff | None:
    if any(len(line) > _MAX_LINE_LENGTH for line in lines):
        return None
    text = ", ".join(lines)
    dash = _LEADING_DASH.match(text)
    text = _AGE_IN_BRACKETS.sub(r", \1", text[dash.end() if dash else 0 :])
    fields = [field.strip() for field in text.split(",")]
    if not _REGION_CODE.fullmatch(fields[-1]):  # "St. Louis, MO." but "Washington, D.C."
        fields[-1] = fields[-1].removesuffix(".")
    if len(fields) == 4:
        name, age, city, region = fields
    elif len(fields) == 3 and dash:
        (name, city, region), age = fields, None
    else:
        return None
    if not (_is_name(name) and _is_name(city) and _is_region(region)):
        return None
    if age is None:
        return SignOff(name=name, age=None, city=city, region=region)
    if _AGE.fullmatch(age) and MIN_AGE <= int(age) <= MAX_AGE:
        return SignOff(name=name, age=int(age), city=city, region=region)
    return None


def _is_name(text: str, max_words: int = 4) -> bool:
    """1 to `max_words` capitalised words (joiners allowed between them)."""
    words = text.split()
    if not 1 <= len(words) <= max_words or any(word.lower() in _NOT_NAMES for word in words):
        return False
    inner = words[1:-1]
    return (
        _is_capitalised(words[0])
        and _is_capitalised(words[-1])
        and all(_is_capitalised(word) or word in _JOINERS for word in inner)
    )


def _is_capitalised(word: str) -> bool:
    """ "Jane", "O'Brien", "St.", "J." — but not "UK" or "MILE", which are not names."""
    if not _WORD.fullmatch(word) or not word[0].isupper():
        return False
    return any(char.islower() for char in word) or (len(word) == 2 and word[1] == ".")


def _is_region(text: str) -> bool:
    return bool(_REGION_CODE.fullmatch(text)) or _is_name(text, max_words=3)
