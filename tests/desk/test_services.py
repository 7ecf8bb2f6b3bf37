"""From submission to story: the draft, publication, unpublishing and withdrawal."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from wagtail.models import WorkflowPage

from milepost.core.models import OutgoingEmail
from milepost.core.quoting import title_quoted
from milepost.desk import services
from milepost.stories.models import StoryPage
from milepost.submissions.models import EventAction, SubmissionStatus
from milepost.submissions.services import submission_transition, submission_withdraw
from tests.factories import story_index_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(submission):
    return submission_transition(submission, SubmissionStatus.ACCEPTED, actor=None)


@pytest.fixture
def editor_user(db):
    from django.contrib.auth.models import Group

    user = User.objects.create_user("edna", email="edna@milepost.example")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_a_draft_is_prefilled_under_the_callouts_page(accepted, story_index, editor_user):
    story = services.story_draft_create(accepted, actor=editor_user)
    assert story.get_parent().specific == story_index
    assert not story.live and story.has_unpublished_changes
    assert story.submission == accepted and accepted.story == story
    assert story.title == "My <script>alert('x')</script> mile"  # no quotation: a sentence
    assert (story.runner_name, story.runner_age, story.city, story.region) == (
        "Jane Doe",
        32,
        "St. Louis",
        "MO",
    )
    assert story.lede.startswith("My <script>")  # plain text field; templates escape it
    assert "<p>Second paragraph.</p>" in story.body
    [photo] = story.photos.all()
    assert (photo.image.width, photo.image.height) == (2400, 1600)
    assert photo.alt_text == ""  # the editor must describe it before the admin will publish
    accepted.refresh_from_db()
    assert accepted.story_text.startswith("My <script>")  # the text as sent is untouched
    assert accepted.events.filter(action=EventAction.STORY_DRAFT, actor=editor_user).exists()


def test_a_draft_is_headed_by_what_the_runner_quoted_without_greeting_or_sign_off(
    story_index, editor_user
):
    from milepost.submissions.services import SubmissionDraft, submission_create

    text = (
        "Hi!\n\nI have run marathons. I have run ultras on bad knees.\n\n"
        "But the real mile was behind my daughter. She said, \"Don't pick me up, Mom. "
        'Just run slow next to me." So I did.\n\nKate Harden, 32, St. Louis, MO\n\n'
        "Sent from my iPhone"
    )
    submission = submission_create(
        SubmissionDraft(
            callout=story_index.callout, channel="web", title="the real mile", story_text=text
        )
    )
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=None)
    story = services.story_draft_create(submission, actor=editor_user)
    assert story.title == "Don't pick me up, Mom. Just run slow next to me"
    # Another line, from the body: the lede is on the page right above the pull quote.
    assert story.pull_quote == "But the real mile was behind my daughter."
    assert story.lede == "I have run marathons. I have run ultras on bad knees."
    assert story.body.startswith("<p>But the real mile was behind my daughter.")
    assert "Kate Harden" not in story.body and "iPhone" not in story.body


def test_only_an_accepted_submission_becomes_a_draft_and_only_once(submission, editor_user):
    with pytest.raises(services.DraftRefused, match="accepted"):
        services.story_draft_create(submission, actor=editor_user)
    accepted = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=None)
    services.story_draft_create(accepted, actor=editor_user)
    with pytest.raises(services.DraftRefused, match="already has a story"):
        services.story_draft_create(accepted, actor=editor_user)
    assert StoryPage.objects.count() == 1


def test_a_callout_without_a_page_gets_a_clear_refusal(callout, editor_user):
    from milepost.submissions.services import SubmissionDraft, submission_create

    submission = submission_create(SubmissionDraft(callout=callout, channel="web", title="T"))
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=None)
    with pytest.raises(services.DraftRefused, match="has no page"):
        services.story_draft_create(submission, actor=editor_user)


def test_publishing_publishes_the_submission_and_sends_nothing_by_itself(
    accepted, editor_user, django_capture_on_commit_callbacks
):
    story = services.story_draft_create(accepted, actor=editor_user)
    mail.outbox.clear()
    emails_before = OutgoingEmail.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision(user=editor_user).publish(user=editor_user)
    accepted.refresh_from_db()
    assert accepted.status == "published"
    # The publication notice goes when the editor has read it and sends it.
    assert mail.outbox == [] and OutgoingEmail.objects.count() == emails_before
    assert not accepted.emails.filter(kind="published").exists()
    assert accepted.events.filter(action=EventAction.PUBLISHED, actor=editor_user).exists()

    with django_capture_on_commit_callbacks(execute=True):
        StoryPage.objects.get().unpublish()
    accepted.refresh_from_db()
    assert accepted.status == "accepted"


def test_a_withdrawal_unpublishes_the_story_and_tells_the_editors(
    accepted, editor_user, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    editor_user.groups.add(Group.objects.get(name="Editors"))
    story = services.story_draft_create(accepted, actor=editor_user)
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission_withdraw(accepted)
    story.refresh_from_db()
    assert not story.live
    [notice] = mail.outbox
    assert notice.to == ["edna@milepost.example"]
    assert "withdrew" in notice.body and "has been unpublished" in notice.body


def test_new_callout_pages_get_the_editor_review_workflow(home_page):
    index_page = story_index_create(home_page, title="First Race", slug="first-race")
    assigned = WorkflowPage.objects.get(page=index_page)
    assert assigned.workflow.name == "Editor review"
    [task] = assigned.workflow.tasks.all()
    assert [g.name for g in task.specific.groups.all()] == ["Editors"]


def test_the_submitter_approves_or_asks_for_changes_through_the_status_link(
    accepted, editor_user, client, django_capture_on_commit_callbacks
):
    from milepost.submissions.services import submission_assign

    callout = accepted.callout
    callout.submitter_approval = True
    callout.save()
    submission_assign(accepted, editor_user, actor=editor_user)
    story = services.story_draft_create(accepted, actor=editor_user)
    story.title = "Pine Street, edited"
    story.save_revision(user=editor_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_approval_request(accepted, actor=editor_user)
    [ask] = mail.outbox
    assert ask.subject == "Please check our edit of your story “Back on Pine Street”"
    assert accepted.get_status_url() in ask.body

    page = client.get(accepted.get_status_url()).content.decode()
    assert "Pine Street, edited" in page and "Approve this version" in page
    url = f"{accepted.get_status_url()}approval/"
    refused = client.post(url, {"answer": "changes", "message": ""}, follow=True)
    assert "Tell us what you would like changed." in refused.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"answer": "changes", "message": "My age is 33."})
    accepted.refresh_from_db()
    assert accepted.approval_state == "changes"
    event = accepted.events.get(action=EventAction.CHANGES_ASKED)
    assert event.actor_label == "submitter" and event.detail == "My age is 33."
    [notice] = mail.outbox
    assert notice.to == ["edna@milepost.example"] and "My age is 33." in notice.body
    again = client.post(url, {"answer": "approve"}, follow=True).content.decode()
    assert "no edited version waiting" in again


def test_approval_is_only_asked_where_the_callout_wants_it(accepted, editor_user):
    services.story_draft_create(accepted, actor=editor_user)
    with pytest.raises(services.ApprovalRefused, match="does not ask"):
        services.submission_approval_request(accepted, actor=editor_user)


def test_the_editors_hear_of_changes_asked_for_on_a_submission_nobody_is_assigned(
    accepted, editor_user, client
):
    from milepost.core.models import OutgoingEmail

    accepted.callout.submitter_approval = True
    accepted.callout.save()
    services.story_draft_create(accepted, actor=editor_user)
    services.submission_approval_request(accepted, actor=editor_user)

    response = client.post(
        f"{accepted.get_status_url()}approval/", {"answer": "changes", "message": "My age is 33."}
    )

    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.assignee is None and accepted.approval_state == "changes"
    [notice] = OutgoingEmail.objects.filter(to="edna@milepost.example")
    assert notice.subject == f"{accepted.reference}: the submitter asked for changes"
    assert "My age is 33." in notice.body
    assert f"/admin/submissions/inspect/{accepted.pk}/" in notice.body


def test_the_approval_request_is_the_callouts_own_email(accepted, editor_user):
    from milepost.core.models import OutgoingEmail

    callout = accepted.callout
    callout.submitter_approval = True
    callout.approval_subject = "Your edited story {title}"
    callout.approval_body = "Hello {first_name}, please read it: {status_link}"
    callout.save()
    services.story_draft_create(accepted, actor=editor_user)

    services.submission_approval_request(accepted, actor=editor_user)

    [ask] = OutgoingEmail.objects.filter(to=accepted.submitter_email, subject__startswith="Your")
    assert ask.subject == f"Your edited story “{accepted.title}”"
    assert ask.body.startswith("Hello Jane, please read it: http")
    assert ask.body.endswith(accepted.get_status_url())


def test_a_submitter_who_has_not_approved_after_a_week_is_reminded_once(accepted, editor_user):
    from milepost.core.models import OutgoingEmail

    accepted.callout.submitter_approval = True
    accepted.callout.save()
    services.story_draft_create(accepted, actor=editor_user)
    services.submission_approval_request(accepted, actor=editor_user)
    asked_at = accepted.events.get(action=EventAction.APPROVAL_REQUESTED).at
    to_submitter = OutgoingEmail.objects.filter(to=accepted.submitter_email)

    assert services.submission_approval_reminders_send(asked_at + timedelta(days=6)) == 0
    week_later = asked_at + timedelta(days=7, minutes=1)
    assert services.submission_approval_reminders_send(week_later) == 1
    assert services.submission_approval_reminders_send(week_later + timedelta(hours=1)) == 0
    [reminder] = to_submitter.filter(subject__startswith="Reminder: ")
    assert (
        reminder.subject
        == f"Reminder: Please check our edit of your story {title_quoted(accepted.title)}"
    )
    assert accepted.get_status_url() in reminder.body
    accepted.refresh_from_db()
    assert accepted.approval_reminded_at == week_later

    # Asked again (after changes): one more reminder may follow that request.
    services.submission_approval_request(accepted, actor=editor_user)
    accepted.refresh_from_db()
    assert accepted.approval_reminded_at is None
