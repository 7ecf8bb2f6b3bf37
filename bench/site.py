"""A throwaway Milepost site: its data folder, its environment, and gunicorn serving it."""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from .load import fetch

HOST = "127.0.0.1"
# Variables that would point the throwaway site at real services (a database, a shared cache,
# an S3 bucket); the benchmark only runs on its own SQLite file and local media.
FOREIGN_SERVICES = ("DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def site_environment(data_dir: Path, settings: str) -> tuple[dict[str, str], list[str]]:
    """The environment for every command run against the site, and the variables dropped."""
    env = dict(os.environ)
    dropped = [name for name in FOREIGN_SERVICES if env.pop(name, None) is not None]
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": settings,
            "MILEPOST_DATA_DIR": str(data_dir),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "MILEPOST_SERVE_MEDIA": "true",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env, dropped


def run_step(args: list[str], env: dict[str, str], *, log: Path, echo: bool = False) -> str:
    """Run a command to completion; its output goes to `log` (and the screen if `echo`).

    Returns what it printed on stdout. On failure the end of the log is shown and the
    benchmark stops.
    """
    with open(log, "a") as log_file:
        log_file.write(f"$ {' '.join(args)}\n")
        log_file.flush()
        process = subprocess.Popen(
            args, env=env, stdout=subprocess.PIPE, stderr=log_file, text=True, bufsize=1
        )
        lines = []
        try:
            for line in process.stdout:
                lines.append(line)
                log_file.write(line)
                if echo:
                    print(line, end="", flush=True)
            process.wait()
        except BaseException:
            process.kill()
            process.wait()
            raise
    if process.returncode != 0:
        raise StepFailed(f"`{' '.join(args[1:])}` failed (exit {process.returncode})", log)
    return "".join(lines)


class StepFailed(Exception):
    def __init__(self, message: str, log: Path):
        super().__init__(message)
        self.log = log

    def log_tail(self, lines: int = 25) -> str:
        try:
            text = self.log.read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(text[-lines:])


class Gunicorn:
    """gunicorn serving milepost.wsgi:application; always stopped on leaving the `with`."""

    def __init__(self, env, *, port: int, workers: int, threads: int, log: Path):
        self.env, self.port, self.workers, self.threads, self.log = env, port, workers, threads, log
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        args = [
            sys.executable,
            "-m",
            "gunicorn",
            "milepost.wsgi:application",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.workers),
        ]
        if self.threads > 1:
            args += ["--worker-class", "gthread", "--threads", str(self.threads)]
        return args

    def __enter__(self):
        log_file = open(self.log, "a")  # noqa: SIM115 - closed with the process below
        self._log_file = log_file
        # Its own session, so stopping it reaches the workers even if the arbiter is stuck.
        self.process = subprocess.Popen(
            self.command(),
            env=self.env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def wait_until_ready(self, path: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StepFailed(f"gunicorn exited (code {self.process.returncode})", self.log)
            try:
                if fetch(HOST, self.port, path).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise StepFailed(f"gunicorn did not answer {path} within {timeout:.0f} s", self.log)

    def __exit__(self, *exc_info):
        self.stop()

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)  # graceful: the arbiter stops workers
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=15)
        # Anything left of its session (a stuck arbiter, workers it orphaned) is killed.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        self._log_file.close()
