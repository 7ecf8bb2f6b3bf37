"""Decision emails come from the callout's templates, with placeholders filled safely."""

import pytest

from milepost.submissions.emails import submission_email_render

pytestmark = pytest.mark.django_db


def test_templates_fill_first_name_title_and_status_link(submission):
    subject, body = submission_email_render(submission, "accept")
    assert subject == f"Your story {submission.title} will appear in Milepost"
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
