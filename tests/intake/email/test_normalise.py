"""The email normaliser: real MIME messages in, NormalisedMessage out, and never an exception."""

import base64
import random
import sysconfig
import time
from datetime import UTC, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from milepost.intake.email.normalise import (
    MAX_FORWARD_DEPTH,
    MAX_HEADER_CHARS,
    MAX_NESTING,
    MAX_PARTS,
    MAX_PROBLEMS,
    Attachment,
    NormalisedMessage,
    SignOff,
    normalise_message,
    subject_without_prefixes,
)
from tests.intake.email.helpers import (
    JPEG_START,
    MESSAGES,
    PNG,
    crashes,
    raw_email,
    read,
    story_email,
)

# --- Whole messages ---------------------------------------------------------------------------


def test_plain_text_story():
    message = read("plain_story.eml")

    assert message.message_id == "CAF=story-1@mail.example.com"
    assert message.subject == "Most Important Mile"
    assert (message.from_name, message.from_address) == ("Jane Doe", "jane.doe@example.com")
    assert message.to_addresses == ("stories@milepost.example",)  # To and Delivered-To, once
    assert message.date == datetime(2025, 3, 3, 15, 12, tzinfo=UTC)
    assert message.date.utcoffset() == timedelta(hours=-6)
    assert message.body_text == (
        "Mile 19 of my first marathon was the one that mattered.\n"
        "\n"
        "My legs had stopped listening, but my daughter was waiting at the corner\n"
        'with a sign that said "GO MOM" in purple marker.\n'
        "\n"
        "I finished in 4:41.\n"
        "\n"
        "Jane Doe, 32, St. Louis, MO"
    )
    assert message.sign_off == SignOff(name="Jane Doe", age=32, city="St. Louis", region="MO")
    assert message.attachments == ()
    assert message.auto_generated_reason == ""
    assert message.problems == ()


def test_html_only_body_becomes_clean_paragraphs():
    message = read("html_only_hostile.eml")

    assert message.body_text == (
        "The last mile of the Leeds half was uphill & into the wind.\n"
        "\n"
        "I could see the finish arch\n"
        "and my dad waving.\n"
        "\n"
        "my race photos are attached.\n"
        "\n"
        "— Sam Runner (29), Leeds, UK"
    )
    for unsafe in ("<", "script", "alert", "steal", "javascript", "cookie", "color", "Ignore me"):
        assert unsafe not in message.body_text
    assert message.sign_off == SignOff(name="Sam Runner", age=29, city="Leeds", region="UK")


def test_alternative_takes_the_plain_text():
    message = read("alternative.eml")

    assert message.body_text.startswith("The plain version of my story")
    assert "HTML version" not in message.body_text
    assert message.sign_off == SignOff(name="Ana", age=41, city="Lisbon", region="Portugal")
    assert message.attachments == ()


def test_alternative_with_an_empty_plain_part_takes_the_html():
    message = story_email(" \n")
    message.add_alternative("<p>The story is only in the <b>HTML</b>.</p>", subtype="html")

    assert normalise_message(message.as_bytes()).body_text == "The story is only in the HTML."


def test_related_html_with_a_cid_image():
    message = read("related_inline_image.eml")

    assert message.body_text == "Here I am at mile 12."
    assert message.attachments == (
        Attachment(
            filename="mile12.png",
            declared_type="image/png",
            payload=PNG,
            content_id="finish-photo@example.com",
            origin="inline",
        ),
    )


def test_inline_image_under_the_html_alternative_is_kept_with_the_plain_body():
    """What iPhone Mail sends: plain text, or HTML with the photo inside it."""
    message = story_email("Photo of mile 9 below.")
    message.add_alternative('<p>Photo of mile 9 below.</p><img src="cid:p1">', subtype="html")
    html = message.get_payload()[1]
    html.add_related(PNG, "image", "png", cid="<p1>", filename="IMG_0001.png")

    normalised = normalise_message(message.as_bytes())

    assert normalised.body_text == "Photo of mile 9 below."
    assert [(a.filename, a.content_id, a.origin) for a in normalised.attachments] == [
        ("IMG_0001.png", "p1", "inline")
    ]
    assert normalised.attachments[0].payload == PNG


def test_story_split_around_an_inline_photo_keeps_both_halves():
    """Apple Mail writes multipart/mixed: text, photo, text."""
    message = story_email("First half of the story.")
    message.add_attachment(PNG, "image", "png", filename="mile.png", disposition="inline")
    message.add_attachment("Second half of the story.", disposition="inline")

    normalised = normalise_message(message.as_bytes())

    assert normalised.body_text == "First half of the story.\n\nSecond half of the story."
    assert [(a.filename, a.origin) for a in normalised.attachments] == [("mile.png", "inline")]


