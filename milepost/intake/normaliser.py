"""Raw email bytes in, one tidy NormalisedMessage out: the first step of every email channel.

IMAP, .eml/mbox/Maildir import and provider webhooks all hand their bytes to
`normalise_message`. It works on bytes alone (no Django, no I/O) and never raises: whatever goes
wrong is written to `problems`, and the worst case is an empty message saying why. The raw
bytes themselves are the inbound message's business, so nothing here needs to be lossless.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import utils
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.policy import EmailPolicy
from typing import Literal, TypeVar

from .charsets import decode_bytes, repair_escaped_bytes
from .mailtext import clean_body, html_to_text
from .signoff import SignOff, find_sign_off

__all__ = [
    "Attachment",
    "NormalisedMessage",
    "SignOff",
    "normalise_message",
    "subject_without_prefixes",
]

# Bounds that keep a hostile or broken message from costing minutes or memory.
MAX_HEADER_CHARS = 10_000
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
_ANGLE_ID = re.compile(r"<([^<>]*)>")
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_BODY_TYPES = ("text/plain", "text/html")

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
    from_address: str = ""
    to_addresses: tuple[str, ...] = ()
    date: datetime | None = None
    body_text: str = ""
    sign_off: SignOff | None = None
    attachments: tuple[Attachment, ...] = ()
    auto_generated_reason: str = ""
    problems: tuple[str, ...] = ()


class _IntakePolicy(EmailPolicy):
    """email.policy.default, except that a header value is cut to MAX_HEADER_CHARS and its raw
    8-bit bytes decoded (UTF-8, else cp1252) before it is parsed.

    The stdlib header parser needs seconds per 100 kB of some values and the message parser
    reads every part's Content-Type, so the cut has to happen here. Left to the default
    policy, 8-bit bytes that are not UTF-8 (an old mail program's latin-1 name) become U+FFFD.
    """

    def header_fetch_parse(self, name, value):
        if isinstance(value, str):
            value = repair_escaped_bytes(value[:MAX_HEADER_CHARS])[0]
        return super().header_fetch_parse(name, value)


POLICY = _IntakePolicy()


def normalise_message(raw: bytes) -> NormalisedMessage:
    """Read one email; never raises. See NormalisedMessage for what comes out."""
    problems: list[str] = []
    try:
        message = _parse(bytes(raw), problems)
        fields = _read_fields(message, problems)
    except Exception as error:  # the promise is "never raises"; say what happened instead
        problems.append(f"could not read the message at all ({error!r})")
        return NormalisedMessage(problems=_summarise(problems))
    return NormalisedMessage(**fields, problems=_summarise(problems))


def subject_without_prefixes(subject: str) -> str:
    """ "Re: [Runners] Fwd: Most Important Mile" -> "Most Important Mile", for routing."""
    match = _SUBJECT_PREFIXES.match(subject)
    return " ".join(subject[match.end() if match else 0 :].split())


# --- Reading the whole message -------------------------------------------------------------


def _parse(raw: bytes, problems: list[str]) -> EmailMessage:
    if not raw.strip():
        problems.append("the message is empty")
    try:
        return BytesParser(policy=POLICY).parsebytes(raw)
    except Exception as error:  # e.g. RecursionError on absurdly deep MIME nesting
        problems.append(f"could not read the MIME structure ({error!r}); read the headers only")
        return BytesParser(policy=POLICY).parsebytes(raw, headersonly=True)


def _read_fields(message: EmailMessage, problems: list[str]) -> dict:
    def attempt(what: str, default: T, reader: Callable[[S, list[str]], T], source: S) -> T:
        try:
            return reader(source, problems)
        except Exception as error:  # one unreadable field must not cost the others
            problems.append(f"could not read {what} ({error!r})")
            return default

    walk = attempt("the MIME structure", _Walk([message], []), _walk, message)
    from_name, from_address = attempt("the From header", ("", ""), _sender, message)
    body_text = attempt("the body", "", _body_text, walk)
    return {
        "message_id": attempt("the Message-ID header", "", _message_id, message),
        "subject": attempt("the Subject header", "", _subject, message),
        "from_name": from_name,
        "from_address": from_address,
        "to_addresses": attempt("the recipients", (), _recipients, message),
        "date": attempt("the Date header", None, _date, message),
        "body_text": body_text,
        "sign_off": attempt("the sign-off", None, lambda text, _: find_sign_off(text), body_text),
        "attachments": attempt("the attachments", (), _attachments, walk),
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
    """Every `name` header of `message`, parsed (or as text if the parser gives up)."""
    values = []
    for key, raw in message.raw_items():  # raw, to report what the policy silently repairs
        if key.lower() != name.lower():
            continue
        raw = str(raw)
        _note(problems, f"{key} header", repair_escaped_bytes(raw[:MAX_HEADER_CHARS])[1])
        try:
            value = message.policy.header_fetch_parse(key, raw)
        except Exception as error:  # the stdlib header parser has crashed on odd input before
            problems.append(f"could not parse the {key} header ({error!r})")
            value = repair_escaped_bytes(raw[:MAX_HEADER_CHARS])[0]
        problems.extend(f"{key} header: {_describe(defect)}" for defect in _defects(value))
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


def _describe(defect: Exception) -> str:
    """The defect's own words, else its class docstring ("The claimed start boundary...")."""
    text = str(defect) or (type(defect).__doc__ or type(defect).__name__).strip()
    return text.splitlines()[0][:120] if text else type(defect).__name__


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


def _sender(message: Message, problems: list[str]) -> tuple[str, str]:
    people = _people(message, ("From",), problems)
    if not people:
        problems.append("no From address")
        return "", ""
    return people[0]


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
                if address not in ("", "<>"):
                    people.append((_one_line(display_name, f"{name} header", problems), address))
    return people


def _addresses(value: object) -> list[tuple[str, str]]:
    parsed = getattr(value, "addresses", None)
    if parsed is None:  # an unstructured header (Delivered-To) or one the parser gave up on
        return utils.getaddresses([str(value)])
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


@dataclass
class _Walk:
    messages: list[Message]  # the message itself, then every forwarded one, in order
    leaves: list[_Place] = field(default_factory=list)


def _walk(message: Message, problems: list[str]) -> _Walk:
    """Every part, depth first in document order, up to MAX_PARTS of them."""
    walk = _Walk([message])
    stack = [_Place(message)]
    for _ in range(MAX_PARTS):
        if not stack:
            return walk
        place = stack.pop()
        problems.extend(_part_problems(place.part))
        if place.part.is_multipart():
            stack.extend(reversed(_inside(place, walk, problems)))
        else:
            walk.leaves.append(place)
    if stack:
        problems.append(f"more than {MAX_PARTS} MIME parts; the rest were not read")
    return walk


def _part_problems(part: Message) -> list[str]:
    problems = [f"MIME structure: {_describe(defect)}" for defect in part.defects]
    for key, raw in part.raw_items():
        if len(raw) > MAX_HEADER_CHARS:
            problems.append(f"a {key} header has {len(raw):,} characters; read the first ones")
    return problems


def _inside(place: _Place, walk: _Walk, problems: list[str]) -> list[_Place]:
    """The places of a container's parts; a forwarded message is also added to `walk`."""
    part, deeper = place.part, place.nesting + 1
    if deeper > MAX_NESTING:
        problems.append(f"MIME parts nested more than {MAX_NESTING} deep were not read")
        return []
    children = part.get_payload()
    if part.get_content_maintype() == "message":
        if place.forwards >= MAX_FORWARD_DEPTH:
            problems.append(f"messages forwarded more than {MAX_FORWARD_DEPTH} deep were not read")
            return []
        walk.messages.extend(children)
        return [_Place(child, "forwarded", place.forwards + 1, deeper) for child in children]
    context = place.context
    if context != "forwarded":
        context = "related" if part.get_content_subtype() == "related" else ""
    return [_Place(child, context, place.forwards, deeper) for child in children]


def _is_body_text(part: Message) -> bool:
    return part.get_content_type() in _BODY_TYPES and part.get_content_disposition() != "attachment"


# --- Body ----------------------------------------------------------------------------------


def _body_text(walk: _Walk, problems: list[str]) -> str:
    """The story: each message's own text (forwarded ones too), cleaned."""
    texts = (clean_body(_message_text(message, problems)) for message in walk.messages)
    return "\n\n".join(text for text in texts if text)


def _message_text(message: Message, problems: list[str]) -> str:
    texts = []
    for part in _body_parts(message, problems):
        try:
            texts.append(_part_text(part, problems))
        except Exception as error:  # keep the other parts of the story
            problems.append(f"could not read a body part ({error!r})")
    return "\n\n".join(texts)


def _body_parts(part: Message, problems: list[str], nesting: int = 0) -> list[Message]:
    """The text parts a mail program would show as this message's body, in order.

    Forwarded messages are left out (they are read as messages of their own). Parts of a
    multipart/mixed are all kept: Apple Mail splits a story around its inline photos.
    """
    if _is_body_text(part):
        return [part]
    if part.get_content_maintype() != "multipart" or not part.is_multipart():
        return []
    if nesting >= MAX_NESTING:
        problems.append(f"MIME parts nested more than {MAX_NESTING} deep were not read")
        return []
    options = [_body_parts(child, problems, nesting + 1) for child in part.get_payload()]
    subtype = part.get_content_subtype()
    if subtype == "alternative":
        return _preferred_alternative(options)
    if subtype == "related":  # the first part is the one shown; the rest are its images
        return options[0] if options else []
    return [leaf for leaves in options for leaf in leaves]


def _preferred_alternative(options: list[list[Message]]) -> list[Message]:
    """The plain-text alternative that has text, else the last (richest) one that has."""
    filled = [leaves for leaves in options if any(_has_bytes(leaf) for leaf in leaves)]
    for leaves in filled:
        if any(leaf.get_content_subtype() == "plain" for leaf in leaves):
            return leaves
    return filled[-1] if filled else []


def _has_bytes(part: Message) -> bool:
    return bool((part.get_payload(decode=True) or b"").strip())


def _part_text(part: Message, problems: list[str]) -> str:
    text, note = decode_bytes(part.get_payload(decode=True) or b"", part.get_content_charset())
    _note(problems, "body text", note)
    return html_to_text(text) if part.get_content_subtype() == "html" else text


# --- Attachments ---------------------------------------------------------------------------


def _attachments(walk: _Walk, problems: list[str]) -> tuple[Attachment, ...]:
    """Every part that is not body text: photos, documents, anything else the sender sent."""
    attachments = []
    for place in walk.leaves:
        if _is_body_text(place.part):
            continue
        try:
            attachments.append(_attachment(place, problems))
        except Exception as error:  # keep the other attachments
            problems.append(f"could not read an attachment ({error!r})")
    return tuple(attachments)


def _attachment(place: _Place, problems: list[str]) -> Attachment:
    part = place.part
    return Attachment(
        filename=_safe_filename(part.get_filename() or "", problems),
        declared_type=part.get_content_type(),
        payload=part.get_payload(decode=True) or b"",
        content_id=_bare_id(_one_line(str(part["Content-ID"] or ""), "Content-ID", problems)),
        origin=_origin(place),
    )


def _origin(place: _Place) -> Origin:
    if place.context == "forwarded":
        return "forwarded"
    if place.context == "related" or place.part.get_content_disposition() == "inline":
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
