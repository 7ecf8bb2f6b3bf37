"""One person with everything Milepost can hold: an emailed story with a photo, a published
story made from it with an image and a rendition, notes, a vote, an email written to them, and
an unrouted email from the same address."""

import pytest
from django.contrib.auth.models import User

from milepost.desk.services import story_draft_create
from milepost.intake.services import inbound_message_receive
from milepost.stories.models import StoryPagePhoto
from milepost.submissions.models import EmailKind, SubmissionStatus
from milepost.submissions.services import (
    submission_email_queue,
    submission_note_add,
    submission_transition,
    submission_vote_cast,
)
from tests.intake.mail import jpeg, story_email

NAME = "Zebulon Quarrington"
EMAIL = "zebulon.quarrington@example.org"
STORY = (
    "The ferry was late so I ran the mile along the harbour wall, counting gulls.\n\n"
    f"{NAME}, 41, Tulsa, OK"
)


@pytest.fixture
def editor_user(db):
    return User.objects.create_user("edna", email="edna@milepost.example")


@pytest.fixture
def person(story_index, editor_user):
    """The submission, with its story published; the unrouted email is at `.unrouted`."""
    raw = story_email(
        sender=f"{NAME} <{EMAIL}>",
        subject="Most Important Mile: The harbour wall",
        body=STORY,
        photos=[(jpeg(colour=(12, 200, 77)), "harbour.jpg")],
    )
    submission = inbound_message_receive(raw, channel="import").submission
    submission_note_add(submission, author=editor_user, text=f"Call {NAME} about the gulls")
    submission_vote_cast(submission, reviewer=editor_user, choice="yes", note="lovely")
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=editor_user)
    submission_email_queue(
        submission,
        kind=EmailKind.ACCEPT,
        subject="Your story",
        body=f"Dear {NAME}, we would love to publish it.",
        actor=editor_user,
    )
    story = story_draft_create(submission, actor=editor_user)
    StoryPagePhoto.objects.filter(page=story).update(alt_text="A runner on a harbour wall")
    story.save_revision(user=editor_user).publish()
    submission_email_queue(
        submission,
        kind=EmailKind.PUBLISHED,
        subject="Your story is live",
        body=f"Dear {NAME}, it is on the site: {story.full_url}",
        actor=editor_user,
    )
    story.photos.first().image.get_rendition("width-300")
    submission.unrouted = inbound_message_receive(
        story_email(sender=EMAIL, to="nobody@milepost.example", subject="hello?", photos=[]),
        channel="import",
    )
    submission.refresh_from_db()
    return submission
