"""How a contributor is named, at the desk: the draft, the publish check and the agreement that
lifts it, and the change asked for after publication, applied with one click."""

import json
import re
from html import unescape

import pytest
from bs4 import BeautifulSoup

from milepost.desk.services import story_draft_create
from milepost.stories.models import StoryPage
from milepost.submissions.models import EventAction, Submission, SubmissionStatus
from milepost.submissions.services import submission_naming_choose, submission_transition
from tests.desk.forms import story_publish_fields

pytestmark = pytest.mark.django_db


def _draft(submission, editor, naming):
    Submission.objects.filter(pk=submission.pk).update(naming=naming)
    submission.refresh_from_db()
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=editor)
    story = story_draft_create(submission, actor=editor)
    story.photos.update(alt_text="A runner")
    return submission, story


def _publish(editor_client, story, **changes) -> str:
    byline = {"city": story.city, "region": story.region, "runner_age": story.runner_age or ""}
    response = editor_client.post(
        f"/admin/pages/{story.pk}/edit/",
        story_publish_fields(story, **{**byline, **changes}),
        follow=True,
    )
    story.refresh_from_db()
    return unescape(response.content.decode())


def test_the_draft_names_the_contributor_no_more_than_they_chose(editor_client, editor, submission):
    submission, story = _draft(submission, editor, "first_name_and_place")
    assert story.runner_name == "Jane"

    response = editor_client.get(f"/admin/pages/{story.pk}/edit/")
    panel = BeautifulSoup(response.content, "html.parser").select_one(".story-naming")
    assert " ".join(panel.get_text().split()) == (
        "First name and place: the byline may name them no more than “Jane, of St. Louis, MO”."
    )


def test_a_byline_naming_more_than_allowed_is_not_published_and_says_why(
    editor_client, editor, submission
):
    submission, story = _draft(submission, editor, "first_name_and_place")

    page = _publish(editor_client, story, runner_name="Jane Doe")

    assert (
        "The contributor asked to be named by first name and place, and the runner’s name "
        "“Jane Doe” gives “Doe”. Write “Jane”, or record their written agreement to this byline."
    ) in page
    assert not story.live
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED


def test_the_contributors_written_agreement_lifts_the_check_and_is_recorded(
    editor_client, editor, submission, client
):
    submission, story = _draft(submission, editor, "initials")

    _publish(
        editor_client,
        story,
        runner_name="Jane Doe",
        byline_agreed="on",
        byline_agreement_note="Her email of 3 March to the desk",
    )

    assert story.live
    assert (story.byline_agreed_by, story.byline_agreement_note) == (
        editor,
        "Her email of 3 March to the desk",
    )
    assert story.byline_agreed_at is not None
    assert "Jane Doe" in client.get(story.url).content.decode()
    edit_page = unescape(editor_client.get(f"/admin/pages/{story.pk}/edit/").content.decode())
    assert "Their written agreement to this byline was recorded by edna on" in edit_page


def test_a_byline_published_another_way_is_taken_down_again(editor, submission):
    """A scheduled or approved revision does not pass through the form: the check holds."""
    submission, story = _draft(submission, editor, "anonymous")
    story.runner_name = "Jane Doe"
    story.save_revision(user=editor).publish(user=editor)

    story.refresh_from_db()
    assert not story.live
    event = submission.events.get(action=EventAction.UNPUBLISHED)
    assert "The contributor asked not to be named" in event.detail


def _live_story(editor_client, editor, submission, naming="full_name"):
    submission, story = _draft(submission, editor, naming)
    _publish(editor_client, story)
    assert story.live
    submission.refresh_from_db()
    return submission, story


