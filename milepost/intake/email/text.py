"""Turn the text of an email body into the story: HTML to paragraphs, replies and signatures off.

Pure functions on str. `clean_body` keeps what the submitter wrote, including a story they
forwarded to us (from their sent mail, say), and drops what their mail program added: quoted
replies, "Sent from my iPhone", the "-- " signature block.
"""

import re
from html.parser import HTMLParser

import nh3

from milepost.submissions.words import is_client_footer

# --- HTML -----------------------------------------------------------------------------------

# Blocks that start a new paragraph (a blank line) or only a new line, the way a mail program
# shows them. Gmail writes one <div> per line and <div><br></div> for a blank line.
_PARAGRAPH_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "pre"}
_PARAGRAPH_TAGS |= {"blockquote", "hr"}
_LINE_TAGS = {"div", "li", "tr", "dt", "dd", "section", "article", "header", "footer"}
_CELL_TAGS = {"td", "th"}
_KEPT_TAGS = _PARAGRAPH_TAGS | _LINE_TAGS | _CELL_TAGS | {"br"}
# Elements whose text is never shown to a reader.
_HIDDEN_CONTENT_TAGS = {"script", "style", "title", "template", "noscript"}
_SPACES = re.compile(r"\s+")
# For each of these start tags html5ever (inside nh3) searches the whole stack of open elements
# (HTML's "close a p element" step), so nesting them deeply costs quadratic time: 20,000
# nested <div>s take a second, 200,000 take minutes. Mail nests them a few dozen deep.
_SCOPE_SEARCHING_TAG = re.compile(
    r"<(/?)(?:address|article|aside|blockquote|center|details|dialog|dir|div|dl|fieldset"
    r"|figcaption|figure|footer|header|hgroup|main|menu|nav|ol|pre|search|section|summary|ul)"
    r"\b[^>]{0,500}>",
    re.I,
)
MAX_HTML_NESTING = 200


def html_to_text(html: str) -> str:
    """Plain text of an HTML body: paragraphs split by blank lines, <br> as a line break.

    nh3 first reduces the HTML to a few layout tags without attributes, so script, style,
    event handlers and links (javascript: or not) are gone before any text is taken.
    Blockquoted lines come out prefixed with "> ", like a quoted plain-text reply.
    """
    safe = nh3.clean(
        _limit_nesting(html),
        tags=_KEPT_TAGS,
        attributes={},
        clean_content_tags=_HIDDEN_CONTENT_TAGS,
        strip_comments=True,
    )
    collector = _TextCollector()
    collector.feed(safe)
    collector.close()
    return collector.text()


def _limit_nesting(html: str) -> str:
    """Drop the tags (not the text) of block elements nested over MAX_HTML_NESTING deep."""
    depth = 0

    def within_limit(match: re.Match) -> str:
        nonlocal depth
        if match.group(1):  # an end tag
            depth = max(0, depth - 1)
            return match.group() if depth < MAX_HTML_NESTING else ""
        depth += 1
        return match.group() if depth <= MAX_HTML_NESTING else ""

    return _SCOPE_SEARCHING_TAG.sub(within_limit, html)


class _TextCollector(HTMLParser):
    """Collects text, turning block boundaries into (at most) the line breaks they need."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._chunks: list[str] = []
        self._breaks = 0  # line breaks owed before the next text
        self._at_line_start = True
        self._quote_depth = 0
        self._pre_depth = 0

    def text(self) -> str:
        return "".join(self._chunks)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "br":
            self._breaks += 1
        elif tag in _CELL_TAGS:
            self._write(" ")
        self._block_boundary(tag)
        self._nest(tag, 1)

    def handle_endtag(self, tag: str) -> None:
        self._block_boundary(tag)
        self._nest(tag, -1)

    def handle_data(self, data: str) -> None:
        if not self._pre_depth:
            data = _SPACES.sub(" ", data)
        if self._breaks and not data.strip():
            return  # whitespace between blocks
        self._write(data)

    def _block_boundary(self, tag: str) -> None:
        if tag in _PARAGRAPH_TAGS:
            self._breaks = max(self._breaks, 2)
        elif tag in _LINE_TAGS:
            self._breaks = max(self._breaks, 1)

    def _nest(self, tag: str, step: int) -> None:
        if tag == "blockquote":
            self._quote_depth = max(0, self._quote_depth + step)
        elif tag == "pre":
            self._pre_depth = max(0, self._pre_depth + step)

    def _write(self, data: str) -> None:
        if self._breaks:
            self._chunks.append("\n" * self._breaks)
            self._breaks = 0
            self._at_line_start = True
        if self._at_line_start:
            data = "> " * self._quote_depth + (data if self._pre_depth else data.lstrip())
        if data:
            self._chunks.append(data)
            self._at_line_start = data.endswith("\n")


# --- Replies, forwards, signatures ------------------------------------------------------------

# A forward keeps its content: the submitter may be forwarding their own story.
_FORWARD_MARKER = re.compile(r"-{2,}\s*forwarded message\s*-{2,}|begin forwarded message:", re.I)
_ORIGINAL_MESSAGE = re.compile(r"-{2,}\s*original message\s*-{2,}", re.I)
_REPLY_INTRO_START = re.compile(r"On\s")
_REPLY_INTRO_END = re.compile(r"(?:^|\s)wrote:$")
# Header lines a mail program writes above a forwarded or replied-to message.
_QUOTED_HEADER = re.compile(r"\*?(from|date|sent|subject|to|cc|reply-to)\*?:(\s|$)", re.I)
_OUTLOOK_FROM = re.compile(r"\*?from\*?:\s*\S", re.I)
_OUTLOOK_SENT = re.compile(r"\*?(sent|date)\*?:\s*\S", re.I)
_FORWARD_SUBJECT = re.compile(r"\*?subject\*?:\s*(fwd?|wg)\s*:", re.I)
_SEPARATOR = re.compile(r"[_\-=*~]{5,}")
_SIGNATURE_DELIMITER = "--"
# Forwards of forwards are followed this far; after that the rest is kept as it stands.
MAX_FORWARDS = 10


def clean_body(text: str) -> str:
    """The story part of one message's text; see the module docstring."""
    lines = _plain_lines(text)
    sections = []
    for forwards in range(MAX_FORWARDS + 1):
        index, kind = _first_break(lines, follow_forwards=forwards < MAX_FORWARDS)
        sections.append(_strip_section(lines[:index]))
        if kind != "forward":
            break
        lines = _forwarded_lines(lines[index:])
    return _tidy("\n\n".join(section for section in sections if section))


