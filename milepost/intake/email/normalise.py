"""Raw email bytes in, one tidy NormalisedMessage out: the first step of every email channel.

IMAP, .eml/mbox/Maildir import and provider webhooks all hand their bytes to
`normalise_message`. It works on bytes alone (no Django, no I/O) and never raises: whatever goes
wrong is written to `problems`, and the worst case is an empty message saying why. The raw
bytes themselves are the inbound message's business, so nothing here needs to be lossless.
"""

import base64
import binascii
import contextlib
import functools
import quopri
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email import errors
from email.headerregistry import BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import Message
from email.parser import BytesParser
from email.policy import EmailPolicy, default
from typing import Literal, TypeVar

from milepost.submissions.signoff import SignOff, find_sign_off

from .charsets import decode_bytes, repair_escaped_bytes
from .encoded_words import encoded_words_tidy
from .internals import payload_as_read
from .text import clean_body, html_to_text
from .uuencode import uuencoded_split

__all__ = [
    "Attachment",
    "NormalisedMessage",
    "HEADER_BLOCK_READ",
    "SignOff",
    "header_block_problem",
    "normalise_message",
    "subject_without_prefixes",
]

# Bounds that keep a hostile or broken message from costing minutes or memory.
# The stdlib parser holds a header block many times over (a 50 MB one took import_mail to
# 774 MB): a bigger one is not read at all. Real mail has a few kilobytes of headers; a long
# Received chain, 100.
MAX_HEADER_BLOCK_BYTES = 2**20
HEADER_BLOCK_READ = MAX_HEADER_BLOCK_BYTES + 4  # and the blank line (CR LF CR LF) after it
MAX_HEADER_CHARS = 2_000
MAX_HEADER_REPEATS = 10
MAX_PARTS = 500
MAX_NESTING = 64
MAX_FORWARD_DEPTH = 5
MAX_FILENAME_BYTES = 255
MAX_PROBLEMS = 100

RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To")
AUTO_GENERATED_HEADERS = (
    "List-Id",
    "List-Unsubscribe",
    "List-Post",
    "X-Auto-Response-Suppress",
    "X-Autoreply",
    "X-Autorespond",
)
AUTO_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}
_AUTO_SUBJECT = re.compile(
    r"out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?reply|auto:|undeliverable"
    r"|delivery status notification|mail delivery (?:failed|failure|system)|returned mail",
    re.I,
)
_SUBJECT_PREFIXES = re.compile(
    r"(?:\s*(?:(?:re|fwd?|aw|wg|sv)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]|\[[^\[\]]*\]))+", re.I
)
# Transfer encodings by their first word: "8bit; format=flowed" is 8bit too.
_UNENCODED = {"", "7bit", "8bit", "binary"}
_UUENCODINGS = {"x-uuencode", "uuencode", "uue", "x-uue"}
# A character base64 never has, or a space between two that it has: words, not base64.
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/=\s]|[A-Za-z0-9+/=][ \t]+[A-Za-z0-9+/=]")
# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">
_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([a-z0-9._:-]+)", re.I)
HTML_CHARSET_SCAN_BYTES = 4096
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_ANGLE_ID = re.compile(r"<([^<>]*)>")
_ADDRESS = re.compile(r"[^\s<>()\[\],;:\"@]+@[^\s<>()\[\],;:\"@]+")
# What an acknowledgment can be sent to: a dot-atom local part, a domain with a dot in it.
_VALID_ADDRESS = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[^\W_](?:[^\W_]|-)*\.)+(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)"
)
_ANGLE_ADDRESS = re.compile(r"<\s*([^\s<>()\[\],;:\"@]+@[^\s<>()\[\],;:\"@]+)\s*>")
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_BODY_TYPES = ("text/plain", "text/html")
# Parts that are for machines, not editors: signatures, delivery reports, a bounce's headers.
_MACHINE_TYPES = {
    "application/pgp-signature",
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
    "message/delivery-status",
    "message/disposition-notification",
    "message/feedback-report",
    "text/rfc822-headers",
}
# Outlook Express writes boundary=----=_NextPart_000_...: the "=" ends an unquoted value.
_UNQUOTED_BOUNDARY = re.compile(r"(\bboundary\s*=\s*)([^\s\";][^\s;]*)", re.I)
# A file name as written, for what the stdlib reads wrong: backslashes in quotes (a Windows path)
# and an unquoted name with spaces.
_RAW_FILENAME = re.compile(r"(?:^|;)\s*(?:file)?name\s*=\s*(?:\"([^\"]*)\"|([^;]*))", re.I)
# What email.policy.default reports after `encoded_words_tidy` joined adjacent encoded words.
_JOINED_WORD_DEFECT = "missing trailing whitespace after encoded-word"

