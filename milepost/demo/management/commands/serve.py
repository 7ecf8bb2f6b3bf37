"""`milepost serve`: migrate, load the demo into an empty site, then run the web server, the
task worker, the scheduler (and, when MILEPOST_IMAP_URL is set, the mailbox poller) together
until Ctrl-C."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from wagtail.models import Site

from milepost.demo import services


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
        self._print_welcome(host, port)
        manage = [sys.executable, "-m", "milepost.manage"]
        # The scheduler enqueues periodic work (scheduled publishing, sweeps, digests).
        commands = [["runserver", f"{host}:{port}"], ["db_worker"], ["run_scheduler"]]
        if settings.MILEPOST_IMAP_URL:
            commands.append(["fetch_mail"])  # polls the mailbox and sweeps up unfinished work
        processes = [subprocess.Popen([*manage, *command]) for command in commands]  # noqa: S603
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self._stop(processes)

    def _print_welcome(self, host, port):
        login = services.demo_editor_login_read()
        self.stdout.write(self.style.SUCCESS(f"\nMilepost is running at http://{host}:{port}/"))
        self.stdout.write(f"Editors' admin: http://{host}:{port}/admin/")
        if login:
            self.stdout.write(f"Editor login: {login[0]} / {login[1]}")
        self.stdout.write(
            "Press Ctrl-C to stop the web server, the task worker and the scheduler.\n"
        )

    @staticmethod
    def _stop(processes):
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
