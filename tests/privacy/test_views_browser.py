"""A submitter asks, on a phone, for their data to be erased from their private status link."""

import pytest

from milepost.intake.services import inbound_message_receive
from milepost.privacy.models import ErasureRequest
from tests.browser import PHONE
from tests.intake.mail import story_email

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def phone(browser):  # noqa: F811
    page = browser.new_context(**PHONE).new_page()
    yield page
    page.context.close()


def test_the_submitter_asks_for_erasure_on_a_phone(phone, live_server, callout):
    submission = inbound_message_receive(story_email(), channel="import").submission

    phone.goto(live_server.url + submission.get_status_url())
    phone.get_by_role("link", name="Erase my data").click()
    phone.get_by_text("This cannot be undone").wait_for()
    assert not ErasureRequest.objects.exists()  # looking at the confirmation files nothing
    fits = "document.documentElement.scrollWidth <= window.innerWidth"
    assert phone.evaluate(fits)

    phone.get_by_role("button", name="Yes, erase my data").click()

    phone.get_by_text("We have your request").wait_for()
    assert phone.url.endswith(submission.get_status_url())
    erasure_request = ErasureRequest.objects.get()
    assert erasure_request.submission == submission and erasure_request.status == "open"
    due = erasure_request.due_by
    assert phone.get_by_text(f"We will do it by {due:%B} {due.day}, {due.year}").count() == 1
    assert phone.get_by_role("link", name="Erase my data").count() == 0
