"""Decision emails come from the callout's templates, with placeholders filled safely."""

import re

import pytest

from milepost.callouts.models import DEFAULT_ACKNOWLEDGMENT_BODY, DEFAULT_DECISIONS
from milepost.core.links import site_absolute_url
from milepost.core.quoting import title_quoted
from milepost.intake.services import inbound_message_receive
from milepost.submissions.acknowledgments import (
    acknowledgment_render,
)
from milepost.submissions.emails import submission_email_render
from tests.intake.mail import story_email

pytestmark = pytest.mark.django_db


def test_templates_fill_first_name_title_and_status_link(submission):
    subject, body = submission_email_render(submission, "accept")
    assert subject == f"Your story “{submission.title}” will appear in Milepost"
    assert body.startswith("Dear Jane,")
    assert f"http://localhost/your-story/{submission.status_token}/" in body


def test_editors_templates_cannot_reach_into_python_objects(submission):
    callout = submission.callout
    callout.question_subject = "{title.__class__} {first_name}"
    callout.question_body = "{status_link.__len__} {unknown}"
    callout.save()
    subject, body = submission_email_render(submission, "question")
    assert subject == "{title.__class__} Jane"
    assert body == "{status_link.__len__} {unknown}"


# Every template, filled for an untitled and a titled story, reads as an editor would send it

UNTITLED = "Most Important Mile"
PLAIN_STORY = "I had never run further than the mailbox at the end of our road, " * 5
QUOTE_STORY = "At mile 20 my husband pulled up in the car. “Don’t pick me up…” I told him."


@pytest.fixture(
    params=[
        (UNTITLED, PLAIN_STORY),
        (UNTITLED, QUOTE_STORY),
        (f"{UNTITLED}: Back on Pine Street", PLAIN_STORY),
        (f"{UNTITLED}: “Don’t pick me up…”", PLAIN_STORY),
    ],
    ids=["untitled", "untitled-with-dialogue", "titled", "titled-with-a-quotation"],
)
def any_submission(request, callout):
    subject, body = request.param
    raw = story_email(subject=subject, body=f"Hi,\n\n{body}\n\nJane Doe, 41, Duluth, MN")
    return inbound_message_receive(raw, channel="import").submission


LINKS = {
    "story_link": "http://localhost/s/",
    "share_card": "http://localhost/media/share-cards/1/c.jpg",
    "callout_link": "http://localhost/c/",
}


def _rendered(submission) -> dict[str, tuple[str, str]]:
    status_link = site_absolute_url(None, submission.get_status_url())
    return {
        "acknowledgment": acknowledgment_render(submission, status_link),
        **{
            kind: submission_email_render(submission, kind, links=LINKS)
            for kind in DEFAULT_DECISIONS
        },
    }


def test_every_email_names_the_story_once_and_reads_well(any_submission):
    title = any_submission.shown_title
    assert title and title != any_submission.reference
    for kind, (subject, body) in _rendered(any_submission).items():
        for text in (subject, body):
            doubled = re.search(r"\b(\w+(?:\W+\w+){0,3})\W+\1\b", text, flags=re.IGNORECASE)
            assert doubled is None, (kind, text)
            assert not re.search(r"[{}]|\bNone\b|““|””|“‘|’”", text), (kind, text)
        assert "your story your story" not in subject.lower()
        assert body.startswith("Dear Jane,"), kind
    subject, _ = submission_email_render(any_submission, "accept")
    assert subject == f"Your story {title_quoted(title)} will appear in Milepost"
    assert subject.count("“") == 1 and subject.count("”") == 1


def test_an_untitled_story_is_named_by_its_headline_or_its_first_words(callout):
    plain, dialogue = (
        inbound_message_receive(story_email(subject=UNTITLED, body=body), channel="import")
        for body in (PLAIN_STORY, QUOTE_STORY)
    )
    assert submission_email_render(plain.submission, "published")[0] == (
        "Your story “I had never run further than the mailbox…” is live"
    )
    assert submission_email_render(dialogue.submission, "published")[0] == (
        "Your story “Don’t pick me up…” is live"
    )


def test_default_templates_are_not_hard_wrapped():
    bodies = [DEFAULT_ACKNOWLEDGMENT_BODY]
    for template in bodies + [body for _, body in DEFAULT_DECISIONS.values()]:
        lines = template.splitlines()
        for line, following in zip(lines, lines[1:], strict=False):
            if line and following:  # a paragraph goes on: the line must end a sentence or clause
                assert line.endswith((",", ":", ".", "!", "?", "}")), line
