"""The IMAP channel: read an intake mailbox, hand each message's raw bytes to the intake service,
then file the message away so the folder holds only what is still to be done.

Safety rests on the order. A message leaves the folder only after `inbound_message_receive`
returned, and by then its raw bytes are committed; a crash in between leaves it in the folder,
and the next run finds it stored already (same bytes or Message-ID) and just files it away.
"""

import hashlib
import imaplib
import logging
import os
import re
import ssl
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from imap_tools import BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import (
    ImapToolsError,
    MailboxFetchError,
    MailboxFlagError,
    UnexpectedCommandStatusError,
)
from imap_tools.utils import check_command_status

from milepost.core.exceptions import DomainError
from milepost.submissions.models import Channel

from ..services import Outcome, inbound_message_receive

logger = logging.getLogger(__name__)

PROCESSED_KEYWORD = "$MilepostProcessed"
OAUTH2_ENV_NAME = "MILEPOST_IMAP_OAUTH2_TOKEN"
# A batch is at most this many messages or bytes (a larger message goes alone): memory stays
# bounded however full the folder is, with few round trips for ordinary mail.
BATCH_MESSAGES = 20
BATCH_BYTES = 32 * 2**20
TIMEOUT_SECONDS = 60

_DEFAULT_PORTS = {"imaps": 993, "imap": 143}
_OPTIONS = {"starttls", "auth"}
_YES = {"1", "true", "yes", "on"}
_TRANSPORT_ERRORS = (OSError, imaplib.IMAP4.error, ImapToolsError)
_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")
_FLAGS = re.compile(rb"\bFLAGS \(([^)]*)\)")


class ImapError(DomainError):
    """The mailbox cannot be read: a bad URL or login, no such folder, an unreachable server."""


@dataclass(frozen=True)
class ImapAddress:
    security: str  # "tls" (imaps://), "starttls" or "plain"
    host: str
    port: int
    user: str
    password: str = field(repr=False)
    folder: str
    xoauth2: bool = False

    def __str__(self) -> str:
        """For messages and logs: everything but the password."""
        scheme = "imaps" if self.security == "tls" else "imap"
        return f"{scheme}://{self.user}@{self.host}:{self.port}/{self.folder}"


def imap_address_parse(url: str) -> ImapAddress:
    """`imaps://user:password@host[:port]/FOLDER[?auth=xoauth2]` or `imap://…[?starttls=1]`.

    User, password and folder are percent-decoded, so a password may hold any character.
    Error messages never repeat the URL: it carries the password.
    """
    if not url:
        raise ImapError("No IMAP mailbox configured: set MILEPOST_IMAP_URL or pass --url.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ImapError(
            "The IMAP URL cannot be read; percent-encode @ : / ? # % in the user and password "
            "(e.g. @ as %40)."
        ) from None
    if parts.scheme not in _DEFAULT_PORTS:
        raise ImapError("The IMAP URL must start with imaps:// (TLS) or imap:// (plain).")
    if not parts.hostname or not parts.username:
        raise ImapError("The IMAP URL needs a user and a host: imaps://user:password@host/INBOX.")
    options = _url_options(parts.query)
    starttls = options.get("starttls", "").lower() in _YES
    if starttls and parts.scheme == "imaps":
        raise ImapError("starttls=1 goes with imap:// URLs; imaps:// is TLS from the start.")
    xoauth2 = _url_auth(options)
    password = unquote(parts.password or "")
    if not password and not xoauth2:
        raise ImapError("The IMAP URL has no password (or add ?auth=xoauth2 for OAuth2).")
    return ImapAddress(
        security="tls" if parts.scheme == "imaps" else ("starttls" if starttls else "plain"),
        host=parts.hostname,
        port=port or _DEFAULT_PORTS[parts.scheme],
        user=unquote(parts.username),
        password=password,
        folder=unquote(parts.path).strip("/") or "INBOX",
        xoauth2=xoauth2,
    )


def _url_options(query: str) -> dict[str, str]:
    options = {name: values[-1] for name, values in parse_qs(query).items()}
    unknown = sorted(set(options) - _OPTIONS)
    if unknown:
        raise ImapError(
            f"Unknown IMAP URL option {', '.join(unknown)}; known: starttls=1, auth=xoauth2."
        )
    return options


