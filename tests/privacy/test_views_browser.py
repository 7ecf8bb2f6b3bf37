"""A submitter, on a phone, asks for their data to be erased from their private status link, and
reaches all their stories through the link we email."""

from urllib.parse import urlsplit

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


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_submitter_reaches_all_their_stories_on_a_phone_and_withdraws_one(
    browser, live_server, callout, mailoutbox, javascript
):
    first = inbound_message_receive(story_email(), channel="import").submission
    second = inbound_message_receive(
        story_email(subject="Most Important Mile: Hill repeats", body="Up and down.\n\nJane"),
        channel="import",
    ).submission
    asking = browser.new_context(**PHONE, java_script_enabled=javascript).new_page()
    console: list[str] = []
    asking.on("console", lambda message: console.append(message.text))

    asking.goto(live_server.url + first.get_status_url())
    asking.get_by_role("link", name="All your stories").click()
    asking.get_by_label("Your email address").fill("JANE@example.com")
    asking.get_by_role("button", name="Email me the link").click()
    asking.get_by_role("heading", name="Check your email").wait_for()
    asking.context.close()

    # The email is opened on another device: the link is enough.
    (message,) = [m for m in mailoutbox if m.subject.startswith("Your stories")]
    link = next(word for word in message.body.split() if "/your-story/all/" in word)
    phone = browser.new_context(**PHONE, java_script_enabled=javascript).new_page()
    phone.on("console", lambda message: console.append(message.text))
    phone.goto(live_server.url + urlsplit(link).path)
    titles = phone.locator("article.story-list__entry h2").all_inner_texts()
    assert titles == [second.shown_title, first.shown_title]
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    entry = phone.locator("article.story-list__entry").nth(1)
    entry.get_by_role("button", name="Withdraw my story").click()
    phone.get_by_text("Your story has been withdrawn.").wait_for()
    assert "/your-story/all/" in phone.url
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("withdrawn", "received")
    assert not [text for text in console if "Content Security Policy" in text]
    phone.context.close()