def test_forwarded_message_attachment_keeps_its_story_and_photo():
    message = read("forwarded_rfc822.eml")

    assert message.body_text == (
        "Forwarding the story I sent to myself last week.\n"
        "\n"
        "The mile past the hospital where my mother was born.\n"
        "\n"
        "Priya Shah, 27, Edison, NJ"
    )
    assert message.sign_off == SignOff(name="Priya Shah", age=27, city="Edison", region="NJ")
    [photo] = message.attachments
    assert (photo.filename, photo.declared_type, photo.origin) == (
        "hospital-mile.jpg",
        "image/jpeg",
        "forwarded",
    )
    assert photo.payload.startswith(JPEG_START)


def test_gmail_forward_keeps_the_forwarded_story():
    message = read("gmail_forward.eml")

    assert message.body_text == (
        "Here it is again, sorry it bounced!\n"
        "\n"
        "The first mile after my knee surgery was the slowest and best mile I have run.\n"
        "\n"
        "Tom Brady-Jones, 54, Portland, OR"
    )
    assert message.sign_off == SignOff(name="Tom Brady-Jones", age=54, city="Portland", region="OR")


def test_apple_mail_forward_is_unquoted_and_kept():
    message = read("apple_forward.eml")

    assert message.body_text == (
        "Sending this again.\n"
        "\n"
        "Mile 5 of the Boston marathon, where my brother was waiting.\n"
        "\n"
        "Chris Green, 38, Boston, MA"
    )


def test_outlook_forward_block_keeps_the_forwarded_story():
    body = (
        "See below.\n"
        "\n"
        "________________________________\n"
        "From: Dee Kay <dee@example.com>\n"
        "Sent: Friday, March 7, 2025 9:00 PM\n"
        "To: Dee Kay <dee@example.com>\n"
        "Subject: FW: Most Important Mile\n"
        "\n"
        "The mile I ran for my sister.\n"
    )

    message = normalise_message(story_email(body).as_bytes())

    assert message.body_text == "See below.\n\nThe mile I ran for my sister."


def test_reply_drops_the_quoted_message():
    message = read("reply_quoted.eml")

    assert message.body_text == "Yes, you can use my photo in the book.\n\nJane"


def test_outlook_reply_drops_the_original_message():
    message = read("outlook_reply.eml")

    assert message.body_text == "Attaching the photo you asked for.\n\nBob"


def test_outlook_reply_header_block_drops_the_original_message():
    body = (
        "Yes, print it.\n"
        "\n"
        "________________________________\n"
        "From: Milepost Stories <stories@milepost.example>\n"
        "Sent: Saturday, March 8, 2025 9:00 AM\n"
        "To: Bob Smith <bob@example.com>\n"
        "Subject: Your story\n"
        "\n"
        "May we print it?\n"
    )

    assert normalise_message(story_email(body).as_bytes()).body_text == "Yes, print it."


def test_html_reply_drops_the_blockquote():
    message = story_email("")
    message.set_content(
        '<div dir="ltr">Yes, use the photo.</div><br><div class="gmail_quote">'
        '<div class="gmail_attr">On Sat, Mar 8, 2025 at 10:00 AM Milepost &lt;'
        "stories@milepost.example&gt; wrote:<br></div>"
        '<blockquote class="gmail_quote"><div>May we print your photo?</div></blockquote></div>',
        subtype="html",
    )

    assert normalise_message(message.as_bytes()).body_text == "Yes, use the photo."


