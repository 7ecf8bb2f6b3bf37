"""`milepost fetch_mail`: receive story emails from the IMAP mailbox, once or polling."""

import logging
import signal
import threading
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from milepost.core.exceptions import DomainError
from milepost.intake.channels.imap import ImapAddress, imap_address_parse, imap_fetch
from milepost.intake.services import intake_sweep

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Receive every message in the IMAP folder of MILEPOST_IMAP_URL, then move it to "
        "MILEPOST_IMAP_PROCESSED_FOLDER. Polls until stopped unless --once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", help="IMAP URL to read instead of MILEPOST_IMAP_URL.")
        parser.add_argument("--once", action="store_true", help="Fetch once and exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=60,
            metavar="SECONDS",
            help="Seconds between fetches when polling (default 60).",
        )

    def handle(self, *args, url, once, interval, **options):
        if interval <= 0:
            raise CommandError("--interval must be more than 0 seconds.")
        try:
            address = imap_address_parse(url or settings.MILEPOST_IMAP_URL)
        except DomainError as error:
            raise CommandError(error.message) from None
        if once:
            self.stdout.write(str(self._fetch(address)))
        else:
            self._poll(address, interval)

    @staticmethod
    def _fetch(address: ImapAddress, should_stop=None):
        try:
            return imap_fetch(
                address,
                processed_folder=settings.MILEPOST_IMAP_PROCESSED_FOLDER,
                should_stop=should_stop,
            )
        except DomainError as error:
            raise CommandError(error.message) from None

    def _poll(self, address: ImapAddress, interval: float) -> None:
        stop = threading.Event()
        self.stdout.write(f"Fetching {address} every {interval:g} s; Ctrl-C stops.")
        with _stop_on_signals(stop):
            while not stop.is_set():
                self._cycle(address, interval, stop)
                stop.wait(interval)
        self.stdout.write("Stopped.")

    def _cycle(self, address: ImapAddress, interval: float, stop: threading.Event) -> None:
        # A long-running process must drop database connections that expired or broke.
        close_old_connections()
        try:
            summary = self._fetch(address, should_stop=stop.is_set)
        except CommandError as error:  # the server may be back next time
            logger.error("%s; trying again in %g s", error, interval)
        else:
            if summary.messages:
                self.stdout.write(str(summary))
        if not stop.is_set():
            self._sweep()

    def _sweep(self) -> None:
        counts = intake_sweep()
        if counts["reprocessed"] or counts["acknowledgments"]:
            self.stdout.write(
                f"sweep: {counts['reprocessed']} messages reprocessed, "
                f"{counts['acknowledgments']} acknowledgments queued"
            )


@contextmanager
def _stop_on_signals(stop: threading.Event):
    """Ctrl-C and SIGTERM let the message at hand finish (stored and filed away), then stop."""
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.getsignal(number) for number in signals}
    for number in signals:
        signal.signal(number, lambda *_: stop.set())
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
