"""Hooks for what each app holds about a person, found and erased by email address.

`milepost.privacy` finds, exports and erases what submissions, intake and stories hold; apps it
cannot import (above it, or beside it such as the anthology) connect receivers here instead:

- `person_data_collect.send(sender=None, email=...)`: each receiver returns a list of
  `PersonRecord`s it holds for that address (shown to editors and exported).
- `person_data_erase.send(sender=None, email=..., submission_ids=..., kept_story_ids=...)`: sent
  before the submissions and stories go (an empty `email` when retention erases), each receiver
  deletes what it holds inside the erasure's transaction, leaves what belongs to a kept story,
  and returns a short summary for the audit stub (no personal data in it).
"""

from dataclasses import dataclass, field

from django.dispatch import Signal

person_data_collect = Signal()
person_data_erase = Signal()


@dataclass(frozen=True)
class PersonRecord:
    kind: str  # e.g. "anthology entry"
    label: str  # what the editor sees
    data: dict = field(default_factory=dict)  # exported as JSON


@dataclass(frozen=True)
class PrivacyNotice:
    url: str  # absolute
    version: str  # recorded with each consent, e.g. "revision 12 of 2026-12-01"


_notice_finders: list = []


def privacy_notice_finder_register(finder) -> None:
    """`milepost.privacy` gives the function that returns the published notice, or None."""
    if finder not in _notice_finders:
        _notice_finders.append(finder)


def privacy_notice_current() -> PrivacyNotice | None:
    for finder in _notice_finders:
        if notice := finder():
            return notice
    return None