def _url_auth(options: dict[str, str]) -> bool:
    auth = options.get("auth", "").lower()
    if auth not in ("", "xoauth2"):
        raise ImapError("The only IMAP URL auth option is auth=xoauth2.")
    return auth == "xoauth2"


@dataclass
class FetchSummary:
    mailbox: str
    outcomes: Counter = field(default_factory=Counter)
    moved: int = 0
    flagged: int = 0
    vanished: int = 0

    @property
    def messages(self) -> int:
        return sum(self.outcomes.values()) + self.vanished

    def __str__(self) -> str:
        counts = ", ".join(f"{self.outcomes[outcome]} {outcome.label}" for outcome in Outcome)
        return (
            f"{self.mailbox}: {counts}; {self.moved} moved, {self.flagged} flagged, "
            f"{self.vanished} vanished"
        )


def imap_fetch(
    address: ImapAddress,
    *,
    processed_folder: str,
    should_stop: Callable[[], bool] | None = None,
) -> FetchSummary:
    """Receive every message in the folder, filing each away once it is stored.

    `should_stop` is asked between messages, so a stop request never waits for a whole folder.
    """
    summary = FetchSummary(str(address))
    with imap_session(address) as mailbox:
        destination = _processed_destination(mailbox, processed_folder)
        for uid, raw in _messages(mailbox, summary):
            result = inbound_message_receive(
                raw,
                channel=Channel.IMAP,
                source=f"imap:{address.host}/{address.folder}#{uid}",
            )
            summary.outcomes[result.outcome] += 1
            logger.info("IMAP %s/%s#%s: %s", address.host, address.folder, uid, result.outcome)
            # Whatever the outcome the raw bytes are stored now, so the message may leave the
            # folder: unrouted mail waits for an editor and failed mail for a retry (retry_mail),
            # both in the database; leaving them here would only fetch them again and again.
            if _file_away(mailbox, uid, destination):
                summary.moved += 1
            else:
                summary.flagged += 1
            if should_stop and should_stop():
                break
    return summary


def imap_messages_delete(
    address: ImapAddress, messages: Iterable[tuple[str, str]], *, processed_folder: str
) -> int:
    """Delete the mailbox's copies of stored messages, given as (Message-ID, SHA-256) pairs,
    from the folder and the processed folder; returns how many copies went.

    Only a copy whose bytes hash to a stored SHA-256 goes, so another message under the same
    Message-ID (or one the server's substring search also matches) stays.
    """
    messages = list(messages)
    # imaplib sends commands as ASCII; a Message-ID is ASCII by RFC 5322.
    message_ids = {message_id for message_id, _sha256 in messages if message_id.isascii()}
    message_ids.discard("")
    hashes = {sha256 for _message_id, sha256 in messages}
    if not message_ids:
        return 0
    deleted = 0
    with imap_session(address) as mailbox:
        folders = dict.fromkeys(
            [_server_name(mailbox, address.folder), _server_name(mailbox, processed_folder)]
        )
        for folder in folders:
            with _imap_errors(f"Could not open the folder {folder!r} on {address.host}"):
                if not mailbox.folder.exists(folder):
                    continue
                mailbox.folder.set(folder)
            deleted += _copies_delete(mailbox, message_ids, hashes)
    return deleted


def _copies_delete(mailbox: BaseMailBox, message_ids: set[str], hashes: set[str]) -> int:
    found: set[str] = set()
    with _imap_errors("Could not search the folder"):
        for message_id in message_ids:
            result = mailbox.client.uid("SEARCH", "HEADER", "Message-ID", _quoted(message_id))
            check_command_status(result, MailboxFetchError)
            found.update((result[1][0] or b"").decode().split())
    if not found:
        return 0
    fetched = _fetch_raw(mailbox, sorted(found, key=int))
    matches = [uid for uid, raw in fetched.items() if hashlib.sha256(raw).hexdigest() in hashes]
    if not matches:
        return 0
    with _imap_errors("Could not delete messages"):
        result = mailbox.client.uid("STORE", ",".join(matches), "+FLAGS", "(\\Deleted)")
        check_command_status(result, MailboxFlagError)
        # UID EXPUNGE (UIDPLUS), not EXPUNGE: that would purge whatever else someone marked
        # deleted.
        result = mailbox.client.uid("EXPUNGE", ",".join(matches))
        check_command_status(result, UnexpectedCommandStatusError)
    return len(matches)


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


