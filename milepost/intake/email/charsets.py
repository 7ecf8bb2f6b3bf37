"""Turn the bytes of an email into text whatever charset the sender claimed.

Mail in the wild declares charsets that are wrong (utf-8 over latin-1 bytes), meaningless
("unknown-8bit", made-up names) or missing. Every function here returns text, never raises for
any bytes, and says in a short note when it had to guess.
"""

import codecs
import re

# Tried in this order when the declared charset fails: UTF-8 is what most modern mail is,
# cp1252 is what most mislabelled Western mail is, latin-1 (last) accepts every byte.
FALLBACK_CHARSETS = ("utf-8", "cp1252")

# Python codecs that are transforms rather than mail charsets: a sender who declares one must
# not make us interpret backslash escapes or punycode in a story.
_NOT_MAIL_CHARSETS = {"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined"}

# The email package keeps bytes it could not decode as lone surrogates (surrogateescape).
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")
_SURROGATES = re.compile("[\ud800-\udfff]")
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_WINDOWS_1252 = {
    chr(byte): bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0xA0)
    if byte not in b"\x81\x8d\x8f\x90\x9d"
}


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `data`, returning (text, note); the note is "" unless a fallback was needed.

    The text holds no C1 control characters (U+0080 to U+009F): no one types them, and mail
    labelled latin-1 (or read as latin-1) that has bytes 0x80 to 0x9F is windows-1252, which
    puts €, curly quotes and dashes there. Browsers read such mail the same way.
    """
    codec = _mail_codec(declared)
    if codec:
        try:
            return _without_c1(data.decode(codec)), ""
        except (UnicodeError, LookupError):
            problem = f"not valid {declared}"
    elif declared:
        problem = f"unknown charset {declared!r}"
    elif data.isascii():
        return data.decode("ascii"), ""
    else:
        problem = "no charset declared"
    text, used = _decode_with_fallbacks(data)
    return _without_c1(text), f"{problem}; read as {used}"


def repair_escaped_bytes(text: str) -> tuple[str, str]:
    """Decode the bytes the email package left escaped in `text` (as UTF-8, else a fallback).

    Returns (text, note) like `decode_bytes`; the text never holds surrogates, which could not
    be stored or encoded later.
    """
    notes = []

    def decode_run(match: re.Match) -> str:
        run, note = decode_bytes(match.group().encode("utf-8", "surrogateescape"), "utf-8")
        notes.append(note)
        return run

    repaired = _SURROGATES.sub("\ufffd", _ESCAPED_BYTES.sub(decode_run, text))
    return repaired, next((note for note in notes if note), "")


def _without_c1(text: str) -> str:
    """C1 controls as the windows-1252 characters of the same bytes; the five it lacks go."""
    return _C1_CONTROLS.sub(lambda match: _WINDOWS_1252.get(match.group(), ""), text)


def _mail_codec(declared: str | None) -> str | None:
    if not declared:
        return None
    try:
        name = codecs.lookup(declared).name
    except (LookupError, ValueError):
        return None
    return None if name in _NOT_MAIL_CHARSETS else name


def _decode_with_fallbacks(data: bytes) -> tuple[str, str]:
    for charset in FALLBACK_CHARSETS:
        try:
            return data.decode(charset), charset
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1", "replace"), "latin-1"
