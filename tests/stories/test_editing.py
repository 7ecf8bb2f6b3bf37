"""The story's edit form: headline and pull-quote choices, and a URL that follows the headline."""

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from milepost.desk.services import story_draft_create
from milepost.stories.models import StoryPage
from milepost.submissions.models import SubmissionStatus
from milepost.submissions.services import SubmissionDraft, submission_create, submission_transition

pytestmark = pytest.mark.django_db

STORY = (
    "Hi!\n\nI have run marathons. I have run ultras on bad knees and worse coffee.\n\n"
    "But the real mile was the one behind my daughter at her first 5K. At the second turn "
    "she looked back and said, “Don't pick me up, Mom. Just run slow next to me.” So I did."
    "\n\nKate Harden, 32, St. Louis, MO\n\nSent from my iPhone"
)
HEADLINE = "Don't pick me up, Mom. Just run slow next to me"


@pytest.fixture
def draft(story_index, admin_user):
    submission = submission_create(
        SubmissionDraft(
            callout=story_index.callout, channel="web", title="the real mile", story_text=STORY
        )
    )
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=None)
    return story_draft_create(submission, actor=admin_user)


def _post(client, story, *, publish=True, **changes):
    fields = {
        "title": story.title,
        "slug": story.slug,
        "pull_quote": story.pull_quote,
        "runner_name": "Kate Harden",
        "lede": story.lede,
        "body": rich_text(story.body),
        "tags": "",
        "photos": inline_formset([]),
        **changes,
    }
    if publish:
        fields["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{story.pk}/edit/", nested_form_data(fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    return StoryPage.objects.get(pk=story.pk)


def test_the_edit_form_offers_three_headlines_and_three_pull_quotes(admin_client, draft):
    response = admin_client.get(f"/admin/pages/{draft.pk}/edit/")
    page = BeautifulSoup(response.content, "html.parser")
    headlines = page.select_one('[data-story-choices="id_title"]')
    pull_quotes = page.select_one('[data-story-choices="id_pull_quote"]')
    offered = [span.get_text() for span in headlines.select("li > span")]
    assert offered[0] == HEADLINE and len(offered) == 3
    quotes = [button["data-story-choice"] for button in pull_quotes.select("button")]
    assert len(quotes) == 3 and draft.pull_quote in quotes and HEADLINE not in quotes
    # The buttons need the script, a file the admin's CSP allows; the lines show without it.
    assert all(button.has_attr("hidden") for button in page.select("[data-story-choice]"))
    assert page.find("script", src=lambda src: src and "js/story-choices" in src)


def test_the_url_follows_the_headline_until_the_story_is_published(admin_client, draft):
    assert draft.slug == f"dont-pick-me-up-mom-just-run-slow-next-to-me-{draft.submission_id}"
    story = _post(admin_client, draft, publish=False, title="I have run marathons")
    assert story.get_latest_revision_as_object().slug.startswith("i-have-run-marathons-")
    story = _post(admin_client, story.get_latest_revision_as_object(), title="Just run slow")
    url = story.url
    assert story.live and url.endswith(f"/just-run-slow-{draft.submission_id}/")
    assert admin_client.get(url).status_code == 200
    # Once it is out, links to it may be too: a new headline keeps the URL.
    story = _post(admin_client, story, title="A headline for the second edition")
    assert story.title == "A headline for the second edition" and story.url == url


def test_a_url_the_editor_set_is_kept(admin_client, draft):
    story = _post(admin_client, draft, publish=False, title="Just run slow")
    story = story.get_latest_revision_as_object()
    assert story.slug == f"just-run-slow-{draft.submission_id}"
    story = _post(admin_client, story, title="I have run marathons", slug="the-real-mile")
    assert story.url.endswith("/the-real-mile/")
