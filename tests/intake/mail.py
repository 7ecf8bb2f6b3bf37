"""Real MIME messages for intake tests, built with the standard library."""

import io
from email.message import EmailMessage
from email.utils import make_msgid

from PIL import Image

STORY = (
    "I had not run since the accident. The first mile back was slow and it hurt, "
    "and I cried at the corner of Pine and Fifth when I realised I was going to finish it.\n\n"
    "Jane Doe, 32, St. Louis, MO"
)


def jpeg(width=2400, height=1600, colour=(190, 110, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def story_email(
    *,
    subject="Most Important Mile: Back on Pine Street",
    sender="Jane Doe <jane@example.com>",
    to="mile@milepost.example",
    body=STORY,
    photos=None,
    message_id=None,
    headers=None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain="example.com")
    message["Date"] = "Wed, 25 Nov 2026 09:15:00 -0600"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if photos is None:
        photos = [(jpeg(), "pine-street.jpg")]
    for data, filename in photos:
        message.add_attachment(data, maintype="image", subtype="jpeg", filename=filename)
    return bytes(message)