GMAIL_HTML_FORWARD = (
    '<div dir="ltr"><div>Here it is again!</div><br><div class="gmail_quote">'
    '<div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>'
    'From: <strong class="gmail_sendername">Tom Jones</strong> &lt;tom@example.com&gt;<br>'
    "Date: Fri, Mar 7, 2025 at 9:15 PM<br>Subject: Most Important Mile<br>"
    "To: &lt;stories@old.example&gt;<br></div><br><br>"
    '<div dir="ltr">The first mile after surgery.<div><br></div>'
    "<div>Tom Jones, 54, Portland, OR</div></div></div></div>"
)
APPLE_HTML_FORWARD = (
    '<html><body dir="auto"><div>Sending again.</div><div><br>'
    '<div>Begin forwarded message:</div><br><blockquote type="cite">'
    "<div><b>From:</b> Chris Green &lt;chris@example.com&gt;<br>"
    "<b>Subject:</b> Most Important Mile<br><b>To:</b> stories@old.example<br></div><br>"
    "<div><div>Mile 5 of Boston.</div><div><br></div><div>Chris Green, 38, Boston, MA</div>"
    "</div></blockquote></div></body></html>"
)
OUTLOOK_HTML_REPLY = (
    "<html><head><!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]-->"
    "<style><!-- p.MsoNormal {margin:0} --></style></head><body><div class=WordSection1>"
    "<p class=MsoNormal>Mile 13 in Dublin.<o:p></o:p></p><p class=MsoListParagraph>"
    "<![if !supportLists]><span>·<span>&nbsp;&nbsp; </span></span><![endif]>Rain<o:p></o:p></p>"
    "<p class=MsoNormal><o:p>&nbsp;</o:p></p><div style='border-top:solid #E1E1E1 1.0pt'>"
    "<p class=MsoNormal><b>From:</b> Milepost &lt;stories@milepost.example&gt;<br>"
    "<b>Sent:</b> Saturday, March 8, 2025 9:00 AM<br><b>To:</b> Bob<br>"
    "<b>Subject:</b> Your story<o:p></o:p></p></div><p class=MsoNormal>May we print it?</p>"
    "</div></body></html>"
)


@pytest.mark.parametrize(
    ("html", "story"),
    [
        (
            GMAIL_HTML_FORWARD,
            "Here it is again!\n\nThe first mile after surgery.\n\nTom Jones, 54, Portland, OR",
        ),
        (
            APPLE_HTML_FORWARD,
            "Sending again.\n\nMile 5 of Boston.\n\nChris Green, 38, Boston, MA",
        ),
        (OUTLOOK_HTML_REPLY, "Mile 13 in Dublin.\n\n· Rain"),
    ],
)
def test_html_forwards_keep_the_story_and_html_replies_lose_the_quote(html, story):
    message = story_email()
    message.set_content(html, subtype="html")

    assert normalise_message(message.as_bytes()).body_text == story


def test_deeply_nested_html_is_read_quickly():
    message = story_email()
    message.set_content("<div>" * 200_000 + "Mile 1." + "</div>" * 200_000, subtype="html")

    started = time.monotonic()
    normalised = normalise_message(message.as_bytes())

    # Unbounded, nh3's HTML parser needs minutes for this (quadratic in the nesting depth).
    assert time.monotonic() - started < 20
    assert normalised.body_text == "Mile 1."


def test_encoded_headers_from_a_fixture():
    message = read("rfc2047_headers.eml")

    assert message.subject == "Die wichtigste Meile – München"
    assert (message.from_name, message.from_address) == ("Jürgen Müller", "juergen@example.de")
    assert message.to_addresses == ("stories@milepost.example", "anne@example.de")
    assert message.problems == ()


@pytest.mark.parametrize(
    ("encoded", "decoded"),
    [
        ("=?UTF-8?Q?M=C3=ADle_=C3=BAn_caf=C3=A9?=", "Míle ún café"),
        ("=?UTF-8?B?TcOtbGUgw7puIGNhZsOp?=", "Míle ún café"),
        ("=?ISO-8859-1?Q?M=EDle_=FAn_caf=E9?=", "Míle ún café"),
        ("=?iso-8859-1?b?Te1sZSD6biBjYWbp?=", "Míle ún café"),
    ],
)
def test_rfc2047_subject_and_from_name(encoded, decoded):
    raw = raw_email(
        f"From: {encoded} <runner@example.com>\nSubject: {encoded}\nMessage-ID: <x@y>\n",
        b"Body.\r\n",
    )

    message = normalise_message(raw)

    assert (message.subject, message.from_name) == (decoded, decoded)
    assert message.problems == ()


def test_line_endings_are_normalised():
    raw = raw_email("From: a@example.com\n", b"one\r\ntwo\rthree\n\n\n\n\nfour  \t\r\n")

    assert normalise_message(raw).body_text == "one\ntwo\nthree\n\nfour"


def test_huge_header_lines_are_cut_not_choked_on():
    huge = "a " * 200_000  # two of them stay under the header block's limit
    raw = raw_email(
        f"From: a@example.com\nSubject: {huge}\nContent-Type: text/plain; x={huge}\n", b"Story."
    )

    started = time.monotonic()
    message = normalise_message(raw)

    # Uncut, the stdlib parser needs minutes for these two headers.
    assert time.monotonic() - started < 20
    assert message.body_text == "Story."
    assert message.subject.startswith("a a a") and len(message.subject) <= MAX_HEADER_CHARS
    assert "Subject header has 400,000 characters; read the first 2,000" in message.problems
    assert "Content-Type header has 400,014 characters; read the first 2,000" in message.problems


