"""The acknowledgment: editors' templates filled safely, sent once."""

import pytest
from django.core import mail

from milepost.intake.services import inbound_message_receive
from milepost.submissions.acknowledgments import fill_placeholders, submission_acknowledge
from tests.intake.mail import story_email


def test_placeholders_are_filled():
    assert fill_placeholders("Dear {name}, re {title}", {"name": "Jane", "title": "Hill"}) == (
        "Dear Jane, re Hill"
    )


@pytest.mark.parametrize(
    "template",
    ["{unknown}", "{name.__class__}", "{name[0]}", "{0}", "{{name}}", "{ name }", "{"],
)
def test_anything_but_a_known_placeholder_is_left_as_typed(template):
    filled = fill_placeholders(template, {"name": "Jane"})

    assert filled == template.replace("{name}", "Jane")


def test_a_value_is_not_filled_again():
    assert fill_placeholders("{name}", {"name": "{title}", "title": "X"}) == "{title}"


@pytest.mark.django_db
def test_the_email_is_sent_once_with_the_callouts_template(
    callout, django_capture_on_commit_callbacks
):
    callout.acknowledgment_subject = "Thanks,\n  {name}"
    callout.acknowledgment_body = "We read {title} ({reference}). {status_link} {nonsense}"
    callout.save()
    with django_capture_on_commit_callbacks(execute=True):
        submission = inbound_message_receive(story_email(), channel="import").submission

    [email] = mail.outbox
    assert submission_acknowledge(submission.pk) is False  # sent on receipt already
    assert len(mail.outbox) == 1
    assert "\n" not in email.subject and email.subject.startswith("Thanks, ")
    assert submission.reference in email.body and "{nonsense}" in email.body
    assert submission.get_status_url() in email.body
