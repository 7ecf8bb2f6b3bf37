"""Uuencoded files inside plain text become attachments and leave the story."""

import binascii

from hypothesis import given, settings
from hypothesis import strategies as st

from milepost.intake.email.uuencode import UuFile, uuencoded_split


def uuencode(data: bytes, name: str = "finish.jpg") -> str:
    lines = "".join(binascii.b2a_uu(data[i : i + 45]).decode() for i in range(0, len(data), 45))
    return f"begin 644 {name}\n{lines}`\nend\n"


def test_a_block_becomes_a_file_and_leaves_the_text():
    data = bytes(range(256)) * 10
    text = f"The hill was steep.\n\n{uuencode(data)}\nJane Doe, 32, Leeds, UK\n"

    story, files = uuencoded_split(text)

    assert files == [UuFile("finish.jpg", data)]
    assert "begin" not in story and "end" not in story
    assert story.split() == ["The", "hill", "was", "steep.", "Jane", "Doe,", "32,", "Leeds,", "UK"]


def test_every_block_is_taken_with_its_name():
    text = uuencode(b"one", "a.jpg") + "between\n" + uuencode(b"two", "b b.png")

    story, files = uuencoded_split(text)

    assert [(file.filename, file.payload) for file in files] == [
        ("a.jpg", b"one"),
        ("b b.png", b"two"),
    ]
    assert story.strip() == "between"


def test_a_damaged_line_still_gives_its_bytes():
    good = uuencode(b"x" * 45).splitlines()
    good[1] = good[1][:30] + "\x7f\x7f"  # cut short and garbled, as some gateways leave it

    story, files = uuencoded_split("\n".join(good) + "\n")

    assert len(files[0].payload) == 45 and story.strip() == ""


def test_text_that_only_mentions_begin_is_left_alone():
    text = "I begin 644 miles of training at the end\nof May.\n"

    assert uuencoded_split(text) == (text, [])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3_000), st.binary(max_size=500))
def test_never_raises(noise, data):
    story, files = uuencoded_split(f"{noise}\n{uuencode(data)}{noise}")

    assert isinstance(story, str)
    assert any(file.payload == data for file in files) or "begin" in noise or "end" in noise


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="latin-1"), max_size=2_000))
def test_never_raises_on_block_shaped_noise(noise):
    uuencoded_split(f"begin 644 x.jpg\n{noise}\nend\n")