def test_long_headers_nobody_reads_are_not_problems():
    message = story_email(X_Microsoft_Antispam_Message_Info="x" * 5_000)

    assert normalise_message(message.as_bytes()).problems == ()


def test_every_recipient_header_counts_once_and_repeats_are_bounded():
    headers = "".join(f"To: runner{number}@example.com\n" for number in range(50))
    headers += "Cc: Coach <COACH@example.com>\nDelivered-To: stories@milepost.example\n"
    headers += "X-Original-To: runner0@example.com\n"

    message = normalise_message(raw_email(headers, b"Story."))

    assert message.to_addresses == (
        *(f"runner{number}@example.com" for number in range(10)),
        "coach@example.com",
        "stories@milepost.example",
    )
    assert "50 To headers; read the first 10" in message.problems


def test_headers_the_stdlib_parser_crashes_on_are_read_as_plain_text():
    # Python 3.11 to 3.13 raise on this From (and up to 3.12 on "<>") instead of noting a defect.
    raw = raw_email("From: Runners: <Jane@Example.com>; x\nMessage-ID: <>\n", b"Story.")

    message = normalise_message(raw)

    assert message.from_address == "jane@example.com"
    assert "From header could not be parsed; read it as plain text" in message.problems
    assert message.message_id == ""
    assert not crashes(message)


def test_problems_are_capped_with_a_count_of_the_rest():
    parts = "".join(
        f"--b\r\nContent-Type: image/png; name={'x' * (MAX_HEADER_CHARS + number)}\r\n\r\nx\r\n"
        for number in range(150)
    )
    raw = raw_email('Content-Type: multipart/mixed; boundary="b"\n', f"{parts}--b--".encode())

    problems = normalise_message(raw).problems

    assert len(problems) == MAX_PROBLEMS
    # 150 long headers, no From and no Message-ID; the last line stands for the ones not shown.
    assert problems[-1] == f"and {150 + 2 - (MAX_PROBLEMS - 1)} more problems"


def test_missing_message_id():
    raw = raw_email("From: a@example.com\nSubject: Mile\n", b"Story.")

    message = normalise_message(raw)

    assert message.message_id == ""
    assert "no Message-ID header" in message.problems


def test_date_without_a_time_zone_is_read_as_utc_and_a_bad_date_as_none():
    unknown_zone = normalise_message(raw_email("Date: Mon, 3 Mar 2025 09:12:00 -0000\n", b""))
    nonsense = normalise_message(raw_email("Date: the day after the race\n", b""))

    assert unknown_zone.date == datetime(2025, 3, 3, 9, 12, tzinfo=UTC)
    assert "Date header has no time zone; read it as UTC" in unknown_zone.problems
    assert nonsense.date is None
    assert "Date header is not a date: 'the day after the race'" in nonsense.problems


@pytest.mark.parametrize("seed", range(5))
def test_garbage_bytes(seed):
    garbage = random.Random(seed).randbytes(5_000)

    message = normalise_message(garbage)

    assert isinstance(message, NormalisedMessage)
    assert message.problems
    assert not crashes(message)


def test_empty_input():
    message = normalise_message(b"")

    assert message == NormalisedMessage(
        from_problem="the message has no From line",
        problems=("the message is empty", "no From address", "no Message-ID header"),
    )


def test_bytes_like_input_is_accepted():
    raw = (MESSAGES / "plain_story.eml").read_bytes()

    assert normalise_message(bytearray(raw)) == normalise_message(memoryview(raw))


def test_not_bytes_at_all_is_a_problem_not_an_exception():
    message = normalise_message("a str, not bytes")  # type: ignore[arg-type]

    assert message.problems[0].startswith("could not read the message at all")


def nested_multiparts(depth: int) -> bytes:
    """`depth` multipart/mixed levels with the story and a photo at the bottom."""
    head = "".join(
        f'--b{level - 1}\r\nContent-Type: multipart/mixed; boundary="b{level}"\r\n\r\n'
        for level in range(1, depth)
    )
    tail = "".join(f"--b{level}--\r\n" for level in reversed(range(depth)))
    bottom = (
        f"--b{depth - 1}\r\nContent-Type: text/plain\r\n\r\nDeep story.\r\n"
        f"--b{depth - 1}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        f"{base64.b64encode(PNG).decode()}\r\n"
    )
    top = 'From: a@example.com\r\nSubject: Deep\r\nContent-Type: multipart/mixed; boundary="b0"\r\n'
    return (top + "\r\n" + head + bottom + tail).encode()


def test_message_nested_50_levels_deep():
    message = normalise_message(nested_multiparts(50))

    assert message.body_text == "Deep story."
    assert [attachment.payload for attachment in message.attachments] == [PNG]
    assert not crashes(message)


