"""Bodies and headers in wrong, unknown or missing charsets."""

import pytest

from milepost.intake.email.normalise import (
    normalise_message,
)
from tests.intake.email.helpers import (
    raw_email,
    read,
)


def test_latin1_bytes_declared_as_utf8():
    message = read("wrong_charset_latin1.eml")

    assert message.body_text == "J'ai couru le dernier kilomètre à côté de ma sœur."
    assert message.from_name == "Renée Dupont"
    assert "body text: not valid utf-8; read as cp1252" in message.problems
    assert "From header: not valid utf-8; read as cp1252" in message.problems


@pytest.mark.parametrize(
    ("charset", "body", "text", "problem"),
    [
        ("x-made-up", "Zürich".encode(), "Zürich", "unknown charset 'x-made-up'; read as utf-8"),
        (
            "unknown-8bit",
            "Zürich".encode("cp1252"),
            "Zürich",
            "unknown charset 'unknown-8bit'; read as cp1252",
        ),
        ("us-ascii", "Zürich".encode(), "Zürich", "not valid us-ascii; read as utf-8"),
        ("utf-8", b"Z\x81rich", "Z\x81rich", "not valid utf-8; read as latin-1"),
        # A Python codec, not a mail charset: backslashes stay backslashes.
        ("unicode-escape", b"Z\\xfcrich", "Z\\xfcrich", "unknown charset 'unicode-escape'"),
    ],
)
def test_wrong_or_unknown_charsets(charset, body, text, problem):
    raw = raw_email(f"From: a@example.com\nContent-Type: text/plain; charset={charset}\n", body)

    message = normalise_message(raw)

    assert message.body_text == text.replace("\x81", "")  # a C1 control, dropped
    assert any(note.startswith(f"body text: {problem}") for note in message.problems)


def test_unknown_charset_in_an_encoded_word():
    raw = raw_email("From: =?x-made-up?Q?Zo=C3=AB?= <zoe@example.com>\n", b"Hi")

    assert normalise_message(raw).from_name == "Zoë"


def test_eight_bit_body_without_any_charset():
    raw = raw_email("From: a@example.com\nSubject: Mile\n", "Crème brûlée at mile 20".encode())

    message = normalise_message(raw)

    assert message.body_text == "Crème brûlée at mile 20"
    assert "body text: no charset declared; read as utf-8" in message.problems
