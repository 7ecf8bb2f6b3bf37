"""What the benchmark puts beside or in front of gunicorn: nginx serving a file, Varnish."""

import contextlib
import gzip
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

from .load import fetch
from .site import HOST, StepFailed

REPO = Path(__file__).resolve().parent.parent
VCL = REPO / "deploy" / "varnish" / "milepost.vcl"

NGINX_CONF = """daemon off;
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    types {{ text/html html; }}
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    server {{
        listen {host}:{port};
        root {root};
        index index.html;
        gzip_static on;
    }}
}}
"""


class Server:
    """A foreground server process in its own session; always stopped on leaving the `with`."""

    name = "server"

    def __init__(self, port: int, log: Path):
        self.port, self.log = port, log
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def __enter__(self):
        with open(self.log, "ab") as log_file:
            self.process = subprocess.Popen(
                self.command(), stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def wait_until_ready(self, path: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StepFailed(f"{self.name} exited ({self.process.returncode})", self.log)
            with contextlib.suppress(OSError):
                if fetch(HOST, self.port, path).status == 200:
                    return
            time.sleep(0.2)
        raise StepFailed(f"{self.name} did not answer {path} within {timeout:.0f} s", self.log)

    def __exit__(self, *exc_info):
        process, self.process = self.process, None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Nginx(Server):
    """nginx serving one page's bytes from disk at the page's own path (gzip_static)."""

    name = "nginx"

    def __init__(self, port: int, work: Path, path: str, html: bytes):
        super().__init__(port, work / "nginx.log")
        # nginx workers run as www-data: everything they read must be world-readable.
        self.work, self.root = work, work / "root"
        folder = self.root / path.strip("/")
        folder.mkdir(parents=True)
        (folder / "index.html").write_bytes(html)
        (folder / "index.html.gz").write_bytes(gzip.compress(html, compresslevel=6))
        for item in [work, *work.rglob("*")]:
            item.chmod(0o755 if item.is_dir() else 0o644)
        self.conf = work / "nginx.conf"
        self.conf.write_text(NGINX_CONF.format(work=work, host=HOST, port=port, root=self.root))

    def command(self) -> list[str]:
        return [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(self.conf), "-e", "stderr"]


class Varnish(Server):
    """varnishd with Milepost's shipped VCL, its backend pointed at the benchmark's gunicorn."""

    name = "varnishd"

    def __init__(self, port: int, work: Path, backend_port: int):
        super().__init__(port, work / "varnish.log")
        self.work = work
        self.vcl = work / "milepost.vcl"
        text = re.sub(r'\.port = "\d+";', f'.port = "{backend_port}";', VCL.read_text(), count=1)
        self.vcl.write_text(text)

    def command(self) -> list[str]:
        return [
            shutil.which("varnishd") or "/usr/sbin/varnishd",
            "-F",
            "-a",
            f"{HOST}:{self.port}",
            "-f",
            str(self.vcl),
            "-n",
            str(self.work / "state"),
            "-s",
            "malloc,64m",
            "-T",
            "none",
            "-j",
            "none",
        ]