def test_nesting_deeper_than_the_limit_is_a_problem():
    message = normalise_message(nested_multiparts(MAX_NESTING + 10))

    assert message.body_text == ""
    assert f"MIME parts nested more than {MAX_NESTING} deep were not read" in message.problems


def test_nesting_deeper_than_the_parser_can_follow_keeps_the_headers():
    message = normalise_message(nested_multiparts(2_000))

    assert message.subject == "Deep"
    assert message.from_address == "a@example.com"
    assert message.problems[0].startswith("could not read the MIME structure (RecursionError")
    [everything] = message.attachments  # the unread MIME, kept rather than dropped
    assert everything.declared_type == "multipart/mixed"


def test_forwards_50_levels_deep_are_read_to_a_bounded_depth():
    message = story_email("Level 50.")
    for level in reversed(range(50)):
        outer = story_email(f"Level {level}.")
        outer.add_attachment(message)
        message = outer

    normalised = normalise_message(message.as_bytes())

    expected = "\n\n".join(f"Level {level}." for level in range(MAX_FORWARD_DEPTH + 1))
    assert normalised.body_text == expected
    assert f"messages forwarded more than {MAX_FORWARD_DEPTH} deep were not read" in (
        normalised.problems
    )


def test_a_thousand_attachments_are_read_up_to_the_limit():
    message = story_email("So many photos.")
    for number in range(1_000):
        message.add_attachment(PNG, "image", "png", filename=f"photo-{number:04}.png")

    normalised = normalise_message(message.as_bytes())

    assert normalised.body_text == "So many photos."
    assert 0 < len(normalised.attachments) < MAX_PARTS
    assert normalised.attachments[0].filename == "photo-0000.png"
    assert f"more than {MAX_PARTS} MIME parts; the rest were not read" in normalised.problems


def test_text_attachments_are_kept_as_attachments():
    message = story_email("See the attached story.")
    message.add_attachment("The story itself.", filename="story.txt")
    message.add_attachment(b"%PDF-1.7", "application", "pdf", filename="story.pdf")

    normalised = normalise_message(message.as_bytes())

    assert normalised.body_text == "See the attached story."
    assert [(a.filename, a.declared_type, a.payload) for a in normalised.attachments] == [
        ("story.txt", "text/plain", b"The story itself.\n"),
        ("story.pdf", "application/pdf", b"%PDF-1.7"),
    ]


@pytest.mark.parametrize(
    ("disposition", "filename"),
    [
        ('filename="../../etc/passwd"', "passwd"),
        ('filename="C:\\\\Users\\\\jane\\\\mile.jpg"', "mile.jpg"),
        ('filename=".hidden.jpg"', "hidden.jpg"),
        ('filename="mile\x01\x7f.jpg"', "mile.jpg"),
        ("filename*=utf-8''%E2%80%AEgpj.exe", "gpj.exe"),  # a right-to-left override
        ("filename*=iso-8859-1''caf%E9.jpg", "café.jpg"),
        ('filename="=?UTF-8?B?Y2Fmw6kuanBn?="', "café.jpg"),
        ('filename="' + "x" * 300 + '.jpeg"', "x" * 250 + ".jpeg"),
        ('filename="' + "é" * 200 + '.jpg"', "é" * 125 + ".jpg"),
        ("", ""),
    ],
)
def test_attachment_filenames_are_sanitised(disposition, filename):
    raw = raw_email(
        'From: a@example.com\nContent-Type: multipart/mixed; boundary="b"\n',
        b"--b\r\n\r\nStory.\r\n--b\r\nContent-Type: image/jpeg\r\n"
        + f"Content-Disposition: attachment; {disposition}\r\n\r\njpeg\r\n--b--\r\n".encode(),
    )

    [attachment] = normalise_message(raw).attachments

    assert attachment.filename == filename
    assert len(attachment.filename.encode()) <= 255


# --- Auto-generated mail -----------------------------------------------------------------------


