"""The privacy notice: editors publish it; the form, status page and acknowledgment link to it,
and each consent given on the web form records the version in force."""

import pytest
from django.core import mail

from milepost.intake.services import inbound_message_receive
from milepost.privacy.models import PrivacyNoticePage
from milepost.submissions.models import Submission
from tests.intake.channels.test_web_form import fields, form_url, send
from tests.intake.mail import story_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(home_page):
    page = PrivacyNoticePage(
        title="How we look after your details",
        slug="privacy",
        body="<p>We keep declined stories for 180 days.</p>",
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_the_notice_is_a_page_with_its_version(client, notice):
    response = client.get(notice.url)
    assert "We keep declined stories for 180 days." in response.content.decode()
    assert (
        notice.version
        == f"revision {notice.live_revision_id} of {notice.last_published_at:%Y-%m-%d}"
    )


def test_the_form_links_to_it_and_consents_record_its_version(
    client, story_index, notice, django_capture_on_commit_callbacks
):
    assert notice.url in client.get(form_url(story_index)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        send(client, story_index, fields())

    submission = Submission.objects.get()
    assert [c.notice_version for c in submission.consents.all()] == [notice.version]
    (acknowledgment,) = mail.outbox
    assert f"How we look after your details: {notice.full_url}" in acknowledgment.body
    assert notice.url in client.get(submission.get_status_url()).content.decode()


def test_a_new_revision_is_a_new_version_for_later_consents(client, story_index, notice):
    send(client, story_index, fields())
    first = notice.version
    notice.body = "<p>We now keep declined stories for 90 days.</p>"
    notice.save_revision().publish()
    notice.refresh_from_db()
    send(client, story_index, fields(email="kim@example.com", title="Another"))

    versions = [s.consents.get().notice_version for s in Submission.objects.order_by("pk")]
    assert versions == [first, notice.version] and first != notice.version


def test_without_a_notice_nothing_links_and_consents_say_so(client, story_index):
    send(client, story_index, fields())
    submission = Submission.objects.get()
    assert submission.consents.get().notice_version == ""
    assert (
        "How we look after your details</a>"
        not in client.get(submission.get_status_url()).content.decode()
    )


def test_consents_given_on_the_status_page_record_the_notices_version(client, callout, notice):

    submission = inbound_message_receive(story_email(), channel="import").submission
    client.post(f"/your-story/{submission.status_token}/consents/", {"consent_web": "on"})
    assert [c.notice_version for c in submission.consents.all()] == [notice.version]


def test_the_notice_leads_to_the_list_of_all_of_a_person_s_stories(client, notice):
    page = client.get(notice.url).content.decode()
    assert '<a href="/your-story/all/">ask for a link to all your stories</a>' in page
