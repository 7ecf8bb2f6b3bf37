"""The only place the email package reaches into the standard library's private attributes.

tests/intake/email/test_internals.py checks what this relies on, so a Python upgrade that
changes it fails there first.
"""

from email.message import Message


def payload_as_read(part: Message) -> str | None:
    """A non-multipart part's body exactly as parsed: 8-bit bytes kept as surrogates (utf-8,
    surrogateescape gives them back). None for a multipart part.

    The public `get_payload()` either decodes the claimed transfer encoding or replaces those
    bytes with U+FFFD, and `as_bytes()` re-encodes them; only `_payload` keeps them.
    """
    payload = getattr(part, "_payload", None)  # not in the type stubs
    return payload if isinstance(payload, str) else None