Origin = Literal["attachment", "inline", "forwarded"]
T = TypeVar("T")
S = TypeVar("S")


@dataclass(frozen=True)
class Attachment:
    filename: str  # sanitised; "" when the sender gave none
    declared_type: str  # the sender's Content-Type; nothing here looks at the bytes
    payload: bytes = field(repr=False)
    content_id: str = ""
    origin: Origin = "attachment"


@dataclass(frozen=True)
class NormalisedMessage:
    message_id: str = ""
    subject: str = ""
    from_name: str = ""
    from_address: str = ""  # "" unless the From line holds exactly one valid address
    from_problem: str = ""  # why from_address is "", in words for editors
    to_addresses: tuple[str, ...] = ()
    date: datetime | None = None
    body_text: str = ""
    sign_off: SignOff | None = None
    attachments: tuple[Attachment, ...] = ()
    auto_generated_reason: str = ""
    problems: tuple[str, ...] = ()


_NO_RECIPIENTS: tuple[str, ...] = ()


class _IntakePolicy(EmailPolicy):
    """email.policy.default, except in how a header value is read: see `_parse_header`."""

    def header_fetch_parse(self, name, value):
        if isinstance(value, str):
            return _parse_header(name, value[:MAX_HEADER_CHARS])
        return super().header_fetch_parse(name, value)


class _UnparsedHeader(UnstructuredHeader):
    """A header the stdlib parser crashed on, kept as plain text."""


_AS_TEXT = HeaderRegistry(default_class=_UnparsedHeader, use_default_map=False)


@functools.lru_cache(maxsize=32)
def _parse_header(name: str, raw: str) -> BaseHeader:
    """A header value parsed as email.policy.default does, after decoding its raw 8-bit bytes.

    Left to the default policy, 8-bit bytes that are not UTF-8 (an old mail program's latin-1
    name) become U+FFFD. The cut to MAX_HEADER_CHARS (by the caller) and the small cache are
    for speed: the stdlib parser needs up to a second for some 10 kB values and minutes for
    1 MB, and the message parser reads each part's Content-Type several times in a row.
    """
    value = repair_escaped_bytes(encoded_words_tidy(raw))[0]
    if name.lower() == "content-type":
        value = _UNQUOTED_BOUNDARY.sub(r'\1"\2"', value)
    try:
        return default.header_fetch_parse(name, value)
    except Exception:  # it has bugs (IndexError, AttributeError) on some odd address or id
        return _AS_TEXT(name, re.sub(r"[\r\n]", "", value))


POLICY = _IntakePolicy()


def normalise_message(raw: bytes) -> NormalisedMessage:
    """Read one email; never raises. See NormalisedMessage for what comes out."""
    problems: list[str] = []
    try:
        if too_large := header_block_problem(raw):
            return NormalisedMessage(problems=(too_large,))
        message = _parse(bytes(raw), problems)
        fields = _read_fields(message, problems)
    except Exception as error:  # the promise is "never raises"; say what happened instead
        problems.append(f"could not read the message at all ({error!r})")
        return NormalisedMessage(problems=_summarise(problems))
    return NormalisedMessage(**fields, problems=_summarise(problems))


def header_block_problem(head: bytes) -> str:
    """Why the message's headers are too big to read, or "" when they are not.

    `head` is the message, or at least its first HEADER_BLOCK_READ bytes: nothing else is read.
    """
    if len(head) <= MAX_HEADER_BLOCK_BYTES or _HEADER_END.search(head, 0, HEADER_BLOCK_READ):
        return ""
    limit = MAX_HEADER_BLOCK_BYTES / 2**20
    return f"the headers are over the {limit:g} MB limit; the message was not read"


