"""A new editor's whole day in a real browser, step by step as issue 18 tells it: a reader's
untitled email, the queue, a vote and a note, the acceptance, the draft and its headline, the
publication and the notice, a decline, the shortlist for a book, and the submitter's status page
on a phone, where they take the story down. Each step asserts what once went wrong there."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from wagtail.models import Site

from milepost.anthology.models import Anthology
from milepost.core.models import OutgoingEmail
from milepost.intake.services import inbound_message_receive
from milepost.stories.models import StoryPage
from tests.browser import PHONE, admin_sign_in
from tests.intake.mail import story_email

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUOTE = "Don’t pick me up, Mom. Just run slow next to me."
STORY = (
    "Hi!\n\n"
    "My daughter and I signed up for the real mile at the school fair. Halfway round she "
    "was crying and I stopped to carry her.\n\n"
    f"She shook her head and said: “{QUOTE}” So I did, all the way to the line.\n\n"
    "We have run it every year since, slow and side by side.\n\n"
    "Kate Harden, 32, St. Louis, MO"
)
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def day(browser, live_server, story_index):
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.update(hostname=host, port=int(port))
    # A transactional test before this one may have flushed what the migrations made.
    import_module("milepost.desk.migrations.0002_groups_and_editor_review").forwards(apps, None)
    import_module("milepost.anthology.migrations.0002_editors_may_export_anthologies").grant(
        apps, None
    )
    editor = User.objects.create_user("edna", email="edna@milepost.example", password="pw-day-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    Anthology.objects.create(title="Miles That Mattered", slug="miles", editors="Edna")
    console: list[str] = []
    pages = {}
    for name, options in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser.new_context(**options).new_page()
        page.set_default_timeout(15000)
        page.on("console", lambda message: console.append(message.text))
        pages[name] = page
    yield pages, console
    for page in pages.values():
        page.context.close()


def _email_arrives(subject, body, sender):
    raw = story_email(subject=subject, body=body, sender=sender)
    return inbound_message_receive(raw, channel="imap").submission


def _login(page, url):
    admin_sign_in(page, url, "edna", "pw-day-1")


def _opens_votes_notes_and_accepts(page, url, submission):
    from playwright.sync_api import expect  # loaded with the browser, as tests/browser.py does

    page.goto(f"{url}/admin/submissions/")
    page.locator(f"a[href$='/admin/submissions/inspect/{submission.pk}/']").first.click()
    page.wait_for_url(f"**/admin/submissions/inspect/{submission.pk}/")
    expect(page.locator("dd", has_text="St. Louis, MO")).to_have_count(1)
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Vote", exact=True).click()
    expect(page.get_by_text("Your vote is counted: Yes.")).to_be_visible()
    page.get_by_label("Add a note").fill("The quote is the headline.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Your note is added; the other staff see it here.")).to_be_visible()

    page.get_by_role("link", name="Accept", exact=True).click()
    subject = page.get_by_label("Subject").input_value()
    body = page.get_by_label("Body").input_value()
    assert "your story your story" not in subject.lower()
    # The title is quoted once, in curly quotes, and the quote's own full stop is left out.
    for text in (subject, body):
        assert text.count("“") == text.count("”") == 1 and f"“{QUOTE[:-1]}”" in text
    page.get_by_role("button", name="Accept and send the email").click()
    expect(page.get_by_text(f"{submission.reference} accepted; ")).to_be_visible()


def _drafts_and_publishes(page):
    page.get_by_role("button", name="Create story draft").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    title = page.locator("#id_title")
    headline = title.input_value()
    assert headline == QUOTE[:-1]  # the quoted line, capitalised, not "the real mile"
    choices = page.locator('[data-story-choices="id_title"] li')
    assert choices.count() == 3
    other = next(
        choices.nth(i) for i in range(3) if choices.nth(i).locator("span").inner_text() != headline
    )
    chosen = other.locator("span").inner_text()
    other.get_by_role("button", name="Use this").click()
    assert title.input_value() == chosen
    title.fill(headline)  # the quote stays the headline
    body = page.locator("[data-contentpath='body']").inner_text()
    assert "Hi!" not in body and "Kate Harden, 32" not in body
    for alt in page.locator("[id$='alt_text']").all():
        alt.fill("A mother and daughter running side by side")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/admin/pages/*/")
    story = StoryPage.objects.get()
    assert story.live and story.title == headline
    assert story.lede.startswith("My daughter") and "Hi!" not in story.lede
    assert "dont-pick-me-up-mom" in story.url
    return story


def _tells_the_submitter(page, url, story):
    from playwright.sync_api import expect

    page.goto(f"{url}/admin/submissions/inspect/{story.submission.pk}/")
    expect(page.get_by_text("Status: Published")).to_be_visible()
    assert page.get_by_role("link", name="View the live story").get_attribute("href") == story.url
    assert page.get_by_role("link", name="Accept", exact=True).count() == 0
    page.get_by_role("link", name="Tell the submitter it is live").click()
    body = page.get_by_label("Body")
    assert f"{url}{story.url}" in body.input_value()
    edited = body.input_value() + "\nRun slow, Kate!"
    body.fill(edited)
    subject = page.get_by_label("Subject").input_value()
    page.get_by_role("button", name="Send the email").click()
    expect(page.get_by_text("The submitter will be told their story is live.")).to_be_visible()
    notice = OutgoingEmail.objects.get(subject=subject)
    assert notice.body.replace("\r\n", "\n") == edited.replace("\r\n", "\n")


def _declines(page, url, submission):
    from playwright.sync_api import expect

    page.goto(f"{url}/admin/submissions/inspect/{submission.pk}/")
    page.get_by_role("link", name="Decline", exact=True).click()
    page.get_by_role("button", name="Decline and send the email").click()
    expect(page.get_by_text(f"{submission.reference} declined; ")).to_be_visible()


def _shortlists_for_the_book(page, url, story):
    from playwright.sync_api import expect

    page.goto(f"{url}/admin/submissions/inspect/{story.submission.pk}/")
    page.get_by_role("link", name="Shortlist for a book").click()
    page.get_by_label("Anthology").select_option(label="Miles That Mattered")
    page.get_by_role("button", name="Shortlist").click()
    expect(page.get_by_text("is shortlisted for “Miles That Mattered”")).to_be_visible()
    page.get_by_role("link", name="Anthologies").first.click()
    page.get_by_role("link", name="Miles That Mattered").first.click()
    book = Anthology.objects.get()
    page.wait_for_url(f"**/admin/anthology/{book.pk}/")
    expect(page.get_by_text(story.title).first).to_be_visible()


def _public_pages_fit(page, url, story):
    response = page.goto(url + story.url)
    assert response.status == 200
    assert page.get_by_role("heading", name=story.title).first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.goto(url + story.submission.get_status_url())
    assert page.get_by_role("link", name="read it as published").get_attribute("href") == story.url
    assert page.get_by_role("button", name="Take my story down").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _asks_for_erasure(page, url, story):
    page.goto(url + story.submission.get_status_url())
    page.get_by_role("link", name="Erase my data").click()
    page.get_by_text("This cannot be undone").wait_for()
    page.get_by_role("button", name="Yes, erase my data").click()
    page.get_by_text("We have your request").wait_for()
    assert page.get_by_text("until then your story is not on the site").is_visible()
    assert page.get_by_text("We will do it by").count() == 1
    assert page.goto(url + story.url).status == 404


def test_an_editors_day(day, live_server):
    pages, console = day
    desk, url = pages["desktop"], live_server.url
    kate = _email_arrives("Most Important Mile", STORY, "Kate Harden <kate@example.com>")
    other = _email_arrives(
        "Most Important Mile: Lost", "I got lost.\n\nSam Poe, 40, Ames, IA", "sam@example.com"
    )
    _login(desk, url)
    _opens_votes_notes_and_accepts(desk, url, kate)
    story = _drafts_and_publishes(desk)
    _tells_the_submitter(desk, url, story)
    _declines(desk, url, other)
    _shortlists_for_the_book(desk, url, story)
    for page in pages.values():
        _public_pages_fit(page, url, story)
    _asks_for_erasure(pages["phone"], url, story)
    assert not [message for message in console if "Content Security Policy" in message]