def test_auto_reply_fixture_names_every_sign():
    message = read("auto_reply.eml")

    assert message.auto_generated_reason == (
        "X-Auto-Response-Suppress header present; Auto-Submitted: auto-replied; "
        "Return-Path: <>; Subject: Automatic reply: Your story for Most Important Mile"
    )


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"Auto-Submitted": "auto-generated"}, "Auto-Submitted: auto-generated"),
        ({"Precedence": "bulk"}, "Precedence: bulk"),
        ({"Precedence": "auto_reply"}, "Precedence: auto_reply"),
        ({"List-Id": "<runners.lists.example>"}, "List-Id header present"),
        ({"List-Unsubscribe": "<mailto:leave@example.com>"}, "List-Unsubscribe header present"),
        ({"List-Post": "<mailto:runners@example.com>"}, "List-Post header present"),
        ({"X-Auto-Response-Suppress": "All"}, "X-Auto-Response-Suppress header present"),
        ({"Return-Path": "<MAILER-DAEMON@mx.example.com>"}, "Return-Path: <MAILER-DAEMON@"),
        ({"Subject": "Out of Office: back Monday"}, "Subject: Out of Office"),
        ({"Subject": "Auto: Most Important Mile"}, "Subject: Auto:"),
    ],
)
def test_auto_generated_signs(headers, reason):
    message = story_email()
    for name, value in headers.items():
        del message[name]
        message[name] = value

    assert reason in normalise_message(message.as_bytes()).auto_generated_reason


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Auto-Submitted": "no"},
        {"Precedence": "first-class"},
        {"Return-Path": "<jane@example.com>"},
        {"Subject": "Re: Most Important Mile (my office was out of reach)"},
    ],
)
def test_mail_from_a_person_is_not_auto_generated(headers):
    message = story_email()
    for name, value in headers.items():
        del message[name]
        message[name] = value

    assert normalise_message(message.as_bytes()).auto_generated_reason == ""


# --- Subjects --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Most Important Mile", "Most Important Mile"),
        ("Re: Most Important Mile", "Most Important Mile"),
        ("RE: FW: Fwd: Fw: re: Most Important Mile", "Most Important Mile"),
        ("AW: WG: Sv: Most Important Mile", "Most Important Mile"),
        ("[Runners] Re: [Milepost] Most Important Mile", "Most Important Mile"),
        ("Re[2]: Re(3): Fw : Most   Important Mile ", "Most Important Mile"),
        ("Return to the Most Important Mile", "Return to the Most Important Mile"),
        ("Re: Fwd:", ""),
        ("", ""),
    ],
)
def test_subject_without_prefixes(subject, expected):
    assert subject_without_prefixes(subject) == expected


# --- Body cleaning -----------------------------------------------------------------------------


# --- Sign-offs ---------------------------------------------------------------------------------


# --- Nothing raises ------------------------------------------------------------------------------


def test_every_fixture_reads_without_a_crash():
    for path in sorted(MESSAGES.glob("*.eml")):
        assert not crashes(normalise_message(path.read_bytes())), path.name


def test_cpython_email_test_messages_never_raise():
    data = Path(sysconfig.get_paths()["stdlib"]) / "test" / "test_email" / "data"
    if not data.is_dir():
        pytest.skip(f"this interpreter ships no email test data at {data}")
    paths = sorted(data.glob("msg_*.txt"))
    assert paths

    for path in paths:
        message = normalise_message(path.read_bytes())
        assert isinstance(message, NormalisedMessage), path.name
        assert not crashes(message), (path.name, message.problems)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4_000))
def test_arbitrary_bytes_never_raise(raw):
    message = normalise_message(raw)

    assert isinstance(message, NormalisedMessage)
    assert not crashes(message)


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=600),
    st.sampled_from(
        [
            b"Content-Type: text/html; charset=utf-8\r\n",
            b'Content-Type: multipart/mixed; boundary="b"\r\n',
            b'Content-Type: multipart/alternative; boundary="b"\r\n',
            b"Content-Type: message/rfc822\r\n",
            b"Content-Type: text/plain; charset=x-unknown\r\nContent-Transfer-Encoding: base64\r\n",
        ]
    ),
)
def test_mime_shaped_garbage_never_raises(body, content_type):
    raw = b"From: a@example.com\r\n" + content_type + b"\r\n--b\r\n" + body + b"\r\n--b--\r\n"

    assert not crashes(normalise_message(raw))


LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
header_text = st.text(st.characters(exclude_characters=LINE_BREAKS), max_size=120)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    subject=header_text,
    name=header_text,
    extra=st.lists(
        st.tuples(
            st.sampled_from(["To", "Cc", "Date", "Message-ID", "Precedence", "X-Custom"]),
            header_text,
        ),
        max_size=4,
    ),
    body=st.text(max_size=1_000),
    html=st.booleans(),
)
def test_built_messages_never_raise(subject, name, extra, body, html):
    try:
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = Address(display_name=name, addr_spec="runner@example.com")
        for header, value in extra:
            message[header] = value
        message.set_content(body, subtype="html" if html else "plain")
        raw = message.as_bytes()
    except Exception:  # the email package refuses some of what Hypothesis invents
        assume(False)

    normalised = normalise_message(raw)

    assert isinstance(normalised, NormalisedMessage)
    assert not crashes(normalised)
    assert normalised.from_address == "runner@example.com"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2_000), st.sampled_from(["utf-8", "utf-16"]))
