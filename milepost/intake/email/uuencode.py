"""Uuencoded files inside plain text, the way Outlook and older mail programs still send them.

    begin 644 finish.jpg
    M_]C_X``02D9)1@`!`0$`2`!(``#_VP!#``,"`@,"`@,#`P,$`P,$!0@%!00$
    `
    end

Each block becomes an attachment and leaves the text; the story keeps only the words.
"""

import binascii
import re
from dataclasses import dataclass, field

_BLOCK = re.compile(
    r"^begin[ \t]+[0-7]{3,4}[ \t]+(?P<name>[^\r\n]+?)[ \t]*\r?\n"
    r"(?P<body>(?:[^\r\n]*\r?\n)*?)"
    r"^end[ \t\r]*$",
    re.MULTILINE,
)
MAX_BLOCKS = 20


@dataclass(frozen=True)
class UuFile:
    filename: str
    payload: bytes = field(repr=False)


def uuencoded_split(text: str) -> tuple[str, list[UuFile]]:
    """(text without its uuencoded blocks, the files they held); never raises."""
    if "begin " not in text:
        return text, []
    files: list[UuFile] = []

    def take(match: re.Match) -> str:
        if len(files) >= MAX_BLOCKS:
            return match.group()
        files.append(UuFile(match.group("name"), _decode(match.group("body"))))
        return ""

    return _BLOCK.sub(take, text), files


def _decode(body: str) -> bytes:
    chunks = []
    for line in body.splitlines():
        if not line or line in {"`", " "}:
            continue
        # The first character says how many bytes the line holds; encoders pad differently.
        length = (ord(line[0]) - 32) & 63
        try:
            chunk = binascii.a2b_uu(line[: 1 + (length * 4 + 2) // 3])
        except (binascii.Error, ValueError):
            chunk = b""
        chunks.append(chunk if len(chunk) == length else _lenient(line, length))
    return b"".join(chunks)


def _lenient(line: str, length: int) -> bytes:
    """A damaged line (wrong characters, cut short): decode what is there, pad the rest."""
    cells = [(ord(char) - 32) & 63 for char in line[1:]]
    cells += [0] * (-len(cells) % 4)
    out = bytearray()
    for start in range(0, len(cells), 4):
        a, b, c, d = cells[start : start + 4]
        out += bytes([(a << 2 | b >> 4) & 255, (b << 4 | c >> 2) & 255, (c << 6 | d) & 255])
    return bytes(out[:length]).ljust(length, b"\0")
