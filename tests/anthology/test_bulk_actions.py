"""Shortlisting from the queue's bulk-action bar: what went in, and each one left out with why."""

import pytest

from milepost.intake.services import inbound_message_receive
from tests.intake.mail import story_email


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _bulk_url(*submissions):
    ids = "".join(f"&id={submission.pk}" for submission in submissions)
    return f"/admin/bulk/submissions/submission/shortlist_for_book/?next=/admin/{ids}"


def test_each_refused_submission_is_named_with_the_reason(editor_client, anthology, story):
    received = inbound_message_receive(
        story_email(sender="Tom Field <tom@example.com>", message_id="<tom@example.com>"),
        channel="import",
    ).submission
    response = editor_client.post(
        _bulk_url(story.submission, received), {"anthology": anthology.pk}, follow=True
    )
    assert "1 stories shortlisted." in response.text
    assert f"Not shortlisted: {received.reference} is neither accepted nor published." in (
        response.text
    )
    assert [entry.story for entry in anthology.entries.all()] == [story]


def test_a_final_book_cannot_be_chosen(editor_client, final_book, story_index):
    from milepost.anthology.models import AnthologyEntry

    count = AnthologyEntry.objects.count()
    submission = final_book.entries.first().story.submission
    response = editor_client.post(_bulk_url(submission), {"anthology": final_book.pk})
    assert response.status_code == 200
    assert "Choose a book that is not final" in response.text
    assert AnthologyEntry.objects.count() == count


def test_the_confirmation_page_offers_the_open_books(editor_client, anthology, final_book):
    open_book = anthology.__class__.objects.create(title="Open Book", slug="open")
    page = editor_client.get(_bulk_url(final_book.entries.first().story.submission))
    form = page.text.split('name="anthology"')[1].split("</select>")[0]
    assert f'value="{open_book.pk}"' in form and "Open Book" in form
    assert "Miles That Mattered" not in form  # final: its entries are locked
