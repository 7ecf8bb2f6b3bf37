"""gunicorn, as production runs it, serving the test database; and what its processes use.

The test that starts it must commit what the server should see (`transactional_db`).
"""

import contextlib
import http.client
import os
import re
import threading
import uuid
from pathlib import Path

from django.db import connection
from django.test.client import encode_multipart

from bench.site import HOST, Gunicorn, free_port

REPO = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def gunicorn_serving(data_dir: Path, *, ready_path: str, workers=2, threads=1, **environ):
    """Yields the running `Gunicorn` (its `port` set); stops it on leaving."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.server_settings",
        "MILEPOST_TEST_DATABASE_NAME": str(connection.settings_dict["NAME"]),
        "MILEPOST_TEST_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(REPO),
        "ALLOWED_HOSTS": HOST,
        "PYTHONUNBUFFERED": "1",
        **environ,
    }
    log = data_dir / "gunicorn.log"
    server = Gunicorn(env, port=free_port(), workers=workers, threads=threads, log=log)
    with server:
        server.wait_until_ready(ready_path)
        yield server


def process_tree(pid: int) -> list[int]:
    """The gunicorn master and its workers."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    children.append(int(entry.name))
    return [pid, *children]


def memory_kb(pids: list[int], field: str) -> int:
    """The sum of one /proc/PID/status field (VmRSS, VmHWM) over the processes, in kB."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(f"{field}:"):
                    total += int(line.split()[1])
    return total


class MemoryWatch:
    """Samples the processes' summed RSS while the `with` runs; `peak_growth_mb` after."""

    def __init__(self, pids: list[int], interval: float = 0.02):
        self.pids, self.interval = pids, interval
        self.baseline = self.peak = 0
        self._stop = threading.Event()

    def __enter__(self):
        self.baseline = self.peak = memory_kb(self.pids, "VmRSS")
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, memory_kb(self.pids, "VmRSS"))

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join()
        # A short spike between samples still shows in each process's high-water mark.
        self.peak = max(self.peak, memory_kb(self.pids, "VmHWM"))

    @property
    def peak_growth_mb(self) -> float:
        return (self.peak - self.baseline) / 1024


class Photo:
    """What encode_multipart sends as a file: a name and bytes."""

    def __init__(self, name: str, data: bytes):
        self.name, self.data = name, data

    def read(self) -> bytes:
        return self.data


def csrf_token(port: int, path: str) -> str:
    link = http.client.HTTPConnection(HOST, port, timeout=60)
    link.request("GET", path)
    response = link.getresponse()
    response.read()
    return re.search(r"csrftoken=(\w+)", response.getheader("Set-Cookie")).group(1)


def post(port: int, path: str, token: str, fields: dict) -> int:
    """A multipart form POST carrying the CSRF cookie and token; returns the status code."""
    boundary = uuid.uuid4().hex
    body = encode_multipart(boundary, {**fields, "csrfmiddlewaretoken": token})
    link = http.client.HTTPConnection(HOST, port, timeout=300)
    link.request(
        "POST",
        path,
        body,
        {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": f"csrftoken={token}",
        },
    )
    response = link.getresponse()
    response.read()
    link.close()
    return response.status
