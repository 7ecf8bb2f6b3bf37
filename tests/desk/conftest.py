"""One submission that came by email."""

import pytest

from milepost.intake.services import inbound_message_receive
from tests.intake.mail import story_email


@pytest.fixture
def submission(callout):
    raw = story_email(body="My <script>alert('x')</script> mile.\n\nSecond paragraph.")
    return inbound_message_receive(raw, channel="import").submission
