"""The submitter's private status page."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.test import Client

from milepost.core.models import OutgoingEmail, OutgoingEmailStatus
from milepost.desk.services import story_draft_create
from milepost.intake.services import inbound_message_receive
from milepost.submissions.forms import CONSENT_WORDING
from milepost.submissions.models import EventAction, SubmissionStatus
from milepost.submissions.services import submission_transition
from tests.intake.mail import STORY, story_email
from tests.smtp import notice_refused_then_delivered

pytestmark = pytest.mark.django_db


def test_status_page_shows_the_story_as_received(client, submission):
    response = client.get(submission.get_status_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert submission.reference in html
    assert "Received" in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_unknown_status_token_is_a_404(client, submission):
    assert client.get("/your-story/not-a-real-token/").status_code == 404


def test_submitter_can_withdraw_once(client, submission):
    response = client.post(f"{submission.get_status_url()}withdraw/", follow=True)
    assert "Your story has been withdrawn" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == "withdrawn"
    event = submission.events.get(action=EventAction.WITHDRAWN)
    assert event.actor_label == "submitter"
    response = client.post(f"{submission.get_status_url()}withdraw/", follow=True)
    assert "Your story was withdrawn; there is nothing to withdraw." in response.content.decode()
    assert "Withdraw my story" not in response.content.decode()


def test_withdrawing_needs_a_post_with_csrf(submission):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.get(f"{submission.get_status_url()}withdraw/").status_code == 405
    assert client.post(f"{submission.get_status_url()}withdraw/").status_code == 403
    submission.refresh_from_db()
    assert submission.status == "received"


def test_status_page_lists_the_emails_sent(client, submission, django_capture_on_commit_callbacks):
    from milepost.submissions.services import submission_email_queue

    with django_capture_on_commit_callbacks(execute=True):
        submission_email_queue(
            submission, kind="question", subject="Which mile?", body="Was it <Pine> Street?"
        )
    html = client.get(submission.get_status_url()).content.decode()
    assert "Our emails to you" in html and "Which mile?" in html
    assert "Was it &lt;Pine&gt; Street?" in html


@pytest.mark.django_db(transaction=True)  # the worker opens and closes its own connections
def test_withdrawing_works_with_the_mail_server_down_and_the_editors_hear_once_it_is_back(
    submission, mail_server_down
):
    editor = User.objects.create_user("edna", email="edna@milepost.example")
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    client = Client(raise_request_exception=False)

    response = client.post(f"{submission.get_status_url()}withdraw/")

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "withdrawn"
    notice = OutgoingEmail.objects.get(subject__startswith="Withdrawn")
    assert (notice.status, notice.to) == (OutgoingEmailStatus.PENDING, "edna@milepost.example")

    messages = notice_refused_then_delivered(notice, mail_server_down)
    [sent] = [m for m in messages if m["Subject"].startswith("Withdrawn")]
    assert sent["To"] == "edna@milepost.example" and submission.reference in sent["Subject"]
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (OutgoingEmailStatus.SENT, 2)


def test_once_the_story_is_live_the_status_page_links_to_it_and_offers_to_take_it_down(
    client, story_index, django_capture_on_commit_callbacks
):
    # To the callout with a page on the site, where its story is published.
    submission = inbound_message_receive(story_email(), channel="import").submission
    before = BeautifulSoup(client.get(submission.get_status_url()).content, "html.parser")
    assert before.select_one(".withdraw button").get_text() == "Withdraw my story"
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED)
    story = story_draft_create(submission, actor=None)
    story.photos.update(alt_text="A runner")
    story.save_revision().publish()
    story.refresh_from_db()

    page = BeautifulSoup(client.get(submission.get_status_url()).content, "html.parser")
    assert page.select_one(".live-story a")["href"] == story.url
    withdraw = page.select_one(".withdraw")
    assert withdraw.select_one("button").get_text() == "Take my story down"
    said = "We will take your story off the site at once and will not publish it again."
    assert said in withdraw.get_text()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{submission.get_status_url()}withdraw/", follow=True)
    assert "Your story is taken down from the site." in response.content.decode()
    story.refresh_from_db()
    assert not story.live
    assert client.get(story.url).status_code == 404


def test_a_story_sent_by_email_asks_for_the_forms_permissions_on_its_status_page(
    client, submission
):
    assert not submission.consents.exists()
    page = BeautifulSoup(client.get(submission.get_status_url()).content, "html.parser")
    labels = [label.get_text() for label in page.select("form.consents label")]
    assert labels == [
        CONSENT_WORDING[kind].format(site="Milepost") for kind in ("web", "book", "photo")
    ]
    consents_url = f"/your-story/{submission.status_token}/consents/"

    refused = client.post(consents_url, {"consent_book": "on"})
    assert "We can only consider stories we may publish: please tick this box." in (
        refused.content.decode()
    )
    assert not submission.consents.exists()

    response = client.post(consents_url, {"consent_web": "on", "consent_photo": "on"}, follow=True)
    assert "Thank you: we have your permission." in response.content.decode()
    assert 'class="consents"' not in response.content.decode()
    assert {c.kind: c.wording for c in submission.consents.all()} == {
        "web": CONSENT_WORDING["web"].format(site="Milepost"),
        "photo": CONSENT_WORDING["photo"],
    }


def test_asked_to_approve_the_edit_the_submitter_sees_what_changed_and_what_is_printed(
    client, story_index
):
    from milepost.desk.services import submission_approval_request

    text = f"My mother waited at the corner.\n\n{STORY}"
    submission = inbound_message_receive(story_email(body=text), channel="import").submission
    submission.callout.submitter_approval = True
    submission.callout.save()
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED)
    story = story_draft_create(submission, actor=None)
    story.body = story.body.replace("and it hurt,", "and it ached,")
    story.pull_quote, story.runner_age = "The first mile back was slow.", 33
    story.photos.update(caption="Pine and Fifth, a year on")
    story.save_revision()
    submission_approval_request(submission, actor=None)

    page = BeautifulSoup(client.get(submission.get_status_url()).content, "html.parser")
    edit = page.select_one(".approval .story-as-edited")
    paragraphs = [" ".join(p.get_text(" ").split()) for p in edit.select("p")]
    assert paragraphs == [
        "Back on Pine Street",
        story.title,
        "My mother waited at the corner.",
        "I had not run since the accident. The first mile back was slow and it hurt, ached,"
        " and I cried at the corner of Pine and Fifth when I realised I was going to finish it.",
        "Jane Doe, 32, St. Louis, MO",
    ]
    deleted = ["Back on Pine Street", "hurt,", "Jane Doe, 32, St. Louis, MO"]
    assert [tag.get_text() for tag in edit.select("del")] == deleted
    assert [tag.get_text() for tag in edit.select("ins")] == [story.title, "ached,"]
    printed = page.select_one(".approval .printed-with-story")
    facts = [" ".join(tag.get_text().split()) for tag in printed.select("dt, dd")]
    assert facts == [
        "Byline",
        story.byline,
        "Pull quote",
        "The first mile back was slow.",
        "Photo 1",
        "Pine and Fifth, a year on",
    ]
    assert "33" in story.byline and not page.select("[style]")


# How to be named: chosen here by those who sent their story by email, changed until publication


def _naming_checked(response) -> str:
    page = BeautifulSoup(response.content, "html.parser")
    return page.select_one('.naming input[name="naming"][checked]')["value"]


def test_the_status_page_lets_the_submitter_choose_how_to_be_named(client, submission):
    assert _naming_checked(client.get(submission.get_status_url())) == "full_name"

    response = client.post(
        f"{submission.get_status_url()}naming/", {"naming": "initials"}, follow=True
    )

    assert "Thank you: your story will name you as you chose (Initials and place)." in (
        response.content.decode()
    )
    assert _naming_checked(response) == "initials"
    submission.refresh_from_db()
    assert (submission.naming, submission.naming_requested) == ("initials", "")
    event = submission.events.get(action=EventAction.NAMING_CHOSEN)
    assert (event.actor_label, event.detail) == ("submitter", "Initials and place")


def test_an_unknown_way_to_be_named_is_explained_and_changes_nothing(client, submission):
    response = client.post(f"{submission.get_status_url()}naming/", {"naming": "nickname"})

    assert response.status_code == 200
    assert "Please choose one of the ways to be named shown here." in response.content.decode()
    submission.refresh_from_db()
    assert submission.naming == "full_name"
    assert not submission.events.filter(action=EventAction.NAMING_CHOSEN).exists()


def test_once_published_a_change_of_naming_is_a_request_the_editors_hear_of(
    client, story_index, django_capture_on_commit_callbacks
):
    editor = User.objects.create_user("edna", email="edna@milepost.example")
    editor.groups.add(Group.objects.get(name="Editors"))
    submission = inbound_message_receive(story_email(), channel="import").submission
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED)
    story = story_draft_create(submission, actor=None)
    story.photos.update(alt_text="A runner")
    story.save_revision().publish()

    response = client.post(
        f"{submission.get_status_url()}naming/", {"naming": "anonymous"}, follow=True
    )

    text = response.content.decode()
    assert "we have asked the editors to change how your story names you" in text
    assert "You asked us to change how your published story names you to: Anonymous." in text
    submission.refresh_from_db()
    assert (submission.naming, submission.naming_requested) == ("full_name", "anonymous")
    event = submission.events.get(action=EventAction.NAMING_CHANGE_ASKED)
    assert event.detail == "Full name → Anonymous"
    [email] = OutgoingEmail.objects.filter(to="edna@milepost.example")
    assert "asked to be named another way" in email.subject
    assert "name them by: Anonymous (it names them by: Full name)" in email.body
    assert f"/admin/submissions/inspect/{submission.pk}/" in email.body
    story.refresh_from_db()
    assert "Jane Doe" in client.get(story.url).content.decode()  # until an editor applies it


def test_a_withdrawn_story_takes_no_choice_of_naming(client, submission):
    client.post(f"{submission.get_status_url()}withdraw/")
    response = client.post(
        f"{submission.get_status_url()}naming/", {"naming": "anonymous"}, follow=True
    )
    assert "Your story was withdrawn; it will not be printed with any name." in (
        response.content.decode()
    )
    submission.refresh_from_db()
    assert submission.naming == "full_name"
