"""Plain text from bodies: HTML to text, signatures and quoted lines dropped."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from milepost.intake.email.normalise import (
    SignOff,
)
from milepost.intake.email.text import clean_body, html_to_text
from tests.intake.email.helpers import (
    read,
)


def test_iphone_signature_is_dropped():
    message = read("iphone_signature.eml")

    assert message.body_text == "My most important mile was the one I walked."


def test_dash_signature_block_is_dropped_but_the_sign_off_stays():
    message = read("dash_signature.eml")

    assert message.body_text == (
        "The bridge at mile 8 of the Chicago marathon.\n\nKen Ito, 61, Chicago, IL"
    )
    assert message.sign_off == SignOff(name="Ken Ito", age=61, city="Chicago", region="IL")


@pytest.mark.parametrize(
    "signature",
    [
        "Sent from my iPhone",
        "Sent from my iPad",
        "Sent from my Samsung Galaxy smartphone.",
        "Sent from my Verizon, Samsung Galaxy smartphone",
        "Get Outlook for iOS",
        "Get Outlook for Android<https://aka.ms/ghei36>",
        "Sent from Yahoo Mail for Android",
        "Sent from Yahoo Mail on Android",
        "Sent from Mail for Windows",
        "Sent with Proton Mail secure email.",
    ],
)
def test_mobile_signatures_are_dropped(signature):
    assert clean_body(f"The story.\n\n{signature}\n") == "The story."


@pytest.mark.parametrize(
    "ending",
    [
        "Sent from the finish line, with love.",
        "I was sent from my hotel to the start line on a bus.",
        "On the last mile, my coach wrote:",
    ],
)
def test_story_lines_that_only_look_like_signatures_stay(ending):
    assert clean_body(f"The story.\n\n{ending}") == f"The story.\n\n{ending}"


@pytest.mark.parametrize("delimiter", ["-- ", "--"])
def test_signature_block_after_the_last_delimiter_is_dropped(delimiter):
    text = f"Part one.\n--\nPart two.\n{delimiter}\nJane Doe\nAcme Corp"

    assert clean_body(text) == "Part one.\n--\nPart two."


def test_html_layout_becomes_lines_and_paragraphs():
    html = (
        "<h1>Mile&nbsp;26</h1><ul><li>Rain</li><li>Wind &amp; hail</li></ul>"
        "<table><tr><td>Split</td><td>9:58</td></tr></table>"
        "<pre>  kept\n    indented</pre><p>A<br>B<br><br>C</p>"
    )

    assert clean_body(html_to_text(html)) == (
        "Mile 26\n\nRain\nWind & hail\n\nSplit 9:58\n\n  kept\n    indented\n\nA\nB\n\nC"
    )


def test_interleaved_quoted_lines_are_dropped():
    assert clean_body("> Which mile?\nMile 7.\n> Why?\nThe hill.") == "Mile 7.\nThe hill."


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2_000))
def test_clean_body_output_is_tidy(text):
    cleaned = clean_body(text)

    assert "\r" not in cleaned
    assert "\n\n\n" not in cleaned
    assert not any(char in cleaned for char in "\x00\x7f\ufeff")