def subject_without_prefixes(subject: str) -> str:
    """ "Re: [Runners] Fwd: Most Important Mile" -> "Most Important Mile", for routing."""
    match = _SUBJECT_PREFIXES.match(subject)
    return " ".join(subject[match.end() if match else 0 :].split())


# --- Reading the whole message -------------------------------------------------------------


def _parse(raw: bytes, problems: list[str]) -> Message:
    if not raw.strip():
        problems.append("the message is empty")
    try:
        return BytesParser(policy=POLICY).parsebytes(raw)
    except Exception as error:  # e.g. RecursionError on absurdly deep MIME nesting
        problems.append(f"could not read the MIME structure ({error!r}); read the headers only")
        return BytesParser(policy=POLICY).parsebytes(raw, headersonly=True)


def _read_fields(message: Message, problems: list[str]) -> dict:
    def attempt(what: str, default: T, reader: Callable[[S, list[str]], T], source: S) -> T:
        try:
            return reader(source, problems)
        except Exception as error:  # one unreadable field must not cost the others
            problems.append(f"could not read {what} ({error!r})")
            return default

    walk = attempt("the MIME structure", _Walk([message]), _walk, message)
    unread = ("", "", "the From line could not be read")
    from_name, from_address, from_problem = attempt("the From header", unread, _sender, message)
    body_text = attempt("the body", "", _body_text, walk)
    return {
        "message_id": attempt("the Message-ID header", "", _message_id, message),
        "subject": attempt("the Subject header", "", _subject, message),
        "from_name": from_name,
        "from_address": from_address,
        "from_problem": from_problem,
        "to_addresses": attempt("the recipients", _NO_RECIPIENTS, _recipients, message),
        "date": attempt("the Date header", None, _date, message),
        "body_text": body_text,
        "sign_off": attempt("the sign-off", None, lambda text, _: find_sign_off(text), body_text),
        "attachments": tuple(walk.attachments),
        "auto_generated_reason": attempt("auto-reply signs", "", _auto_generated_reason, message),
    }


def _summarise(problems: list[str]) -> tuple[str, ...]:
    unique = list(dict.fromkeys(problems))
    if len(unique) <= MAX_PROBLEMS:
        return tuple(unique)
    kept = unique[: MAX_PROBLEMS - 1]
    return (*kept, f"and {len(unique) - len(kept)} more problems")


# --- Headers -------------------------------------------------------------------------------


def _header_values(message: Message, name: str, problems: list[str]) -> list:
    """Every `name` header of `message`, parsed (or as plain text if the parser crashes)."""
    # Raw, to report what the policy silently repairs.
    found = [(key, str(raw)) for key, raw in message.raw_items() if key.lower() == name.lower()]
    if len(found) > MAX_HEADER_REPEATS:
        problems.append(f"{len(found):,} {name} headers; read the first {MAX_HEADER_REPEATS}")
    values = []
    for key, raw in found[:MAX_HEADER_REPEATS]:
        problems.extend(_length_problems(key, raw))
        tidied = encoded_words_tidy(raw[:MAX_HEADER_CHARS])
        _note(problems, f"{key} header", repair_escaped_bytes(tidied)[1])
        value = message.policy.header_fetch_parse(key, raw)
        if isinstance(value, _UnparsedHeader):
            problems.append(f"{key} header could not be parsed; read it as plain text")
        problems.extend(
            f"{key} header: {_describe(defect)}"
            for defect in _defects(value)
            if str(defect) != _JOINED_WORD_DEFECT
        )
        values.append(value)
    return values


def _first_text(message: Message, name: str, problems: list[str]) -> str:
    values = _header_values(message, name, problems)
    return _one_line(str(values[0]), f"{name} header", problems) if values else ""


def _one_line(text: str, where: str, problems: list[str]) -> str:
    """Header text as one clean line: escaped bytes decoded, whitespace folded, no controls."""
    text, note = repair_escaped_bytes(text)
    _note(problems, where, note)
    return _CONTROL_CHARS.sub("", " ".join(text.split()))


def _note(problems: list[str], where: str, note: str) -> None:
    if note:
        problems.append(f"{where}: {note}")


