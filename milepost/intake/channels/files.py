"""Mail files on disk as (label, raw bytes) pairs: .eml files, folders of them, mbox, Maildir.

Messages are read one at a time, so a large mbox never sits in memory whole.
"""

import mailbox
from collections.abc import Iterator
from pathlib import Path

_MBOX_START = b"From "


class MailSourceError(Exception):
    """A path that is not a mail file or folder we can read; the message says why."""


def mail_from_paths(paths: list[str]) -> Iterator[tuple[str, bytes]]:
    for raw_path in paths:
        yield from mail_from_path(Path(raw_path))


def mail_from_path(path: Path) -> Iterator[tuple[str, bytes]]:
    if not path.exists():
        raise MailSourceError(f"{path}: no such file or folder")
    if path.is_dir():
        if _is_maildir(path):
            yield from _maildir_messages(path)
        else:
            for child in sorted(path.iterdir()):
                if child.is_dir() or child.suffix.lower() in {".eml", ".mbox", ".msg", ""}:
                    yield from mail_from_path(child)
        return
    if _looks_like_mbox(path):
        yield from _mbox_messages(path)
    else:
        yield str(path), path.read_bytes()


def _is_maildir(path: Path) -> bool:
    return all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))


def _looks_like_mbox(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(_MBOX_START)) == _MBOX_START


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
