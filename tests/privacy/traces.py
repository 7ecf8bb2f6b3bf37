"""Where a person's data could linger: the database file (or dump), every storage folder and the
page cache's folder."""

import pickle
import subprocess
import zlib
from pathlib import Path

from django.conf import settings
from django.db import connection


def database_bytes() -> bytes:
    """SQLite: the database file and its WAL as bytes; PostgreSQL: a data-only dump."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        name = Path(settings_dict["NAME"])
        files = [str(path) for path in (name, Path(f"{name}-wal")) if path.exists()]
        # Read by another process: closing a file descriptor of the database in this one would
        # drop every POSIX lock SQLite holds on it, and a later process (a worker) would then
        # take itself for the last connection and remove the WAL under this one's feet.
        return subprocess.run(["cat", *files], check=True, capture_output=True).stdout  # noqa: S607
    command = ["pg_dump", "--data-only", "-h", "127.0.0.1", "-d", settings_dict["NAME"]]
    command += ["-U", settings_dict["USER"] or "postgres"]
    if settings_dict.get("PORT"):
        command += ["-p", str(settings_dict["PORT"])]
    env = {"PGPASSWORD": settings_dict.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"}
    return subprocess.run(command, check=True, capture_output=True, env=env).stdout


def stored_files() -> dict[str, bytes]:
    found = {}
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_ROOT):
        for path in Path(root).rglob("*"):
            if path.is_file():
                found[str(path)] = path.read_bytes()
    return found


def page_cache_files() -> dict[str, bytes]:
    """The file-based page cache's entries, unpacked: each file is an expiry, then zlib data."""
    found = {}
    for path in Path(settings.CACHES["page_cache"]["LOCATION"]).glob("*.djcache"):
        with path.open("rb") as entry:
            pickle.load(entry)  # noqa: S301 - the expiry time, written by Django's FileBasedCache
            found[str(path)] = zlib.decompress(entry.read())
    return found


def traces(needles: list[bytes]) -> list[str]:
    """Where any needle (lower-cased text, or raw photo bytes) still shows up."""
    places = {"database": database_bytes(), **stored_files(), **page_cache_files()}
    return [
        f"{needle[:30]!r} in {place}"
        for place, data in places.items()
        for needle in needles
        if needle in data or needle in data.lower()
    ]