def _defects(value: object) -> tuple:
    return getattr(value, "defects", ())


def _length_problems(key: str, raw: str) -> list[str]:
    if len(raw) <= MAX_HEADER_CHARS:
        return []
    return [f"{key} header has {len(raw):,} characters; read the first {MAX_HEADER_CHARS:,}"]


def _describe(defect: Exception) -> str:
    """The defect's own words, else its class docstring ("The claimed start boundary...")."""
    text = str(defect) or type(defect).__doc__ or type(defect).__name__
    return (text.strip().splitlines() or [type(defect).__name__])[0][:120]


def _message_id(message: Message, problems: list[str]) -> str:
    message_id = _bare_id(_first_text(message, "Message-ID", problems))
    if not message_id:
        problems.append("no Message-ID header")
    return message_id


def _bare_id(text: str) -> str:
    match = _ANGLE_ID.search(text)
    return "".join((match.group(1) if match else text).split())


def _subject(message: Message, problems: list[str]) -> str:
    return _first_text(message, "Subject", problems)


def _sender(message: Message, problems: list[str]) -> tuple[str, str, str]:
    """(display name, address, why there is no address): an address is never guessed."""
    values = _header_values(message, "From", problems)
    if not values:
        problems.append("no From address")
        return "", "", "the message has no From line"
    people = [person for value in values for person in _addresses(value)]
    name, address = people[0] if people else ("", "")
    name = _one_line(name, "From header", problems)
    address = _one_line(address, "From header", problems).lower()
    if len(people) == 1 and _VALID_ADDRESS.fullmatch(address) and not _address_defects(values):
        return name, address, ""
    as_sent = (str(raw) for key, raw in message.raw_items() if key.lower() == "from")
    written = _one_line(", ".join(as_sent), "From header", problems)
    problems.append("the From header is not one valid address; no sender address was taken")
    return name, "", f"the From line “{written[:200]}” is not one valid email address"


def _address_defects(values: list) -> list:
    """What the parser found wrong in the addresses (not in an encoded name)."""
    return [
        defect
        for value in values
        for defect in _defects(value)
        if isinstance(defect, errors.InvalidHeaderDefect) and str(defect) != _JOINED_WORD_DEFECT
    ]


def _recipients(message: Message, problems: list[str]) -> tuple[str, ...]:
    people = _people(message, RECIPIENT_HEADERS, problems)
    return tuple(dict.fromkeys(address for _, address in people))


def _people(message: Message, names: tuple[str, ...], problems: list[str]) -> list:
    """(display name, lower-cased address) from the `names` headers, in order."""
    people = []
    for name in names:
        for value in _header_values(message, name, problems):
            for display_name, address in _addresses(value):
                address = "".join(_one_line(address, f"{name} header", problems).lower().split())
                if "@" in address:
                    people.append((_one_line(display_name, f"{name} header", problems), address))
    return people


def _addresses(value: object) -> list[tuple[str, str]]:
    parsed = getattr(value, "addresses", None)
    if parsed is None:  # an unstructured header (Delivered-To) or one the parser crashed on
        # The address in angle brackets is the real one: the name may hide others ("Bcc: ...").
        found = _ANGLE_ADDRESS.findall(str(value)) or _ADDRESS.findall(str(value))
        return [("", address) for address in found]
    return [(address.display_name, address.addr_spec) for address in parsed]


def _date(message: Message, problems: list[str]) -> datetime | None:
    values = _header_values(message, "Date", problems)
    if not values:
        return None
    when = getattr(values[0], "datetime", None)
    if when is None:
        problems.append(f"Date header is not a date: {str(values[0])[:80]!r}")
        return None
    if when.tzinfo is None:  # "-0000": RFC 5322's "time zone unknown"
        problems.append("Date header has no time zone; read it as UTC")
        return when.replace(tzinfo=UTC)
    return when


