"""Real servers for deployment tests: gunicorn serving Milepost, varnishd in front of it."""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection

REPO = Path(__file__).resolve().parents[2]
VCL = REPO / "deploy" / "varnish" / "milepost.vcl"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The URL of the database this test runs on, for servers in other processes."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def served_environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "MILEPOST_FRONTEND_CACHE", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.deploy.served_settings",
            "PYTHONPATH": str(REPO),
            "MILEPOST_DATA_DIR": str(data_dir),
            "DATABASE_URL": database_url(),
            "SECRET_KEY": "milepost-deploy-tests-only",
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "LOG_LEVEL": "WARNING",
            **extra,
        }
    )
    return env


def get(port: int, path: str, host: str = "localhost", **headers: str):
    """One GET to 127.0.0.1:port: (status, headers, body); HTTP errors are answers too."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": host, **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_until_answering(process, port: int, path: str, log: Path, timeout=60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            if get(port, path)[0] < 500:
                return
        time.sleep(0.2)
    raise RuntimeError(f"server did not answer on port {port}:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def running(args, env, log: Path, port: int, ready_path: str, timeout: float = 60.0):
    """A server process, in its own session so that it and its children are stopped together."""
    with open(log, "ab") as log_file:
        process = subprocess.Popen(
            args,
            env=env,
            cwd=REPO,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_answering(process, port, ready_path, log, timeout)
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 15)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()


def gunicorn(env, port: int, log: Path, workers: int = 2, threads: int = 1):
    """gunicorn with sync workers, or gthread workers of `threads` threads each."""
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "milepost.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
    ]
    if threads > 1:
        args += ["--worker-class", "gthread", "--threads", str(threads)]
    return running(args, env, log, port, "/robots.txt")


def milepost_serve(env, port: int, log: Path):
    """`milepost serve`, as `make serve` runs it (runserver's threads, the task worker, the
    scheduler), without demo content."""
    args = [sys.executable, "-m", "milepost.manage", "serve", "--no-demo"]
    args += ["--host", "127.0.0.1", "--port", str(port)]
    return running(args, env, log, port, "/robots.txt")


def varnish_config(backend_port: int, folder: Path, purgers: str | None = None) -> Path:
    """The shipped VCL with its backend port pointed at the test's gunicorn.

    `purgers` replaces the addresses allowed to PURGE.
    """
    text = re.sub(r'\.port = "\d+";', f'.port = "{backend_port}";', VCL.read_text(), count=1)
    if purgers is not None:
        text = re.sub(r"acl purge \{[^}]*\}", f'acl purge {{ "{purgers}"; }}', text)
    path = folder / "milepost.vcl"
    path.write_text(text)
    return path


def varnishd(backend_port: int, port: int, folder: Path, purgers: str | None = None):
    work = folder / f"varnish-{port}"
    work.mkdir()
    args = [
        shutil.which("varnishd") or "/usr/sbin/varnishd",
        "-F",
        "-a",
        f"127.0.0.1:{port}",
        "-f",
        str(varnish_config(backend_port, work, purgers)),
        "-n",
        str(work),
        "-s",
        "malloc,32m",
        "-T",
        "none",
        # No privilege separation: the test folder is not readable by the varnish user.
        "-j",
        "none",
    ]
    return running(args, os.environ.copy(), work / "varnish.log", port, "/robots.txt")
