"""`milepost serve` (what `make serve` runs) keeps the data folder its user's alone."""

import os
import sqlite3
import stat
import subprocess
import sys

import pytest

from tests.deploy import servers

# Migrating a new SQLite database comes before the server answers.
STARTUP_SECONDS = 240


def modes(folder):
    """Every folder and file under `folder` (itself included) with its permission bits."""
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = stat.S_IMODE(path.stat().st_mode)
    return found


def test_serve_under_umask_022_makes_every_file_private(tmp_path):
    data_dir = tmp_path / "var"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY"}
    }
    env.update(
        PYTHONPATH=str(servers.REPO), MILEPOST_DATA_DIR=str(data_dir), MILEPOST_PAGE_CACHE="true"
    )
    port = servers.free_port()
    serve = f"umask 022 && exec {sys.executable} -m milepost.manage serve --no-demo --port {port}"
    with servers.running(
        ["sh", "-c", serve], env, tmp_path / "serve.log", port, "/robots.txt", STARTUP_SECONDS
    ):
        for _ in range(2):  # the second answer comes from the page cache's files
            assert servers.get(port, "/")[0] == 200
        # A reader of the database, as the web server and the worker are: SQLite makes the
        # -wal and -shm files beside it while one is open.
        with sqlite3.connect(data_dir / "milepost.sqlite3") as reader:
            assert reader.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            reader.execute("SELECT count(*) FROM wagtailcore_page").fetchone()
            found = modes(data_dir)
        reader.close()

    assert {
        ".",
        "milepost.sqlite3",
        "milepost.sqlite3-wal",
        "milepost.sqlite3-shm",
        "page-cache",
        "secret_key",
    } <= set(found)
    assert any(name.startswith("page-cache/") for name in found)
    assert {
        name: oct(mode)
        for name, mode in found.items()
        if mode != (0o700 if (data_dir / name).is_dir() else 0o600)
    } == {}


@pytest.mark.parametrize(("held", "mode"), [("milepost.sqlite3", 0o700), ("notes.txt", 0o755)])
def test_a_data_folder_made_before_is_made_private(tmp_path, held, mode):
    """A ./var that `make serve` made before Milepost kept it private (0755, the database in it)
    is closed; a folder with none of Milepost's files in it (/tmp, say) is left as it is."""
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    data_dir.chmod(0o755)
    (data_dir / held).write_bytes(b"")
    env = {**os.environ, "MILEPOST_DATA_DIR": str(data_dir)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "milepost.manage", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(data_dir.stat().st_mode) == mode