def _auto_generated_reason(message: Message, problems: list[str]) -> str:
    """Why this looks sent by a machine (list, auto-reply, bounce), "" if written by a person."""
    reasons = [f"{name} header present" for name in AUTO_GENERATED_HEADERS if name in message]
    auto_submitted = _first_text(message, "Auto-Submitted", problems)
    if auto_submitted and auto_submitted.split(";")[0].strip().lower() != "no":
        reasons.append(f"Auto-Submitted: {auto_submitted}")
    precedence = _first_text(message, "Precedence", problems).lower()
    if precedence in AUTO_PRECEDENCE:
        reasons.append(f"Precedence: {precedence}")
    return_path = _first_text(message, "Return-Path", problems)
    if "Return-Path" in message and _is_null_sender(return_path):
        reasons.append(f"Return-Path: {return_path or '<>'}")
    subject = _subject(message, problems)
    if _AUTO_SUBJECT.match(subject):
        reasons.append(f"Subject: {subject}")
    return "; ".join(reasons)


def _is_null_sender(return_path: str) -> bool:
    return not return_path.strip("<> ") or "mailer-daemon" in return_path.lower()


# --- MIME structure ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    """A part and where it sits: inside a forwarded message, a multipart/related, how deep."""

    part: Message
    context: Literal["", "related", "forwarded"] = ""
    forwards: int = 0
    nesting: int = 0
    owner: int = 0  # id() of the message (the top one or a forwarded one) the part belongs to


@dataclass(frozen=True)
class _Kind:
    """A part's headers, read once: the stdlib parses a header anew on every read."""

    content_type: str
    disposition: str | None
    charset: str | None

    @property
    def is_body_text(self) -> bool:
        return self.content_type in _BODY_TYPES and self.disposition != "attachment"


@dataclass
class _Walk:
    messages: list[Message]  # the message itself, then every forwarded one, in order
    kinds: dict[int, _Kind] = field(default_factory=dict)  # by id() of each part walked
    attachments: list[Attachment] = field(default_factory=list)
    with_text: set[int] = field(default_factory=set)  # owners whose body text has begun


def _walk(message: Message, problems: list[str]) -> _Walk:
    """Every part, depth first in document order, up to MAX_PARTS of them."""
    walk = _Walk([message])
    stack = [_Place(message, owner=id(message))]
    for _ in range(MAX_PARTS):
        if not stack:
            return walk
        place = stack.pop()
        try:
            stack.extend(reversed(_visit(place, walk, problems)))
        except Exception as error:  # keep the other parts
            problems.append(f"could not read a MIME part ({error!r})")
    if stack:
        problems.append(f"more than {MAX_PARTS} MIME parts; the rest were not read")
    return walk


def _visit(place: _Place, walk: _Walk, problems: list[str]) -> list[_Place]:
    """Read one part into `walk`; returns the places of the parts inside it."""
    part = place.part
    problems.extend(_part_problems(part))
    kind = _Kind(
        part.get_content_type(), part.get_content_disposition(), part.get_content_charset()
    )
    if kind.content_type in _MACHINE_TYPES:
        return []
    if any(isinstance(defect, errors.NoBoundaryInMultipartDefect) for defect in part.defects):
        # No boundary to split it by: mail programs show it as text, and so do we.
        problems.append(f"a {kind.content_type} part has no boundary; read it as text")
        kind = replace(kind, content_type="text/plain")
    if part.is_multipart():
        walk.kinds[id(part)] = kind
        return _inside(place, kind, walk, problems)
    if kind.is_body_text and part.get_filename() and place.owner in walk.with_text:
        # A named text file after the body (story.txt, inline or not) is sent, not written here.
        kind = replace(kind, disposition="attachment")
    walk.kinds[id(part)] = kind
    if kind.is_body_text:
        walk.with_text.add(place.owner)
    else:
        walk.attachments.append(_attachment(place, kind, problems))
    return []


def _encoded_forward_decoded(
    part: Message, children: list[Message], problems: list[str]
) -> list[Message]:
    """A forwarded message some mail programs base64- or QP-encode, against RFC 2046.

    The parser then reads the encoded text as a broken message whose body is all of it.
    """
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding not in {"base64", "quoted-printable"} or len(children) != 1:
        return children
    encoded = children[0].get_payload()
    if not isinstance(encoded, str):
        return children
    if encoding == "base64":
        raw = base64.b64decode(re.sub(r"[^A-Za-z0-9+/=]", "", encoded) + "==")
    else:
        raw = quopri.decodestring(encoded.encode("ascii", "replace"))
    problems.append(f"a forwarded message was {encoding}-encoded; decoded it")
    return [BytesParser(policy=POLICY).parsebytes(raw)]