@contextmanager
def imap_session(address: ImapAddress) -> Iterator[BaseMailBox]:
    """Logged in with `address.folder` selected; logged out afterwards, whatever happened."""
    token = _oauth2_token() if address.xoauth2 else ""
    with _imap_errors(f"Could not connect to {address.host}:{address.port}"):
        mailbox = _mailbox_for(address)
    try:
        _login(mailbox, address, token)
        with _imap_errors(f"Could not open the folder {address.folder!r} on {address.host}"):
            mailbox.folder.set(_server_name(mailbox, address.folder))
        yield mailbox
    finally:
        with suppress(*_TRANSPORT_ERRORS):  # the connection may be what failed
            mailbox.logout()


def _oauth2_token() -> str:
    token = os.environ.get(OAUTH2_ENV_NAME, "").strip()
    if not token:
        raise ImapError(f"auth=xoauth2 needs an access token in {OAUTH2_ENV_NAME}.")
    return token


def _mailbox_for(address: ImapAddress) -> BaseMailBox:
    # An explicit context: without one imaplib does TLS without checking the certificate.
    if address.security == "tls":
        return MailBox(
            address.host,
            address.port,
            timeout=TIMEOUT_SECONDS,
            ssl_context=ssl.create_default_context(),
        )
    if address.security == "starttls":
        return MailBoxStartTls(
            address.host,
            address.port,
            timeout=TIMEOUT_SECONDS,
            ssl_context=ssl.create_default_context(),
        )
    return MailBoxUnencrypted(address.host, address.port, timeout=TIMEOUT_SECONDS)


def _login(mailbox: BaseMailBox, address: ImapAddress, token: str) -> None:
    with _imap_errors(f"Could not log in to {address.host} as {address.user!r}"):
        if address.xoauth2:
            mailbox.xoauth2(address.user, token, initial_folder=None)
        elif (address.user + address.password).isascii():
            mailbox.login(address.user, address.password, initial_folder=None)
        else:  # LOGIN is ASCII only; AUTHENTICATE PLAIN carries UTF-8
            mailbox.login_utf8(address.user, address.password, initial_folder=None)
        _capabilities_refresh(mailbox)


def _capabilities_refresh(mailbox: BaseMailBox) -> None:
    # imaplib keeps what the server announced before login; servers announce more after it
    # (Dovecot adds MOVE there), and whether MOVE is there decides how messages are filed.
    result = mailbox.client.capability()
    check_command_status(result, UnexpectedCommandStatusError)
    mailbox.client.capabilities = tuple(result[1][-1].decode().upper().split())


def _server_name(mailbox: BaseMailBox, path: str) -> str:
    """Folder paths are written with "/"; the server may separate levels with "." instead."""
    listing = mailbox.folder.list("", "INBOX")
    delimiter = listing[0].delim if listing else "/"
    if delimiter in ("/", "NIL") or len(delimiter) != 1:
        return path
    return path.replace("/", delimiter)


def _processed_destination(mailbox: BaseMailBox, processed_folder: str) -> str | None:
    """The processed folder's name on the server, created if missing; None without MOVE."""
    if "MOVE" not in mailbox.client.capabilities:
        logger.info("The IMAP server cannot MOVE; processed messages are flagged instead")
        return None
    with _imap_errors("Could not look for the processed folder"):
        name = _server_name(mailbox, processed_folder)
        exists = mailbox.folder.exists(name)
    if not exists:
        try:
            with _imap_errors(f"Could not create the processed folder {name!r}"):
                mailbox.folder.create(name)
                mailbox.folder.subscribe(name, True)  # so mail clients show it
        except ImapError as error:
            # Moving there will fail too, and each message is flagged instead.
            logger.warning("%s", error)
    return name


