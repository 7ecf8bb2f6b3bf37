"""A reader sends a story through the web form, on a phone, in a real browser."""

import pytest
from django.core import mail

from milepost.submissions.models import Submission
from milepost.submissions.words import story_word_count
from tests.browser import PHONE
from tests.factories import jpeg_bytes
from tests.submissions.stories import KATE_STORY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STORY = "Mile four, the rain stopped, and I knew I would finish."
WEB_CONSENT = "You may publish my story on the Milepost website"
PHOTO_CONSENT = "I took this photo or have permission, and everyone pictured agreed."


@pytest.fixture
def callout_page(story_index, live_server):
    from wagtail.models import Site

    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.update(hostname=host, port=int(port))
    return story_index


def phone_page(chromium, **options):
    return chromium.new_context(**PHONE, **options).new_page()


@pytest.fixture
def phone(browser):  # noqa: F811
    page = phone_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def phone_without_javascript(browser):  # noqa: F811
    page = phone_page(browser, java_script_enabled=False)
    yield page
    page.context.close()


def about_me_fill(page):
    page.get_by_label("Your name").fill("Jane Doe")
    page.get_by_label("Your email address").fill("jane@example.com")
    page.get_by_label("Your age (optional)").fill("32")
    page.get_by_label("Town or city (optional)").fill("St. Louis")
    page.get_by_label("State, county or country (optional)").fill("MO")


def test_reader_sends_a_story_with_a_photo_from_a_phone(phone, live_server, callout_page, tmp_path):
    photo_path = tmp_path / "hill.jpg"
    photo_path.write_bytes(jpeg_bytes())

    phone.goto(live_server.url + callout_page.url)
    phone.get_by_role("link", name="Or send it with our web form").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Send us your story"
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    about_me_fill(phone)
    phone.get_by_label("A title for your story (optional)").fill("The rain stopped")
    phone.get_by_label("Your story", exact=True).fill(STORY)
    phone.get_by_label("Photo 1", exact=True).set_input_files(photo_path)
    phone.get_by_label("Caption for photo 1 (optional)").fill("Soaked, and happy.")
    phone.get_by_label(WEB_CONSENT).check()
    phone.get_by_label(PHOTO_CONSENT).check()
    phone.get_by_role("button", name="Send my story").click()

    phone.wait_for_url("**/your-story/**?sent=1")
    submission = Submission.objects.get()
    assert phone.get_by_role("heading", name="Thank you — we have your story.").is_visible()
    assert phone.get_by_text(submission.reference).first.is_visible()
    assert submission.story_text == STORY
    assert submission.photos.get().caption == "Soaked, and happy."
    assert [message.to for message in mail.outbox] == [["jane@example.com"]]


def test_the_word_counter_updates_while_typing(phone, live_server, callout_page):
    callout = callout_page.callout
    callout.soft_word_limit, callout.hard_word_limit = 5, 8
    callout.save()
    phone.goto(f"{live_server.url}{callout_page.url}submit/")
    counter = phone.locator("#story-word-count")
    story = phone.get_by_label("Your story", exact=True)
    assert counter.get_attribute("aria-live") == "polite"
    assert counter.inner_text() == "0 words"

    story.press_sequentially("I")
    assert counter.inner_text() == "1 word"
    story.press_sequentially(" didn’t stop")
    assert counter.inner_text() == "3 words"
    story.press_sequentially(" at the top of")
    assert counter.inner_text() == (
        "That is 7 words; we ask for under 5, but we will still read it."
    )
    story.press_sequentially(" the hill, not once.")
    assert counter.inner_text() == (
        "That is 11 words; the most we can take is 8. Please shorten it before you send it."
    )


# Texts where a careless counter would differ from the server's (tests/submissions/test_words.py).
AGREEMENT_TEXTS = [
    KATE_STORY,
    "a double-digit week — and don’t stop & go",
    "Dear editors,\nI ran.\n\nJane Doe (32)\nLeeds, UK\n\nSent from my Galaxy",
    "Hello darkness, my old friend and running partner, I ran",
    "I ran.\n\n— Ken Ito, Chicago, IL\n",
    "I ran.\n\nThanks, Boston, MA",
    "Mile 1.\r\nMile 2 — 5K, 10K, 26.2\r\n\r\nJosé Álvarez, 70, Rio de Janeiro, Brazil",
    "I ran.\n\nJane Doe, 32, Washington, D.C.",
    "Sent from my iPhone, the last line of my story",
]


def test_the_counter_agrees_with_the_server(phone, live_server, callout_page):
    callout = callout_page.callout
    callout.soft_word_limit, callout.hard_word_limit = 10_000, None
    callout.save()
    phone.goto(f"{live_server.url}{callout_page.url}submit/")
    counter = phone.locator("#story-word-count")
    story = phone.get_by_label("Your story", exact=True)

    for text in AGREEMENT_TEXTS:
        story.fill(text)
        count = story_word_count(text.replace("\r\n", "\n"))
        assert counter.inner_text() == (f"{count} words" if count != 1 else "1 word"), text


def test_the_form_works_without_javascript(phone_without_javascript, live_server, callout_page):
    page = phone_without_javascript
    callout_page.callout.soft_word_limit = 5
    callout_page.callout.save()
    page.goto(f"{live_server.url}{callout_page.url}submit/")
    about_me_fill(page)
    page.get_by_label("Your email address").fill("jane.example.com")
    page.get_by_label("Your story", exact=True).fill(STORY)
    page.get_by_label(WEB_CONSENT).check()
    page.get_by_role("button", name="Send my story").click()

    summary = page.get_by_role("alert")
    assert summary.get_by_role("heading", name="Please check this").is_visible()
    summary.get_by_role("link", name="Please check your email address").click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    # The count came from the server: no script ran.
    assert page.locator("#story-word-count").inner_text() == (
        "That is 11 words; we ask for under 5, but we will still read it."
    )
    assert page.get_by_label("Your story", exact=True).input_value() == STORY
    page.get_by_label("Your email address").fill("jane@example.com")
    page.get_by_role("button", name="Send my story").click()

    page.wait_for_url("**/your-story/**?sent=1")
    assert page.get_by_role("heading", name="Thank you — we have your story.").is_visible()
    assert Submission.objects.get().submitter_email == "jane@example.com"
