"""A reader chooses “first name and place” on the web form, in a real browser; once the story is
published, no page, feed, tag, search or book names them by their surname."""

import zipfile

import pytest
from pypdf import PdfReader

from milepost.anthology.models import Anthology, AnthologySection
from milepost.anthology.services import anthology_export_create, entry_shortlist
from milepost.desk.services import story_draft_create
from milepost.submissions.models import Submission, SubmissionStatus
from milepost.submissions.services import submission_transition
from tests.browser import DESKTOP

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STORY = "Mile four, the rain stopped, and I knew I would finish the marathon."


@pytest.fixture
def desktop(browser, story_index, live_server):
    from wagtail.models import Site

    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.update(hostname=host, port=int(port))
    page = browser.new_context(**DESKTOP).new_page()
    page.set_default_timeout(15000)
    yield page
    page.context.close()


def _send_by_first_name_and_place(page, url):
    page.goto(f"{url}submit/")
    page.get_by_label("Your name").fill("Jane Doe")
    page.get_by_label("Your email address").fill("jane@example.com")
    page.get_by_label("Your age (optional)").fill("32")
    page.get_by_label("Town or city (optional)").fill("St. Louis")
    page.get_by_label("State, county or country (optional)").fill("MO")
    page.get_by_label("My first name and place", exact=False).check()
    page.get_by_label("A title for your story (optional)").fill("The rain stopped")
    page.get_by_label("Your story", exact=True).fill(STORY)
    page.get_by_label("You may publish my story on the Milepost website").check()
    page.get_by_role("button", name="Send my story").click()
    page.wait_for_url("**/?sent=1")


def _published():
    submission = submission_transition(Submission.objects.get(), SubmissionStatus.ACCEPTED)
    story = story_draft_create(submission, actor=None)
    story.save_revision().publish()
    story.refresh_from_db()
    assert story.live
    return story


def _book(story) -> Anthology:
    book = Anthology.objects.create(title="Miles That Mattered", slug="miles", editors="Edna")
    entry = entry_shortlist(book, story=story)
    entry.section = AnthologySection.objects.create(anthology=book, title="Firsts", sort_order=1)
    entry.save()
    return book


def _book_text(book, fmt) -> str:
    """The book as the anthology's writers export it (a draft: no permission needed yet)."""
    export = anthology_export_create(book, fmt=fmt, draft=True, run_now=True)
    assert export.status == "done", export.error
    with export.file.open("rb") as stored:
        if fmt == "pdf":
            return " ".join(page.extract_text() for page in PdfReader(stored).pages)
        with zipfile.ZipFile(stored) as epub:
            return " ".join(epub.read(name).decode(errors="replace") for name in epub.namelist())


def test_first_name_and_place_leaves_the_surname_out_everywhere(desktop, live_server, story_index):
    site = live_server.url
    _send_by_first_name_and_place(desktop, site + story_index.url)
    assert Submission.objects.get().naming == "first_name_and_place"
    story = _published()

    desktop.goto(site + story.url)
    assert desktop.locator(".story__byline").inner_text() == "Jane, of St. Louis, MO"
    assert "Doe" not in desktop.content()
    tags = desktop.locator('meta[property^="og:"], meta[name^="twitter:"]')
    assert tags.count() > 0
    assert not any(
        "Doe" in (tags.nth(i).get_attribute("content") or "") for i in range(tags.count())
    )

    feed = desktop.request.get(f"{site}{story_index.url}feed/").text()
    assert "Jane, of St. Louis, MO" in feed and "Doe" not in feed

    desktop.goto(f"{site}/search/?q=Jane")
    assert desktop.get_by_role("link", name="The rain stopped").count() >= 1
    assert "Doe" not in desktop.content()
    desktop.goto(f"{site}/search/?q=Doe")
    assert desktop.get_by_role("link", name="The rain stopped").count() == 0

    book = _book(story)
    for fmt in ("epub", "pdf"):
        text = " ".join(_book_text(book, fmt).split())
        assert "Jane, of St. Louis, MO" in text and "Doe" not in text