def _part_problems(part: Message) -> list[str]:
    problems = [f"MIME structure: {_describe(defect)}" for defect in part.defects]
    for key, raw in part.raw_items():
        if key.lower().startswith("content-"):  # the headers read here; the rest are not
            problems.extend(_length_problems(key, str(raw)))
    return problems


def _inside(place: _Place, kind: _Kind, walk: _Walk, problems: list[str]) -> list[_Place]:
    """The places of a container's parts; a forwarded message is also added to `walk`."""
    deeper = place.nesting + 1
    if deeper > MAX_NESTING:
        problems.append(f"MIME parts nested more than {MAX_NESTING} deep were not read")
        return []
    children = _children(place.part)
    if kind.content_type.startswith("message/"):
        children = _encoded_forward_decoded(place.part, children, problems)
        if place.forwards >= MAX_FORWARD_DEPTH:
            problems.append(f"messages forwarded more than {MAX_FORWARD_DEPTH} deep were not read")
            return []
        walk.messages.extend(children)
        return [
            _Place(child, "forwarded", place.forwards + 1, deeper, id(child)) for child in children
        ]
    if kind.content_type == "multipart/report":
        # The first part is the report for people; the rest (status, the returned message) is
        # for machines, and the returned message may well be one of our own.
        children = children[:1]
    context = place.context
    if context != "forwarded":
        context = "related" if kind.content_type == "multipart/related" else ""
    return [_Place(child, context, place.forwards, deeper, place.owner) for child in children]


def _children(part: Message) -> list[Message]:
    payload = part.get_payload()
    return [child for child in payload if isinstance(child, Message)] if part.is_multipart() else []


def _payload_bytes(part: Message) -> bytes:
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _text_bytes(part: Message) -> tuple[bytes, str]:
    """A text part's bytes, and a note when its transfer encoding could not be followed.

    The stdlib returns an unknown encoding's bytes as they are, but text that only claims to be
    base64 comes back as garbage, or with its lines joined ("The hillon Pine Street").
    """
    payload = payload_as_read(part)
    if payload is None:
        return b"", ""
    written = payload.encode("utf-8", "surrogateescape")
    declared = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    encoding = re.split(r"[^a-z0-9-]", declared, maxsplit=1)[0]
    if encoding == "base64":
        if not _NOT_BASE64.search(written):
            with contextlib.suppress(binascii.Error):  # one character too many to be base64
                return base64.b64decode(written + b"=="), ""
        return written, "declared base64 but written as plain text; read as written"
    if encoding == "quoted-printable":
        return quopri.decodestring(written), ""
    if encoding in _UUENCODINGS:
        return _payload_bytes(part), ""
    if encoding in _UNENCODED:
        return written, ""
    return written, f"unknown Content-Transfer-Encoding {declared[:40]!r}; read as written"


