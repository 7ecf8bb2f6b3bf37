"""Erasure leaves no trace of the person in the database or in storage; retention expires work."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry, Revision

from milepost.callouts.models import Callout
from milepost.core.models import OutgoingEmail
from milepost.intake.models import InboundMessage, InboundState
from milepost.intake.services import inbound_message_receive, inbound_message_store
from milepost.privacy.models import ErasureRecord, RetentionRun
from milepost.privacy.services import (
    ErasureRefused,
    KeptStory,
    erasure_request_create,
    person_data_erase_all,
    retention_apply,
)
from milepost.stories.models import StoryPage
from milepost.submissions.models import Submission, SubmissionStatus
from milepost.submissions.services import submission_transition
from tests.intake.mail import story_email
from tests.privacy.conftest import EMAIL, NAME
from tests.privacy.traces import page_cache_files, stored_files, traces


def _photo_chunks(submission) -> list[bytes]:
    """Distinctive slices of the private master and of the Wagtail image made from it."""
    chunks = []
    with submission.photos.first().file.open("rb") as master:
        chunks.append(master.read()[1000:1064])
    image = submission.story.photos.first().image
    with image.file.open("rb") as published:
        chunks.append(published.read()[1000:1064])
    return chunks


@pytest.mark.django_db(transaction=True)
def test_an_erasure_leaves_no_trace_in_the_database_or_storage(person, editor_user):
    reference, story_id = person.reference, person.story.pk
    needles = [EMAIL.encode(), NAME.lower().encode(), *_photo_chunks(person)]
    assert traces(needles), "the scan must see the person before the erasure"

    record = person_data_erase_all(EMAIL.upper(), actor=editor_user)

    assert traces(needles) == []
    assert not Submission.objects.exists() and not InboundMessage.objects.exists()
    assert not StoryPage.objects.filter(pk=story_id).exists()
    assert not Revision.objects.filter(object_id=str(story_id)).exists()
    assert not PageLogEntry.objects.filter(page_id=story_id).exists()
    assert not get_image_model().objects.exists()
    record = ErasureRecord.objects.get(pk=record.pk)
    assert record.references == [reference] and record.raw_messages == 2
    assert record.erased_by == editor_user and record.received_dates


@pytest.mark.django_db(transaction=True)
def test_an_erasure_empties_the_page_cache_of_the_story(person, editor_user, client, settings):
    settings.MILEPOST_PAGE_CACHE = True
    caches["page_cache"].clear()
    story_url, callout_url = person.story.url, person.story.get_parent().url
    for url in (story_url, callout_url, story_url):
        client.get(url)
    assert client.get(story_url)["X-Page-Cache"] == "hit"
    name = NAME.lower().encode()
    assert any(name in data.lower() for data in page_cache_files().values())

    person_data_erase_all(EMAIL, actor=editor_user)

    assert not any(name in data.lower() for data in page_cache_files().values())
    assert client.get(story_url).status_code == 404
    assert NAME not in client.get(callout_url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_kept_story_stays_published_with_its_reason(person, editor_user):
    story = person.story
    record = person_data_erase_all(
        EMAIL, actor=editor_user, keep=(KeptStory(story.pk, "Printed in the 2026 anthology"),)
    )
    story.refresh_from_db()
    assert story.live and story.submission is None
    assert record.kept_stories == [{"page_id": story.pk, "reason": "Printed in the 2026 anthology"}]
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_keeping_a_story_needs_a_reason_and_nothing_goes_without_one(person, editor_user):
    with pytest.raises(ErasureRefused, match="reason"):
        person_data_erase_all(EMAIL, actor=editor_user, keep=(KeptStory(person.story.pk, " "),))
    assert Submission.objects.filter(pk=person.pk).exists()
    assert not ErasureRecord.objects.exists()


@pytest.mark.django_db
def test_an_empty_address_is_refused(person):
    with pytest.raises(ErasureRefused):
        person_data_erase_all("  ")
    assert Submission.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_retention_erases_expired_declined_spam_and_unrouted_only(story_index):
    def arrived(days_ago, status, sender):
        message = inbound_message_receive(story_email(sender=sender), channel="import")
        submission = message.submission
        if status != SubmissionStatus.RECEIVED:
            submission_transition(submission, status, actor=None)
        Submission.objects.filter(pk=submission.pk).update(
            received_at=timezone.now() - timedelta(days=days_ago)
        )
        return submission

    old_declined = arrived(200, SubmissionStatus.DECLINED, "old@example.org")
    recent_declined = arrived(100, SubmissionStatus.DECLINED, "recent@example.org")
    old_spam = arrived(40, SubmissionStatus.SPAM, "spam@example.org")
    old_but_open = arrived(400, SubmissionStatus.RECEIVED, "open@example.org")
    unrouted = inbound_message_receive(
        story_email(sender="lost@example.org", to="x@example.org", subject="?"), channel="import"
    ).inbound_message
    InboundMessage.objects.filter(pk=unrouted.pk).update(
        received_at=timezone.now() - timedelta(days=181)
    )

    run = retention_apply()

    remaining = set(Submission.objects.values_list("pk", flat=True))
    assert remaining == {recent_declined.pk, old_but_open.pk}
    assert not InboundMessage.objects.filter(pk=unrouted.pk).exists()
    assert (run.declined_withdrawn, run.spam, run.unrouted, run.errors) == (1, 1, 1, "")
    assert RetentionRun.objects.get().finished_at is not None
    assert not any(b"old@example.org" in data for data in stored_files().values())
    assert {old_declined.reference, old_spam.reference} <= {
        ref for record in ErasureRecord.objects.all() for ref in record.references
    }


@pytest.mark.django_db(transaction=True)
def test_retention_erases_old_mail_that_failed_or_was_never_processed(story_index):
    def stored(sender, days_ago, state):
        message, _new = inbound_message_store(story_email(sender=sender), channel="import")
        InboundMessage.objects.filter(pk=message.pk).update(
            state=state, received_at=timezone.now() - timedelta(days=days_ago)
        )
        return message

    stored("failed@example.org", 181, InboundState.FAILED)
    stored("stuck@example.org", 181, InboundState.RECEIVED)
    recent_failed = stored("recent@example.org", 10, InboundState.FAILED)

    run = retention_apply()

    assert set(InboundMessage.objects.values_list("pk", flat=True)) == {recent_failed.pk}
    assert run.unrouted == 2 and run.errors == ""
    assert not any(
        address in data
        for data in stored_files().values()
        for address in (b"failed@example.org", b"stuck@example.org")
    )


@pytest.mark.django_db(transaction=True)
def test_a_retention_run_empties_the_page_cache_only_when_it_erased_something(story_index):
    pages = caches["page_cache"]
    pages.set("pagecache:page:id:cached", b"<p>a cached story</p>")
    retention_apply()
    assert pages.get("pagecache:page:id:cached") == b"<p>a cached story</p>"

    message, _new = inbound_message_store(story_email(sender="lost@example.org"), channel="import")
    InboundMessage.objects.filter(pk=message.pk).update(
        state=InboundState.UNROUTED, received_at=timezone.now() - timedelta(days=181)
    )
    retention_apply()
    assert pages.get("pagecache:page:id:cached") is None


def test_an_erasure_request_tells_the_callouts_editors_its_deadline_at_once(person, settings):
    settings.MILEPOST_ERASURE_REQUEST_DAYS = 30
    editor = User.objects.create_user("ed", email="ed@milepost.example")
    editor.groups.add(Group.objects.get(name="Editors"))
    elsewhere = User.objects.create_user("el", email="el@milepost.example")
    elsewhere.groups.add(Group.objects.get(name="Editors"))
    elsewhere.desk_callouts.create(callout=Callout.objects.create(title="Other", slug="other"))
    requested = erasure_request_create(person)
    erasure_request_create(person)  # asked twice: one request, one email

    [email] = OutgoingEmail.objects.filter(subject__startswith="Erasure requested")
    due = timezone.localtime(requested.due_by)
    assert email.to == "ed@milepost.example"
    assert f"{person.reference}, due by {due:%B} {due.day}" in email.subject
    assert f"Erase it by {due:%B} {due.day}, {due.year}." in email.body
    assert "/admin/personal-data/" in email.body