def _messages(mailbox: BaseMailBox, summary: FetchSummary) -> Iterator[tuple[str, bytes]]:
    for batch in _batches(_listing(mailbox)):
        fetched = _fetch_raw(mailbox, batch)
        for uid in batch:
            if uid not in fetched:  # deleted or moved by someone else since the listing
                summary.vanished += 1
                logger.info("IMAP message %s vanished before it was fetched", uid)
                continue
            yield uid, fetched.pop(uid)


def _listing(mailbox: BaseMailBox) -> list[tuple[str, int]]:
    """(uid, size) of every message in the folder not already flagged as processed."""
    with _imap_errors("Could not list the folder"):
        result = mailbox.client.uid("FETCH", "1:*", "(UID RFC822.SIZE FLAGS)")
        check_command_status(result, MailboxFetchError)
    keyword = PROCESSED_KEYWORD.lower().encode()
    listing = []
    for item in result[1]:
        # None for an empty folder; flag updates from other sessions carry no size.
        uid, size = _UID.search(item or b""), _SIZE.search(item or b"")
        flags = _FLAGS.search(item or b"")
        if uid and size and not (flags and keyword in flags.group(1).lower().split()):
            listing.append((uid.group(1).decode(), int(size.group(1))))
    return listing


def _batches(listing: list[tuple[str, int]]) -> Iterator[list[str]]:
    batch, batch_bytes = [], 0
    for uid, size in listing:
        if batch and (len(batch) == BATCH_MESSAGES or batch_bytes + size > BATCH_BYTES):
            yield batch
            batch, batch_bytes = [], 0
        batch.append(uid)
        batch_bytes += size
    if batch:
        yield batch


def _fetch_raw(mailbox: BaseMailBox, uids: list[str]) -> dict[str, bytes]:
    """The messages' bytes exactly as the server holds them, by uid, leaving them unseen.

    Read from imaplib's reply directly: imap-tools' MailMessage keeps only a parsed copy, and
    pairs reply items by position, which an unsolicited flag update can shift.
    """
    with _imap_errors("Could not fetch messages"):
        result = mailbox.client.uid("FETCH", ",".join(uids), "(UID BODY.PEEK[])")
        check_command_status(result, MailboxFetchError)
    items = result[1]
    fetched = {}
    for index, item in enumerate(items):
        # A message is (b'7 (UID 12 BODY[] {2048}', raw). The bare bytes between are closing
        # parentheses (some servers put the UID there), flag updates, or "BODY[] NIL" for a
        # message expunged since the listing.
        if not isinstance(item, tuple):
            continue
        after = items[index + 1] if index + 1 < len(items) else b""
        uid = _UID.search(item[0]) or _UID.search(after if isinstance(after, bytes) else b"")
        if uid:
            fetched[uid.group(1).decode()] = item[1]
    return fetched


def _file_away(mailbox: BaseMailBox, uid: str, destination: str | None) -> bool:
    """Move the message to the processed folder (True), or else flag it as processed (False)."""
    if destination:
        try:
            with _imap_errors(f"Could not move message {uid} to {destination!r}"):
                mailbox.move(uid, destination)
            return True
        except ImapError as error:
            logger.warning("%s; flagging it as processed instead", error)
    # Not imap-tools' flag(): it expunges after storing, which would purge any message someone
    # else marked deleted.
    with _imap_errors(f"Could not flag message {uid} as processed"):
        result = mailbox.client.uid("STORE", uid, "+FLAGS", f"(\\Seen {PROCESSED_KEYWORD})")
        check_command_status(result, MailboxFlagError)
    return False


@contextmanager
def _imap_errors(doing: str) -> Iterator[None]:
    try:
        yield
    except _TRANSPORT_ERRORS as error:
        raise ImapError(f"{doing}: {_reason(error)}") from error


def _reason(error: Exception) -> str:
    if isinstance(error, UnexpectedCommandStatusError):
        said = b" ".join(part for part in error.command_result[1] if isinstance(part, bytes))
        return said.decode(errors="replace") or str(error.command_result[0])
    return str(error) or type(error).__name__
