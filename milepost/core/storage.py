"""Storage for files the public must never reach: raw mail and unpublished photos."""

import os
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_ROOT, outside MEDIA_ROOT, with no public URL at all.

    The location is read from settings on each use, so tests and deployments can move it.
    Files are readable by the server's own user only (0600, folders 0700), whatever the umask
    and whatever FILE_UPLOAD_PERMISSIONS says for public media.
    """

    file_permissions_mode = 0o600
    directory_permissions_mode = 0o700

    @property
    def base_location(self):
        return settings.PRIVATE_ROOT

    @property
    def location(self):
        return str(settings.PRIVATE_ROOT)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a checked view.")


def private_storage():
    return storages["private"]


def private_file_open(path: Path) -> BinaryIO:
    """Opens `path` for writing a file that holds personal data, outside any storage (an export
    written with --out): readable by this user only, 0600, in a folder made 0700 if new."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # a file that was already there keeps its old mode otherwise
    return os.fdopen(descriptor, "wb")


def process_umask_restrict() -> None:
    """Whatever umask a Milepost process starts with, what it writes is its user's alone: the
    SQLite database (SQLite gives its -wal and -shm the database's mode), the page cache, the
    data folder, exports. Public media still get FILE_UPLOAD_PERMISSIONS."""
    os.umask(0o077)