def test_plain_text_bodies_come_out_tidy(body, charset):
    message = story_email()
    message.set_content(body, charset=charset)

    text = normalise_message(message.as_bytes()).body_text

    assert "\r" not in text
    assert "\n\n\n" not in text
    assert text == text.strip("\n")
    assert all(line == line.rstrip() for line in text.split("\n"))


def test_time_zone_offsets_survive():
    raw = raw_email("Date: Wed, 5 Mar 2025 07:00:00 +0530\n", b"")

    assert normalise_message(raw).date.utcoffset() == timedelta(hours=5, minutes=30)


@pytest.mark.parametrize(
    "bad_header",
    [
        "From: =?utf-8?q?Eve=0D=0ABcc:_victim@example.com?= <eve@example.com>",
        "From: <<<@@@>>>",
        "To: =?utf-8?q?=0D=0A?= <",
        "Date: yesterday-ish",
        "Subject: =?utf-8?b?////?=",
        "Content-Type: multipart/mixed; boundary=",
    ],
)
def test_the_message_id_survives_any_other_header(bad_header):
    raw = raw_email(f"{bad_header}\nMessage-ID: <kept@example.com>", b"My story.\r\n")

    message = normalise_message(raw)

    assert message.message_id == "kept@example.com"
    assert crashes(message) == []


def test_a_from_hiding_cr_lf_keeps_its_real_address():
    raw = raw_email(
        "From: =?utf-8?q?Eve=0D=0ABcc:_victim@example.com?= <eve@example.com>", b"Hi\r\n"
    )

    assert normalise_message(raw).from_address == "eve@example.com"


@pytest.mark.parametrize(
    "signature_type",
    [
        "application/pgp-signature",
        "application/pkcs7-signature",
        "application/x-pkcs7-signature",
    ],
)
def test_signature_parts_are_not_attachments(signature_type):
    message = story_email("My signed story.")
    message.add_attachment(
        b"\x30\x82signature",
        maintype=signature_type.split("/")[0],
        subtype=signature_type.split("/")[1],
        filename="smime.p7s",
    )

    read_back = normalise_message(bytes(message))

    assert read_back.body_text == "My signed story."
    assert read_back.attachments == ()


def test_a_text_file_after_the_body_stays_an_attachment_even_inline():
    message = story_email("My story.")
    message.add_attachment("Mon 5 mi\nTue rest\n", filename="log.txt", disposition="inline")

    read_back = normalise_message(bytes(message))

    assert read_back.body_text == "My story."
    assert [(a.filename, a.payload) for a in read_back.attachments] == [
        ("log.txt", b"Mon 5 mi\nTue rest\n")
    ]


def test_a_named_text_file_that_is_the_whole_body_is_the_story():
    raw = raw_email(
        'From: a@example.com\nContent-Type: text/plain; name="story.txt"\n'
        'Content-Disposition: inline; filename="story.txt"',
        b"The story itself.\r\n",
    )

    message = normalise_message(raw)

    assert (message.body_text, message.attachments) == ("The story itself.", ())


def test_a_header_block_over_the_limit_is_not_read():
    folded = "X-Padding: start" + "\n\tpadding padding padding" * 50_000
    raw = raw_email(f"From: a@example.com\n{folded}", b"My story.\r\n")

    message = normalise_message(raw)

    assert message.problems == ("the headers are over the 1 MB limit; the message was not read",)
    assert (message.from_address, message.body_text) == ("", "")


def test_a_header_block_just_under_the_limit_is_read():
    folded = "X-Padding: start" + "\n\tpadding" * 100_000
    raw = raw_email(f"From: a@example.com\n{folded}", b"My story.\r\n")

    message = normalise_message(raw)

    assert (message.from_address, message.body_text) == ("a@example.com", "My story.")


@pytest.mark.parametrize(
    ("from_line", "address"),
    [
        ("Jane Doe <Jane.Doe@Example.com>", "jane.doe@example.com"),
        ('"Doe, Jane" <jane@example.com>', "jane@example.com"),
        ("jane@example.com (Jane Doe)", "jane@example.com"),
        ("<o'brien+miles@mail.example.co.uk>", "o'brien+miles@mail.example.co.uk"),
        ("Mal Formed mal.x@example.com", ""),
        ("Kate <kate.x@exa mple.com>", ""),
        ("Kate <kate.x@example.co m>", ""),
        ("a@example.com, b@example.com", ""),
        ('Jane <"jane doe"@example.com>', ""),
        ("jane@localhost", ""),
        ("Jane <jane@[192.0.2.1]>", ""),
        ("undisclosed-recipients:;", ""),
    ],
)
def test_the_sender_is_one_valid_address_or_none_at_all(from_line, address):
    message = normalise_message(raw_email(f"From: {from_line}\nTo: s@milepost.example", b"Hi\r\n"))

    assert message.from_address == address
    if address:
        assert message.from_problem == ""
    else:
        assert message.from_problem == (
            f"the From line “{from_line}” is not one valid email address"
        )