def test_a_change_asked_after_publication_is_applied_with_one_click_and_republished(
    editor_client, editor, submission, client, settings
):
    submission, story = _live_story(editor_client, editor, submission)
    assert "Jane Doe" in client.get(story.url).content.decode()
    revisions = story.revisions.count()
    submission_naming_choose(submission, "anonymous")

    desk_page = editor_client.get(f"/admin/submissions/inspect/{submission.pk}/")
    naming = BeautifulSoup(desk_page.content, "html.parser").select_one(".desk-naming")
    assert " ".join(naming.get_text().split()) == (
        "Full name · the story prints “Jane Doe, 32, of St. Louis, MO” Since publication the "
        "submitter asked to be named by: Anonymous. Apply the change and publish the story again"
    )
    response = editor_client.post(f"/admin/submissions/naming/{submission.pk}/", follow=True)

    assert "The story’s byline is changed and published again." in unescape(
        response.content.decode()
    )
    story.refresh_from_db()
    assert story.live and story.revisions.count() == revisions + 1
    assert story.runner_name == "Anonymous" and story.naming == "anonymous"
    html = unescape(client.get(story.url).content.decode())
    assert "A reader from St. Louis, MO" in html and "Doe" not in html
    submission.refresh_from_db()
    assert (submission.naming, submission.naming_requested) == ("anonymous", "")
    event = submission.events.get(action=EventAction.NAMING_CHANGE_APPLIED)
    assert (event.actor, event.detail) == (editor, "Full name → Anonymous")


def test_with_no_change_asked_the_click_changes_nothing_and_says_so(
    editor_client, editor, submission
):
    submission, story = _live_story(editor_client, editor, submission)
    response = editor_client.post(f"/admin/submissions/naming/{submission.pk}/", follow=True)
    assert f"{submission.reference} has no change of naming to apply." in unescape(
        response.content.decode()
    )
    assert story.revisions.count() == StoryPage.objects.get(pk=story.pk).revisions.count()


def test_a_reviewer_cannot_apply_a_change_of_naming(reviewer_client, editor, submission):
    submission, story = _draft(submission, editor, "full_name")
    Submission.objects.filter(pk=submission.pk).update(naming_requested="anonymous")
    response = reviewer_client.post(f"/admin/submissions/naming/{submission.pk}/")
    assert response.status_code in (302, 403)
    submission.refresh_from_db()
    assert submission.naming_requested == "anonymous"


# Every place a byline is printed


def test_every_public_output_prints_the_byline_allowed(editor_client, editor, submission, client):
    submission, story = _live_story(editor_client, editor, submission, "first_name_and_place")
    index = story.get_parent().specific

    story_html = unescape(client.get(story.url).content.decode())
    soup = BeautifulSoup(story_html, "html.parser")
    assert soup.select_one(".story__byline").get_text() == "Jane, of St. Louis, MO"
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["author"]["name"] == "Jane"
    og = " ".join(tag["content"] for tag in soup.select('meta[property^="og:"]'))
    listing = unescape(client.get(index.url).content.decode())
    feed = unescape(client.get(f"{index.url}feed/").content.decode())
    search = unescape(client.get("/search/", {"q": "Jane"}).content.decode())
    for shown in (story_html, og, listing, feed, search):
        assert "Doe" not in shown
    assert "Jane, of St. Louis, MO" in listing and "Jane, of St. Louis, MO" in feed
    assert story.title in search
    # The surname the contributor withheld finds nothing.
    assert story.title not in unescape(client.get("/search/", {"q": "Doe"}).content.decode())


def test_the_submissions_export_says_how_each_submitter_may_be_named(editor, submission):
    from milepost.submissions.exports import submission_record

    Submission.objects.filter(pk=submission.pk).update(naming="initials")
    submission.refresh_from_db()
    assert submission_record(submission)["naming"] == "initials"


def test_the_callouts_wording_names_an_anonymous_contributor(
    editor_client, editor, submission, client
):
    submission.callout.anonymous_byline = "One of our runners in {place}"
    submission.callout.save()
    submission, story = _live_story(editor_client, editor, submission, "anonymous")
    html = unescape(client.get(story.url).content.decode())
    assert re.search(r"One of our runners in St\. Louis, MO", html)
    assert "Doe" not in html
