"""What milepost.intake.email.internals relies on in the standard library: a Python upgrade
that changes it fails here first."""

from email.parser import BytesParser
from email.policy import default

from milepost.intake.email.internals import payload_as_read

BODY = b"Caf\xc3\xa9 on the hill, \xe9t\xe9 in Latin-1.\r\n"


def _message(raw: bytes):
    return BytesParser(policy=default).parsebytes(raw)


def test_the_body_comes_back_byte_for_byte_where_the_public_getter_replaces_bytes():
    part = _message(
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + BODY
    )

    assert payload_as_read(part).encode("utf-8", "surrogateescape") == BODY
    # Why the wrapper exists: no public getter gives these bytes back.
    assert "\ufffd" in part.get_payload()
    assert part.get_payload(decode=True) != BODY


def test_a_multipart_message_has_no_body_of_its_own():
    message = _message(
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nHello\r\n--b--\r\n"
    )

    assert payload_as_read(message) is None
