"""Which callout an email belongs to: by the address it was sent to, else by its subject."""

import re

from milepost.callouts.models import Callout

from .email.normalise import subject_without_prefixes

_FILLER_WORDS = {"my", "our", "the", "a", "an", "for", "submission", "story", "entry"}
# What joins a routing phrase to the title ("MIM: ...", "... - MIM", "... (MIM)"); a slash counts
# only with a space after or before it, so "/r/running" keeps its slash.
_JOIN_AFTER = re.compile(r"^(?:[\s:;,|~–—-]|[/\\](?=\s))+")
_JOIN_BEFORE = re.compile(r"(?:[\s:;,|~–—-]|(?<=\s)[/\\])+$")
_BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">"}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _phrase_at(words: list[str], phrase: list[str]) -> int | None:
    size = len(phrase)
    for start in range(len(words) - size + 1):
        if words[start : start + size] == phrase:
            return start
    return None


def callout_for_email(subject: str, recipients: list[str] | tuple[str, ...]) -> Callout | None:
    """Closed callouts are routed too: what arrives for them is kept, marked late."""
    callouts = list(Callout.objects.all())
    recipients = {address.lower() for address in recipients}
    for callout in callouts:
        if recipients & set(callout.routing_addresses):
            return callout
    subject_words = _words(subject_without_prefixes(subject))
    best, best_length = None, 0
    for callout in callouts:
        for phrase in callout.routing_phrases:
            phrase_words = _words(phrase)
            if (
                len(phrase_words) > best_length
                and _phrase_at(subject_words, phrase_words) is not None
            ):
                best, best_length = callout, len(phrase_words)
    return best


def title_from_subject(subject: str, callout: Callout) -> str:
    """ "Re: My Most Important Mile: The hill on Pine St" -> "The hill on Pine St".

    Only the phrase and what joins it to the title go: a title keeps its own "?", "!", "…",
    brackets and slashes.
    """
    subject = subject_without_prefixes(subject)
    for phrase in callout.routing_phrases:
        pattern = r"\b" + r"\W+".join(re.escape(word) for word in _words(phrase)) + r"\b"
        match = re.search(pattern, subject, flags=re.IGNORECASE)
        if match:
            before, after = _unbracketed(subject[: match.start()], subject[match.end() :])
            # "My Most Important Mile" leaves just "My": that is no part of a title.
            if set(_words(before)) <= _FILLER_WORDS:
                before = ""
            subject = f"{_JOIN_BEFORE.sub('', before)} {_JOIN_AFTER.sub('', after)}"
            break
    title = " ".join(subject.split())
    return "" if set(_words(title)) <= _FILLER_WORDS else title


def _unbracketed(before: str, after: str) -> tuple[str, str]:
    """Drop the brackets around the phrase: "The bridge (MIM)" -> "The bridge "."""
    opening, closing = before.rstrip()[-1:], after.lstrip()[:1]
    if opening in _BRACKETS and _BRACKETS[opening] == closing:
        return before.rstrip()[:-1], after.lstrip()[1:]
    return before, after
