"""`milepost serve` (what `make serve` runs): a private data folder, a welcome printed last once
the site answers, quiet routine logs, and every process stopped by Ctrl-C or SIGTERM."""

import contextlib
import copy
import io
import logging
import logging.config
import os
import re
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from milepost.settings import base as base_settings
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


def serve_environment(data_dir):
    """`make serve`'s environment: development settings, a data folder of the test's own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY"}
    }
    return {**env, "PYTHONPATH": str(servers.REPO), "MILEPOST_DATA_DIR": str(data_dir)}


def wait_for(condition, what, log, timeout=STARTUP_SECONDS):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what}:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)


def port_answers(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def processes_serving(data_dir):
    """The processes (a `milepost serve` and all it started) run with this data folder."""
    marker = f"MILEPOST_DATA_DIR={data_dir}".encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        with contextlib.suppress(OSError):
            if marker in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
    return found


def stop(process, signum, data_dir):
    """`signum` to `milepost serve` alone, as a terminal's Ctrl-C reaches it; its children are
    its to stop. The processes left once it has exited (the test then kills them)."""
    process.send_signal(signum)
    try:
        process.wait(timeout=30)
        return processes_serving(data_dir)
    finally:
        for pid in processes_serving(data_dir):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_serve_welcomes_last_after_warming_the_site_and_ctrl_c_stops_it_all(tmp_path):
    data_dir, log = tmp_path / "var", tmp_path / "serve.log"
    port = servers.free_port()
    process = serve_start(data_dir, log, "--port", str(port))
    try:
        wait_for(lambda: "Editor login:" in log.read_text(), "welcome", log)
        # The worker sends the demo's four acknowledgments, each logged as a task at INFO.
        mail = data_dir / "mail"
        wait_for(lambda: _subjects_written(mail) == 4, "mail", log)
        assert port_answers(port)
        lines = log.read_text().splitlines()  # while it runs: stopping says so after
    finally:
        left = stop(process, signal.SIGINT, data_dir)

    assert process.returncode == 0
    assert left == []
    assert not port_answers(port)
    login = services_login(data_dir)
    assert lines[-5:] == [
        f"Milepost is running at http://127.0.0.1:{port}/",
        f"Editors' admin: http://127.0.0.1:{port}/admin/",
        f"Editor login: {login}",
        f"Mail it sends is written to {mail}/",
        "Press Ctrl-C to stop the web server, the task worker and the scheduler.",
    ]
    before_welcome = lines[: -len(lines[-5:])]
    # The welcome waited for the site's first pages to be rendered.
    assert any('"GET / HTTP/1.1" 200' in line for line in before_welcome)
    assert any('"GET /admin/login/ HTTP/1.1" 200' in line for line in before_welcome)
    assert [line for line in lines if "Task id=" in line or "Step " in line] == []


def _subjects_written(mail) -> int:
    """Messages in Django's mail files: one file per connection, which may send several."""
    if not mail.is_dir():
        return 0
    return sum(
        len(re.findall(r"^Subject: ", path.read_text(), flags=re.MULTILINE))
        for path in mail.iterdir()
    )


def serve_start(data_dir, log, *options: str, sigint=signal.SIG_DFL) -> subprocess.Popen:
    """`milepost serve` in a session of its own (so a signal reaches it alone), output to `log`.
    `sigint=signal.SIG_IGN` starts it as a shell's `&` does, with Ctrl-C ignored."""
    with open(log, "wb") as out:
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "milepost.manage", "serve", *options],
            env=serve_environment(data_dir),
            cwd=servers.REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, sigint),  # noqa: PLW1509
        )


def services_login(data_dir):
    username, _, password = (data_dir / "demo-editor-login.txt").read_text().strip().partition(" ")
    return f"{username} / {password}"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_stops_the_web_server_and_its_reloader_child(tmp_path, signum):
    data_dir, log = tmp_path / "var", tmp_path / "serve.log"
    port = servers.free_port()
    process = serve_start(data_dir, log, "--no-demo", "--port", str(port))
    try:
        wait_for(lambda: port_answers(port), "answer", log)
    finally:
        left = stop(process, signum, data_dir)

    assert left == []
    assert not port_answers(port)


def test_ctrl_c_stops_it_all_when_a_shell_started_it_in_the_background(tmp_path):
    data_dir, log = tmp_path / "var", tmp_path / "serve.log"
    port = servers.free_port()
    process = serve_start(data_dir, log, "--no-demo", "--port", str(port), sigint=signal.SIG_IGN)
    try:
        wait_for(lambda: port_answers(port), "answer", log)
    finally:
        left = stop(process, signal.SIGINT, data_dir)

    assert process.returncode == 0
    assert left == []
    assert not port_answers(port)


def test_the_worker_and_the_pdf_engine_log_warnings_not_their_routine(settings):
    """Logging as configured for `make serve`, with `db_worker`'s own INFO level on its logger."""
    stream = io.StringIO()
    config = copy.deepcopy(base_settings.LOGGING)
    config["handlers"]["console"]["stream"] = stream
    config["root"]["level"] = "INFO"  # development's level (the tests' own is WARNING)
    try:
        logging.config.dictConfig(config)
        logging.getLogger("django_tasks").setLevel(logging.INFO)  # as db_worker -v 1 does
        for name in ("django_tasks", "django_tasks_db", "weasyprint.progress", "weasyprint"):
            logging.getLogger(name).info("%s routine", name)
            logging.getLogger(name).warning("%s warning", name)
        logging.getLogger("milepost").info("milepost info")
    finally:
        logging.config.dictConfig(settings.LOGGING)

    assert stream.getvalue().splitlines() == [
        "django_tasks warning",
        "django_tasks_db warning",
        "weasyprint.progress warning",
        "weasyprint warning",
        "milepost info",
    ]
