"""RFC 2047 encoded words ("=?utf-8?q?Jos=C3=A9?=") made readable for the stdlib's header parser.

Two things old and careless mail programs do that the parser does not forgive: raw 8-bit bytes
inside an encoded word (it then leaves the word undecoded), and whitespace between adjacent
encoded words in a name (it keeps it, against RFC 2047: "MySurvey .com & C arol").
Works on header values as the email package holds them: raw bytes as lone surrogates.
"""

import re

_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([QqBb])\?([^?]*)\?=")
# Linear whitespace between two encoded words: RFC 2047 says it is not part of the text.
_BETWEEN_ENCODED_WORDS = re.compile(r"(?<=\?=)[ \t\r\n]+(?==\?[^?\s]+\?[QqBb]\?[^?]*\?=)")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/=]")


def encoded_words_tidy(value: str) -> str:
    """`value` with each encoded word pure ASCII and adjacent ones joined; never raises."""
    if "=?" not in value:
        return value
    value = _ENCODED_WORD.sub(_ascii_word, value)
    return _BETWEEN_ENCODED_WORDS.sub("", value)


def _ascii_word(match: re.Match) -> str:
    charset, encoding, text = match.groups()
    if text.isascii():
        return match.group()
    if encoding in "Qq":
        # The raw bytes are in the word's charset: write them the way Q encoding should have.
        text = _ESCAPED_BYTE.sub(lambda byte: f"={ord(byte.group()) - 0xDC00:02X}", text)
        text = "".join(char if char.isascii() else _q_escape(char) for char in text)
    else:
        text = _NOT_BASE64.sub("", text)  # 8-bit bytes cannot be base64: they are noise
    return f"=?{charset}?{encoding}?{text}?="


def _q_escape(char: str) -> str:
    """A character that arrived already decoded (not a raw byte): its UTF-8 bytes, =XX each."""
    return "".join(f"={byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
