"""Messages built or read for the email package's tests."""

import base64
from email.message import EmailMessage
from pathlib import Path

from milepost.intake.email.normalise import NormalisedMessage, normalise_message

MESSAGES = Path(__file__).parent.parent / "messages"
# The 1x1 PNG and the JPEG start in the fixtures, decoded.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)
JPEG_START = b"\xff\xd8\xff\xe0\x00\x10JFIF"
# What normalise_message says when its own code, not the message, went wrong.
CRASH_PREFIXES = ("could not read",)


def read(name: str) -> NormalisedMessage:
    return normalise_message((MESSAGES / name).read_bytes())


def story_email(body: str = "My story.", **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Jane Doe <jane@example.com>"
    message["To"] = "stories@milepost.example"
    message["Subject"] = "Most Important Mile"
    message["Message-ID"] = "<story@example.com>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def raw_email(headers: str, body: bytes) -> bytes:
    """Bytes exactly as given, for what EmailMessage would refuse to write."""
    return headers.replace("\n", "\r\n").encode("ascii") + b"\r\n" + body


def crashes(message: NormalisedMessage) -> list[str]:
    return [problem for problem in message.problems if problem.startswith(CRASH_PREFIXES)]
