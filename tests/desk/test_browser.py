"""The desk end to end in a real browser (desktop): from an email to a published story, and a
withdrawal that takes it off the site. The server runs in this process, so mail.outbox shows
every email sent."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core import mail
from wagtail.models import Site

from milepost.intake.services import inbound_message_receive
from milepost.stories.models import StoryPage
from tests.browser import DESKTOP, admin_sign_in
from tests.intake.mail import story_email

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STORY = (
    "Dad ran this loop every Sunday. The first time I ran it alone I stopped at the ditch.\n\n"
    "At the top of the hill I heard him: “Keep your elbows in!” So I did, all the way home.\n\n"
    "Jane Doe, 32, St. Louis, MO"
)


@pytest.fixture
def desk(browser, live_server, story_index):
    address = live_server.url.removeprefix("http://")
    host, port = address.split(":")
    Site.objects.update(hostname=host, port=int(port))
    editor = User.objects.create_user("edna", email="edna@milepost.example", password="pw-e2e-1")
    # A transactional test before this one may have flushed what the migrations made.
    import_module("milepost.desk.migrations.0002_groups_and_editor_review").forwards(apps, None)
    editor.groups.add(Group.objects.get(name="Editors"))
    inbound_message_receive(
        story_email(subject="Most Important Mile: Dad's loop", body=STORY), channel="imap"
    )
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _login(page, live_server):
    admin_sign_in(page, live_server.url, "edna", "pw-e2e-1")


def test_an_editor_takes_an_emailed_story_to_publication(desk, live_server, story_index):
    from playwright.sync_api import expect  # loaded with the browser, as tests/browser.py does

    page = desk
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    _login(page, live_server)
    page.goto(f"{live_server.url}/admin/submissions/?channel=imap")
    page.get_by_role("textbox", name="Search term").fill("loop")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Dad's loop").click()
    page.wait_for_url("**/admin/submissions/inspect/*/")
    expect(page.get_by_role("heading", name="Dad's loop", level=2)).to_be_visible()

    page.get_by_role("link", name="Accept", exact=True).click()
    body = page.get_by_label("Body")
    assert "Dear Jane," in body.input_value()
    body.fill(body.input_value().replace("Dear Jane,", "Dear Jane, thank you!"))
    page.get_by_role("button", name="Accept and send the email").click()
    expect(page.get_by_text("accepted; the email to the submitter is queued")).to_be_visible()
    page.get_by_role("button", name="Create story draft").click()
    page.wait_for_url("**/admin/pages/*/edit/")

    # The page editor opens on the draft; the photo needs its alt text before publishing.
    assert page.locator("#id_title").input_value() == "Keep your elbows in!"
    # The editor picks the second pull quote offered beside the field, with one click.
    choices = page.locator('[data-story-choices="id_pull_quote"] li')
    expect(choices).to_have_count(3)
    chosen = choices.nth(1).locator("span").inner_text()
    choices.nth(1).get_by_role("button", name="Use this").click()
    assert page.locator("#id_pull_quote").input_value() == chosen
    page.locator("[id$='alt_text']").first.fill("A runner on a hill road")
    page.locator("[data-side-panel-toggle], .footer__container").first.wait_for()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/admin/pages/*/")  # back at the listing: published

    story = StoryPage.objects.get()
    assert story.live and story.submission.status == "published"
    assert story.pull_quote == chosen
    assert not [message for message in console if "Content Security Policy" in message]
    page.goto(live_server.url + story_index.url)
    assert page.get_by_role("link", name="Keep your elbows in!").is_visible()
    feed = page.request.get(f"{live_server.url}{story_index.url}feed/").text()
    assert "Keep your elbows in!" in feed

    to_jane = [m for m in mail.outbox if m.to == ["jane@example.com"]]
    subjects = [m.subject for m in to_jane]
    assert any("will appear in Milepost" in s for s in subjects)
    assert "Dear Jane, thank you!" in next(m.body for m in to_jane if "will appear" in m.subject)
    assert not [s for s in subjects if s.endswith("is live")]

    # Nothing told Jane yet: the editor reads the notice, edits it and sends it.
    page.goto(f"{live_server.url}/admin/submissions/inspect/{story.submission.pk}/")
    page.get_by_role("link", name="Tell the submitter it is live").click()
    body = page.get_by_label("Body")
    assert f"{live_server.url}{story.url}" in body.input_value()
    body.fill(body.input_value() + "\nRun well!")
    page.get_by_role("button", name="Send the email").click()
    expect(page.get_by_text("The submitter will be told their story is live.")).to_be_visible()
    published = next(m for m in mail.outbox if m.subject.endswith("is live"))
    assert f"{live_server.url}{story.url}" in published.body and "Run well!" in published.body

    # The submitter takes the story down through the status link; it leaves the site.
    page.context.clear_cookies()
    page.goto(live_server.url + story.submission.get_status_url())
    assert page.get_by_role("link", name="read it as published").get_attribute("href") == story.url
    page.get_by_role("button", name="Take my story down").click()
    assert page.get_by_text("Your story is taken down from the site").is_visible()
    response = page.goto(live_server.url + story.url)
    assert response.status == 404
    page.goto(live_server.url + story_index.url)
    assert page.get_by_role("link", name="Keep your elbows in!").count() == 0