def test_a_multipart_without_a_boundary_is_read_as_text():
    raw = raw_email(
        "From: a@example.com\nContent-Type: multipart/alternative",
        b"The hill on Pine Street\r\nwas the mile that made me.\r\n",
    )

    message = normalise_message(raw)

    assert message.body_text == "The hill on Pine Street\nwas the mile that made me."
    assert message.attachments == ()
    assert "a multipart/alternative part has no boundary; read it as text" in message.problems


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1251">',
        "<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=windows-1251'>",
    ],
)
def test_an_html_body_without_a_charset_is_read_in_the_charset_its_meta_names(meta):
    html = f"<html><head>{meta}</head><body><p>Привет, 5 €</p></body></html>"
    raw = raw_email("From: a@example.com\nContent-Type: text/html", html.encode("cp1251"))

    assert normalise_message(raw).body_text == "Привет, 5 €"


def test_the_content_type_charset_wins_over_the_meta():
    html = '<html><head><meta charset="windows-1251"></head><body><p>Café</p></body></html>'
    raw = raw_email(
        "From: a@example.com\nContent-Type: text/html; charset=utf-8", html.encode("utf-8")
    )

    assert normalise_message(raw).body_text == "Café"


WINDOWS_1252_BYTES = [byte for byte in range(0x80, 0xA0) if byte not in b"\x81\x8d\x8f\x90\x9d"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([*b"abcXYZ", *range(0x80, 0xA0)]), min_size=1, max_size=80),
    st.sampled_from(["iso-8859-1", "latin1", "us-ascii", "", "x-unknown"]),
    st.sampled_from(["text/plain", "text/html"]),
)
def test_bytes_0x80_to_0x9f_are_read_as_windows_1252_never_as_controls(body, charset, content_type):
    declared = f"; charset={charset}" if charset else ""
    raw = raw_email(f"From: a@example.com\nContent-Type: {content_type}{declared}", bytes(body))

    text = normalise_message(raw).body_text

    assert not any("\x80" <= char <= "\x9f" for char in text)
    expected = bytes(byte for byte in body if byte < 0x80 or byte in WINDOWS_1252_BYTES)
    assert text == expected.decode("cp1252")


def test_a_euro_sign_in_mail_labelled_latin1_stays_a_euro_sign():
    raw = raw_email(
        "From: a@example.com\nContent-Type: text/plain; charset=iso-8859-1",
        "It cost €15 – “cheap”.".encode("cp1252"),
    )

    assert normalise_message(raw).body_text == "It cost €15 – “cheap”."


@pytest.mark.parametrize("encoding", ["x-unknown", "8-bit", "7 bit", "quoted printable"])
def test_an_unknown_transfer_encoding_keeps_the_lines_and_words(encoding):
    raw = raw_email(
        f"From: a@example.com\nContent-Type: text/plain; charset=utf-8\n"
        f"Content-Transfer-Encoding: {encoding}",
        "Noël and I ran\r\nthe last mile\r\ntogether.\r\n".encode(),
    )

    message = normalise_message(raw)

    assert message.body_text == "Noël and I ran\nthe last mile\ntogether."
    assert f"body text: unknown Content-Transfer-Encoding {encoding!r}; read as written" in (
        message.problems
    )


@pytest.mark.parametrize("text", ["The hill\r\non Pine\r\n", "The hill\r\non Pine St\r\n"])
def test_plain_text_labelled_base64_keeps_its_lines_and_words(text):
    raw = raw_email(
        "From: a@example.com\nContent-Type: text/plain\nContent-Transfer-Encoding: base64",
        text.encode(),
    )

    assert normalise_message(raw).body_text == text.replace("\r\n", "\n").strip()


def test_base64_with_a_comment_after_it_is_still_base64():
    raw = raw_email(
        "From: a@example.com\nContent-Type: text/plain\n"
        "Content-Transfer-Encoding: base64 (from an old gateway)",
        base64.encodebytes(b"The hill on Pine St."),
    )

    assert normalise_message(raw).body_text == "The hill on Pine St."
