"""RFC 2047 encoded words that old or careless mail programs write, made readable."""

import re
from email.policy import default

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from milepost.intake.email.encoded_words import encoded_words_tidy
from milepost.intake.email.normalise import normalise_message


def raw_byte(value: int) -> str:
    """A raw 8-bit byte as the email package holds it in a header (surrogateescape)."""
    return bytes([value]).decode("ascii", "surrogateescape")


def headers(**values: bytes) -> bytes:
    lines = b"".join(f"{name}: ".encode() + value + b"\r\n" for name, value in values.items())
    return lines + b"Message-ID: <x@example.com>\r\n\r\nThe story.\r\n"


def test_raw_8bit_bytes_inside_a_q_word_are_decoded_in_its_charset():
    word = f"=?iso-8859-1?Q?Caf{raw_byte(0xE9)}_au_lait?="

    assert str(default.header_fetch_parse("Subject", encoded_words_tidy(word))) == "Café au lait"


def test_adjacent_encoded_words_lose_the_space_between_them():
    value = "=?UTF-8?Q?MySurvey?= =?UTF-8?Q?.com_&_C?=\r\n =?UTF-8?Q?arol?= <info@example.com>"

    assert encoded_words_tidy(value) == (
        "=?UTF-8?Q?MySurvey?==?UTF-8?Q?.com_&_C?==?UTF-8?Q?arol?= <info@example.com>"
    )


def test_words_and_encoded_words_keep_their_spaces():
    value = "Re: =?UTF-8?Q?Jos=C3=A9?= and =?UTF-8?Q?Ana?= ran"

    assert encoded_words_tidy(value) == value


@pytest.mark.parametrize(
    ("header", "raw", "expected"),
    [
        ("Subject", b"=?iso-8859-1?Q?Caf\xe9_au_lait?=", "Café au lait"),
        ("Subject", b"=?windows-1252?Q?M=FCnchen_\xfcber_alles?=", "München über alles"),
        (
            "From",
            b"=?UTF-8?Q?MySurvey?= =?UTF-8?Q?.com_&_C?= =?UTF-8?Q?arol?= <a@example.com>",
            "MySurvey.com & Carol",
        ),
    ],
)
def test_the_normaliser_reads_them(header, raw, expected):
    message = normalise_message(headers(**{header: raw, "To": b"mile@milepost.example"}))

    read = message.subject if header == "Subject" else message.from_name
    assert read == expected
    assert not [problem for problem in message.problems if header in problem]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.builds(
                "=?{}?{}?{}?=".format,
                st.sampled_from(["utf-8", "iso-8859-1", "bogus", ""]),
                st.sampled_from("QqBbX"),
                st.text(
                    alphabet=st.characters(max_codepoint=0xFF) | st.just("\udce9"), max_size=20
                ),
            ),
        ),
        max_size=8,
    ),
    st.sampled_from([" ", "", "\r\n ", "\t"]),
)
def test_never_raises_and_every_encoded_word_comes_out_ascii(pieces, glue):
    tidied = encoded_words_tidy(glue.join(pieces))

    assert all(word.isascii() for word in re.findall(r"=\?[^?\s]+\?[QqBb]\?[^?]*\?=", tidied))
