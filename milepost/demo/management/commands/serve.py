"""`milepost serve`: migrate, load the demo into an empty site, then run the web server, the
task worker, the scheduler (and, when MILEPOST_IMAP_URL is set, the mailbox poller) together
until Ctrl-C. The welcome (address and login) is printed last, once the site answers."""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from milepost.demo import services

# The first request renders templates and fills caches: made here, not by the first reader.
WARM_PATHS = ("/", "/admin/login/")
STARTUP_SECONDS = 120


class Command(BaseCommand):
    help = "Run Milepost for development: web server and task worker together."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--no-demo", action="store_true", help="Do not load demo content.")

    def handle(self, *args, host, port, no_demo, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if not no_demo:
            call_command("load_demo", if_empty=True, verbosity=0)
        # Canonical links and feeds use the site's address: make it the one being served.
        Site.objects.filter(is_default_site=True).update(hostname=host, port=int(port))
        # SIGTERM stops the children as Ctrl-C does. A shell that starts this in the background
        # hands it SIGINT ignored, which its children would inherit: Ctrl-C is taken back.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        processes = self._start(host, port)
        try:
            self._warm(processes, port)
            self._print_welcome(host, port)
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self._stop(processes)

    def _start(self, host, port):
        manage = [sys.executable, "-m", "milepost.manage"]
        # Each in a process group of its own, so that runserver's reloader child is stopped too.
        # runserver logs a request once it has answered it: its log passes through here, so that
        # the welcome can wait for the warm-up requests' lines.
        web = subprocess.Popen(  # noqa: S603
            [*manage, "runserver", f"{host}:{port}"],
            process_group=0,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._logged = {path: threading.Event() for path in WARM_PATHS}
        threading.Thread(target=self._relay, args=(web.stderr,), daemon=True).start()
        # The scheduler enqueues periodic work (scheduled publishing, sweeps, digests).
        commands = [["db_worker"], ["run_scheduler", "-v", "0"]]
        if settings.MILEPOST_IMAP_URL:
            commands.append(["fetch_mail"])  # polls the mailbox and sweeps up unfinished work
        others = [
            subprocess.Popen([*manage, *command], process_group=0)  # noqa: S603
            for command in commands
        ]
        return [web, *others]

    def _relay(self, log):
        for line in log:
            sys.stderr.write(line)
            sys.stderr.flush()
            for path, logged in self._logged.items():
                if f'"GET {path} HTTP/' in line:
                    logged.set()

    def _warm(self, processes, port):
        """Wait until the web server has answered each of WARM_PATHS and logged it, the worker
        and the scheduler still running."""
        deadline = time.monotonic() + STARTUP_SECONDS
        for path in WARM_PATHS:
            while not (_answers(port, path) and self._logged[path].wait(timeout=10)):
                if any(process.poll() is not None for process in processes):
                    raise CommandError("A process stopped while starting; its output is above.")
                if time.monotonic() > deadline:
                    raise CommandError(f"The web server did not answer {path} in time.")
                time.sleep(0.2)

    def _print_welcome(self, host, port):
        login = services.demo_editor_login_read()
        self.stdout.write(self.style.SUCCESS(f"\nMilepost is running at http://{host}:{port}/"))
        self.stdout.write(f"Editors' admin: http://{host}:{port}/admin/")
        if login:
            self.stdout.write(f"Editor login: {login[0]} / {login[1]}")
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            self.stdout.write(f"Mail it sends is written to {settings.EMAIL_FILE_PATH}/")
        self.stdout.write("Press Ctrl-C to stop the web server, the task worker and the scheduler.")
        self.stdout.flush()

    @staticmethod
    def _stop(processes):
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _answers(port, path) -> bool:
    """Whether the web server gives `path` an answer other than a server error."""
    url = f"http://127.0.0.1:{port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310
            return response.status < 500
    except urllib.error.HTTPError as error:
        return error.code < 500
    except OSError:
        return False
