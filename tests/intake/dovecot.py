"""A real Dovecot IMAP server for the tests, on 127.0.0.1 and a free high port.

Dovecot runs in the foreground (`dovecot -F -c FILE`) from a config written into a throwaway
folder: a passwd-file per test account, Maildir mail, no TLS. Run as root, mail belongs to the
`dovecot` user (see ../shared/NOTES.md); run as anyone else, everything runs as them.
Every test asks for an account of its own, so tests share the server but never a mailbox.

Use it with `from tests.intake.dovecot import dovecot_server` in a test module.
"""

import base64
import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from imap_tools import MailBoxUnencrypted

HOST = "127.0.0.1"
START_SECONDS = 15

CONFIG = """\
protocols = imap
listen = {host}
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
first_valid_uid = {uid}
first_valid_gid = {gid}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = {root}/users/%u
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = {host}
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
  # No auth penalty: one test's wrong password must not slow every later login from 127.0.0.1.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""


@dataclass(frozen=True)
class ImapAccount:
    host: str
    port: int
    user: str
    password: str

    def url(self, folder: str = "INBOX", *, password: str | None = None, query: str = "") -> str:
        secret = quote(self.password if password is None else password, safe="")
        return (
            f"imap://{quote(self.user, safe='')}:{secret}@{self.host}:{self.port}/{folder}{query}"
        )

    def mailbox(self, folder: str | None = "INBOX") -> MailBoxUnencrypted:
        """A second, independent session, as a mail client or another worker would have."""
        mailbox = MailBoxUnencrypted(self.host, self.port, timeout=10)
        if self.password.isascii():
            return mailbox.login(self.user, self.password, initial_folder=folder)
        return mailbox.login_utf8(self.user, self.password, initial_folder=folder)


class DovecotServer:
    def __init__(self, root: Path, port: int):
        self.root, self.host, self.port = root, HOST, port

    def account(self, password: str = "s3cret-pass") -> ImapAccount:
        """A new user with an empty mailbox; the password may hold any character."""
        user = f"reader-{uuid.uuid4().hex[:10]}"
        # A file per user: Dovecot rereads a changed passwd-file at most once a second, too
        # slowly for tests, but reads a new one at once. PLAIN.BASE64 lets a password hold ":".
        encoded = base64.b64encode(password.encode()).decode()
        (self.root / "users" / user).write_text(f"{user}:{{PLAIN.BASE64}}{encoded}\n")
        return ImapAccount(self.host, self.port, user, password)

    def log(self) -> str:
        logs = (self.root / name for name in ("console.log", "dovecot.log"))
        return "".join(log.read_text(errors="replace") for log in logs if log.exists())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def dovecot_binary() -> str:
    # Debian installs it in /usr/sbin, which is not on every user's PATH.
    found = shutil.which("dovecot", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
    if not found:
        pytest.fail(
            "The IMAP tests run a real Dovecot server, and `dovecot` is not installed. "
            "Run scripts/system-test-deps.sh (it installs dovecot-imapd; as root, or follow "
            "what it prints), then run the tests again.",
            pytrace=False,
        )
    return found


def process_identity() -> dict:
    """Who Dovecot's processes run as and who owns the mail: config values."""
    if os.geteuid() == 0:
        dovecot = pwd.getpwnam("dovecot")
        return {
            "uid": dovecot.pw_uid,
            "gid": dovecot.pw_gid,
            "internal_user": "dovecot",
            "internal_group": grp.getgrgid(dovecot.pw_gid).gr_name,
            "login_user": "dovenull",
        }
    me = pwd.getpwuid(os.geteuid())
    return {
        "uid": me.pw_uid,
        "gid": me.pw_gid,
        "internal_user": me.pw_name,
        "internal_group": grp.getgrgid(me.pw_gid).gr_name,
        "login_user": me.pw_name,
    }


def config_write(root: Path, port: int) -> Path:
    identity = process_identity()
    (root / "mail").mkdir()
    os.chown(root / "mail", identity["uid"], identity["gid"])
    (root / "users").mkdir()
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(host=HOST, port=port, root=root, **identity))
    return config


def wait_until_answering(process: subprocess.Popen, server: DovecotServer) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Dovecot exited at start:\n{server.log()}", pytrace=False)
        try:
            with socket.create_connection((server.host, server.port), timeout=1) as connection:
                if connection.recv(100).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"Dovecot did not answer within {START_SECONDS} s:\n{server.log()}", pytrace=False)


@pytest.fixture(scope="session")
def dovecot_server():
    binary = dovecot_binary()
    root = Path(tempfile.mkdtemp(prefix="milepost-dovecot-"))
    root.chmod(0o755)  # Dovecot's mail processes, not root, must reach the Maildirs
    server = DovecotServer(root, free_port())
    config = config_write(root, server.port)
    # Errors in the config itself go to the console, before Dovecot opens its log.
    with open(root / "console.log", "wb") as console:
        process = subprocess.Popen(
            [binary, "-F", "-c", str(config)], stdout=console, stderr=console
        )
    try:
        wait_until_answering(process, server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)
