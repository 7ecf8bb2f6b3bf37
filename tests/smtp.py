"""A small SMTP server for tests: it accepts every message on a loopback port and keeps it."""

import email
import io
import socketserver
import threading
from email import policy
from email.message import Message

from django.core.management import call_command

from milepost.core.models import OutgoingEmail, OutgoingEmailStatus
from milepost.core.outbox import outgoing_emails_sweep


class _Session(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 sink ESMTP")
        while line := self.rfile.readline():
            verb = line.decode("ascii", "replace").strip().split(" ")[0].upper()
            if verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.messages.append(self._data())  # type: ignore[attr-defined]
                self.reply("250 OK: kept")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                self.reply("250 OK")

    def _data(self) -> Message:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return email.message_from_bytes(b"".join(lines), policy=policy.default)


class SmtpSink(socketserver.ThreadingTCPServer):
    """`with SmtpSink(port) as sink:` serves until the block ends; `sink.messages` holds what
    arrived, parsed."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int):
        super().__init__(("127.0.0.1", port), _Session)
        self.messages: list[Message] = []

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self.shutdown()
        self.server_close()


def queue_run() -> None:
    """Run every queued task (mail to send among them) in a real `db_worker`, then return."""
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())


def notice_refused_then_delivered(notice: OutgoingEmail, port: int) -> list[Message]:
    """A pending notice meets a closed mail server (kept, one failed attempt), then the server
    comes back on `port` and the sweep sends it once: what the server received."""
    assert (notice.status, notice.attempts) == (OutgoingEmailStatus.PENDING, 0)
    queue_run()
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (OutgoingEmailStatus.PENDING, 1)
    assert "refused" in notice.reason.lower()
    with SmtpSink(port) as server:
        outgoing_emails_sweep()
        queue_run()
        outgoing_emails_sweep()  # sent already: a second run sends nothing more
        queue_run()
    return server.messages