def _tidy(text: str) -> str:
    """\\n line endings, no trailing spaces or control characters, single blank lines."""
    text = "\n".join(_plain_lines(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def _plain_lines(text: str) -> list[str]:
    text = re.sub(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff]", "", text)
    return [line.rstrip() for line in text.splitlines()]


def _first_break(lines: list[str], follow_forwards: bool) -> tuple[int, str]:
    """Where the submitter's own text ends: (index, "forward" | "reply" | "end")."""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if follow_forwards and _FORWARD_MARKER.fullmatch(stripped):
            return index, "forward"
        if _ORIGINAL_MESSAGE.fullmatch(stripped) or _is_reply_intro(lines, index):
            return index, "reply"
        if _OUTLOOK_FROM.match(stripped) and _is_outlook_header(lines[index : index + 6]):
            forwarded = any(
                _FORWARD_SUBJECT.match(item.strip()) for item in lines[index : index + 6]
            )
            return index, "forward" if forwarded and follow_forwards else "reply"
    return len(lines), "end"


def _is_reply_intro(lines: list[str], index: int) -> bool:
    """An "On <date>, <name> wrote:" line (maybe wrapped onto two) above quoted text."""
    if not _REPLY_INTRO_START.match(lines[index]):
        return False
    for end in (index, index + 1):
        if end < len(lines) and _REPLY_INTRO_END.search(lines[end]):
            following = _skip_blank(lines, end + 1)
            return following < len(lines) and lines[following].startswith(">")
    return False


def _is_outlook_header(block: list[str]) -> bool:
    """Outlook's "From: ... / Sent: ..." block above the message it replies to or forwards."""
    return any(_OUTLOOK_SENT.match(line.strip()) for line in block[1:4])


def _forwarded_lines(lines: list[str]) -> list[str]:
    """The forwarded message's own text: marker, header block and quoting removed."""
    if _FORWARD_MARKER.fullmatch(lines[0].strip()):
        lines = [_unquote(line) for line in lines[1:]]  # Apple Mail quotes what it forwards
    start = _skip_blank(lines, 0)
    end = start
    while end < len(lines) and (
        _QUOTED_HEADER.match(lines[end].strip())
        or (end > start and lines[end][:1].isspace() and lines[end].strip())
    ):
        end += 1
    return lines[_skip_blank(lines, end) :]


def _unquote(line: str) -> str:
    return re.sub(r"^> ?", "", line)


def _skip_blank(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _strip_section(lines: list[str]) -> str:
    """One stretch of the submitter's text without quoted lines and signatures."""
    lines = [line for line in lines if not line.startswith(">")]
    delimiters = [i for i, line in enumerate(lines) if line.strip() == _SIGNATURE_DELIMITER]
    if delimiters:
        # The last one, so a "--" scene break in the story is not taken for the signature.
        lines = lines[: delimiters[-1]]
    while lines and _is_trailing_noise(lines[-1].strip()):
        lines.pop()
    return "\n".join(lines)


def _is_trailing_noise(line: str) -> bool:
    if not line or _SEPARATOR.fullmatch(line):
        return True
    return is_client_footer(line)
