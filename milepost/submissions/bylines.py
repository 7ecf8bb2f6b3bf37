"""The feature's byline, built from the runner's fields, and how much of it the contributor
allows.

"St. Louis, MO mother runner Jane Doe, 32" when everything is there; any missing part is left
out without leaving stray commas or spaces behind. `byline_allowed` is the one rule that turns
the fields and the contributor's choice of how to be named into what may be printed: every
page, feed, book and export prints a byline through it.
"""

import re

from django.db import models

from milepost.callouts.models import DEFAULT_ANONYMOUS_BYLINE


class Naming(models.TextChoices):
    """How a contributor chose to be named in print."""

    FULL_NAME = "full_name", "Full name"
    FIRST_NAME_AND_PLACE = "first_name_and_place", "First name and place"
    INITIALS = "initials", "Initials and place"
    ANONYMOUS = "anonymous", "Anonymous"


# What the contributor asked, in the words of the publish check.
NAMING_ASKED = {
    Naming.FULL_NAME: "to be named in full",
    Naming.FIRST_NAME_AND_PLACE: "to be named by first name and place",
    Naming.INITIALS: "to be named by initials and place",
    Naming.ANONYMOUS: "not to be named",
}


def _clean(value: object) -> str:
    return " ".join(str(value or "").split())


def format_place(city: str = "", region: str = "") -> str:
    return ", ".join(part for part in (_clean(city), _clean(region)) if part)


def format_byline(
    name: str, *, age: int | None = None, city: str = "", region: str = "", descriptor: str = ""
) -> str:
    name = _clean(name)
    place = format_place(city, region)
    descriptor = _clean(descriptor)
    # An age means nothing without the name it belongs to.
    who = f"{name}, {age}" if name and age is not None else name
    if descriptor:
        # "St. Louis, MO mother runner Jane Doe, 32"
        return " ".join(part for part in (place, descriptor, who) if part)
    if place:
        # With no descriptor the place reads better after the name: "Jane Doe, 32, of Leeds, UK"
        return f"{who}, of {place}" if who else place
    return who


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text)


def name_allowed(name: str, naming: str) -> str:
    """The part of `name` the choice lets a byline print: "Jane Doe", "Jane", "J. D." or ""."""
    words = _words(name)
    if naming == Naming.FULL_NAME:
        return _clean(name)
    if naming == Naming.FIRST_NAME_AND_PLACE:
        return words[0] if words else ""
    if naming == Naming.INITIALS:
        return " ".join(f"{word[0].upper()}." for word in words)
    return ""


def anonymous_byline(wording: str, place: str) -> str:
    """ "A reader from St. Louis, MO"; with no place, the wording up to where the place went."""
    wording = _clean(wording) or DEFAULT_ANONYMOUS_BYLINE
    if place:
        return wording.replace("{place}", place)
    # "A reader from {place}" with no place given reads "A reader".
    return _clean(re.sub(r"\s*\b(?:from|in|of)?\s*\{place\}", "", wording)).rstrip(" ,")


def byline_allowed(
    naming: str,
    *,
    name: str,
    age: int | None = None,
    city: str = "",
    region: str = "",
    descriptor: str = "",
    anonymous_wording: str = DEFAULT_ANONYMOUS_BYLINE,
) -> str:
    """The byline `naming` allows from these fields: the age goes with the full name only."""
    if naming == Naming.ANONYMOUS:
        return anonymous_byline(anonymous_wording, format_place(city, region))
    if naming != Naming.FULL_NAME:
        age = None
    return format_byline(
        name_allowed(name, naming), age=age, city=city, region=region, descriptor=descriptor
    )


def byline_names_more(naming: str, *, name: str, legal_name: str) -> str:
    """Why `name`, as an editor wrote it, names the contributor (`legal_name`) more than
    `naming` allows, or "" when it does not."""
    allowed = {word.casefold() for word in _words(name_allowed(legal_name, naming))}
    withheld = {word.casefold() for word in _words(legal_name)} - allowed
    named = [word for word in _words(name) if word.casefold() in withheld]
    if not named:
        return ""
    asked, allowed = NAMING_ASKED[Naming(naming)], name_allowed(legal_name, naming)
    return (
        f"The contributor asked {asked}, and the runner’s name “{_clean(name)}” gives "
        f"“{' '.join(named)}”. Write “{allowed or 'Anonymous'}”, or record their written "
        "agreement to this byline."
    )
