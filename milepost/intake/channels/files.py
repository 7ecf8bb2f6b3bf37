"""Mail files on disk as (label, raw bytes) pairs: .eml files, folders of them, mbox, Maildir.

Messages are read one at a time, so a large mbox never sits in memory whole. Whether a file is
mail is decided by what it holds, not by its name: a file is a message if it starts with an
RFC 5322 header block (field lines, up to a blank line) that holds at least one header every
mail has. Files that are not (empty, hidden, a photo, notes) are skipped and reported.
"""

import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from milepost.core.exceptions import DomainError

_MBOX_START = b"From "
# Enough to see the whole header block of any real message.
SNIFF_BYTES = 64 * 1024
_FIELD = re.compile(rb"[!-9;-~]+[ \t]*:")  # a field name (printable, no colon), then the colon
_CONTINUATION = re.compile(rb"[ \t]")
_MAIL_FIELDS = {
    b"from",
    b"to",
    b"cc",
    b"subject",
    b"date",
    b"message-id",
    b"received",
    b"return-path",
    b"delivered-to",
    b"mime-version",
    b"content-type",
}


class MailSourceError(DomainError):
    """A path that is not a mail file or folder we can read; the message says why."""


@dataclass(frozen=True)
class SkippedFile:
    """A file that is not mail, and why; reported, never imported."""

    path: str
    reason: str


def mail_from_paths(paths: list[str]) -> Iterator[tuple[str, bytes] | SkippedFile]:
    for raw_path in paths:
        yield from mail_from_path(Path(raw_path))


def mail_from_path(path: Path) -> Iterator[tuple[str, bytes] | SkippedFile]:
    if not path.exists():
        raise MailSourceError(f"{path}: no such file or folder")
    if path.name.startswith(".") and path.name not in {".", ".."}:
        yield SkippedFile(str(path), "hidden (its name starts with a dot)")
        return
    if path.is_dir():
        if _is_maildir(path):
            yield from _maildir_messages(path)
        else:
            for child in sorted(path.iterdir()):
                yield from mail_from_path(child)
        return
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(_MBOX_START):
        yield from _mbox_messages(path)
        return
    reason = mail_sniff(head)
    if reason:
        yield SkippedFile(str(path), reason)
    else:
        yield str(path), path.read_bytes()


def mail_sniff(head: bytes) -> str:
    """ "" when `head` (a file's first bytes) starts like an email, else why it does not."""
    if not head.strip():
        return "empty"
    fields = set()
    for line in head.splitlines():
        if not line.strip():
            break
        if _CONTINUATION.match(line) and fields:
            continue
        field = _FIELD.match(line)
        if field is None:
            if not fields:
                return "not an email: it does not start with mail headers"
            break  # a body with no blank line before it: mail programs read it so too
        fields.add(field.group().rstrip(b" \t:").lower())
    if not fields & _MAIL_FIELDS:
        return "not an email: no From, To, Subject, Date or other mail header at the top"
    return ""


def _is_maildir(path: Path) -> bool:
    return all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))


def _mbox_messages(path: Path) -> Iterator[tuple[str, bytes]]:
    box = mailbox.mbox(path, create=False)
    try:
        for key in box.iterkeys():
            yield f"{path}#{key}", box.get_bytes(key)
    finally:
        box.close()


def _maildir_messages(path: Path) -> Iterator[tuple[str, bytes]]:
    box = mailbox.Maildir(path, factory=None, create=False)
    for key in sorted(box.iterkeys()):
        yield f"{path}#{key}", box.get_bytes(key)