def _html_meta_charset(data: bytes) -> str | None:
    """The charset an HTML body names in its <meta>, where browsers look for it."""
    match = _META_CHARSET.search(data[:HTML_CHARSET_SCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


# --- Body ----------------------------------------------------------------------------------


def _body_text(walk: _Walk, problems: list[str]) -> str:
    """The story: each message's own text (forwarded ones too), cleaned."""
    texts = (clean_body(_message_text(message, walk, problems)) for message in walk.messages)
    return "\n\n".join(text for text in texts if text)


def _message_text(message: Message, walk: _Walk, problems: list[str]) -> str:
    texts = []
    for part in _body_parts(message, walk):
        try:
            texts.append(_part_text(part, walk, problems))
        except Exception as error:  # keep the other parts of the story
            problems.append(f"could not read a body part ({error!r})")
    return "\n\n".join(texts)


def _body_parts(part: Message, walk: _Walk) -> list[Message]:
    """The text parts a mail program would show as this message's body, in order.

    Only walked parts count (so the walk's bounds hold here too), and forwarded messages are
    left out: they are read as messages of their own. All parts of a multipart/mixed are kept:
    Apple Mail splits a story around its inline photos.
    """
    kind = walk.kinds.get(id(part))
    if kind is None:
        return []
    if kind.is_body_text:
        return [part]
    if not kind.content_type.startswith("multipart/") or not part.is_multipart():
        return []
    options = [_body_parts(child, walk) for child in _children(part)]
    if kind.content_type == "multipart/alternative":
        return _preferred_alternative(options, walk)
    if kind.content_type == "multipart/related":  # the first part shows, the rest are images
        return options[0] if options else []
    return [leaf for leaves in options for leaf in leaves]


def _preferred_alternative(options: list[list[Message]], walk: _Walk) -> list[Message]:
    """The plain-text alternative that has text, else the last (richest) one that has."""
    filled = [leaves for leaves in options if any(_has_bytes(leaf) for leaf in leaves)]
    for leaves in filled:
        if any(walk.kinds[id(leaf)].content_type == "text/plain" for leaf in leaves):
            return leaves
    return filled[-1] if filled else []


def _has_bytes(part: Message) -> bool:
    return bool(_payload_bytes(part).strip())


def _part_text(part: Message, walk: _Walk, problems: list[str]) -> str:
    kind = walk.kinds[id(part)]
    data, note = _text_bytes(part)
    _note(problems, "body text", note)
    charset = kind.charset
    if charset is None and kind.content_type == "text/html":
        charset = _html_meta_charset(data)
    text, note = decode_bytes(data, charset)
    _note(problems, "body text", note)
    if kind.content_type == "text/html":
        return html_to_text(text)
    text, files = uuencoded_split(text)
    for file in files:
        walk.attachments.append(
            Attachment(
                filename=_safe_filename(file.filename, problems),
                declared_type="application/octet-stream",
                payload=file.payload,
            )
        )
    if files:
        problems.append(f"{len(files)} uuencoded file(s) in the text; read them as attachments")
    return text


# --- Attachments ---------------------------------------------------------------------------


def _attachment(place: _Place, kind: _Kind, problems: list[str]) -> Attachment:
    part = place.part
    return Attachment(
        filename=_safe_filename(_filename(part), problems),
        declared_type=kind.content_type,
        payload=_payload_bytes(part),
        content_id=_bare_id(_one_line(str(part["Content-ID"] or ""), "Content-ID", problems)),
        origin=_origin(place, kind),
    )


def _filename(part: Message) -> str:
    """The sender's file name; as written where the stdlib reads it wrong.

    It takes backslashes in quotes as escapes ("C:\\Photos\\finish.jpg" becomes
    "C:Photosfinish.jpg") and an unquoted name ends for it at the first space.
    """
    parsed = part.get_filename() or ""
    for key, raw in part.raw_items():
        if key.lower() not in {"content-disposition", "content-type"}:
            continue
        raw = str(raw)
        match = _RAW_FILENAME.search(raw)
        if match is None or "=?" in raw or "*=" in raw:  # encoded names are read right
            continue
        quoted, unquoted = match.groups()
        if quoted is not None and "\\" in quoted:
            return quoted
        if unquoted is not None and " " in unquoted.strip():
            return " ".join(unquoted.split())
    return parsed


def _origin(place: _Place, kind: _Kind) -> Origin:
    if place.context == "forwarded":
        return "forwarded"
    if place.context == "related" or kind.disposition == "inline":
        return "inline"
    return "attachment"


def _safe_filename(name: str, problems: list[str]) -> str:
    """The last path part only, without control or format characters, in 255 bytes.

    Format characters go too: a right-to-left override can show "gpj.exe" as "exe.jpg".
    """
    name = _one_line(name, "attachment file name", problems)
    name = "".join(char for char in name if unicodedata.category(char) != "Cf")
    name = re.split(r"[/\\]", name)[-1].strip().lstrip(".").strip()
    return _fit_filename(name)


def _fit_filename(name: str) -> str:
    if len(name.encode()) <= MAX_FILENAME_BYTES:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    budget = MAX_FILENAME_BYTES - len(suffix.encode())
    return stem.encode()[:budget].decode("utf-8", "ignore") + suffix
