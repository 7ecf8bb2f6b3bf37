"""The Personal data view: only editors with the permission find, download and erase."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from milepost.intake.services import inbound_message_receive
from milepost.privacy.models import ErasureRecord, ErasureRequest
from milepost.privacy.services import retention_apply
from milepost.submissions.models import EventAction, Submission
from tests.intake.mail import story_email
from tests.privacy.conftest import EMAIL, NAME

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user("erin", password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_editors_find_everything_held_about_a_person(editor_client, person):
    response = editor_client.get("/admin/personal-data/", {"email": EMAIL.upper()})
    page = response.content.decode()
    assert response.status_code == 200
    assert person.reference in page and "1 photo(s)" in page and "1 note(s)" in page
    assert "hello?" in page  # the unrouted email from the same address
    assert person.story.title in page and "(published)" in page


def test_the_menu_item_and_view_need_the_permission(client, person):
    user = User.objects.create_user("rex", password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name="Reviewers"))
    client.force_login(user)
    # Wagtail's admin answers a refusal by sending the user back to the dashboard.
    for response in (
        client.get("/admin/personal-data/", {"email": EMAIL}),
        client.post("/admin/personal-data/erase/", {"email": EMAIL}),
        client.post("/admin/personal-data/export/", {"email": EMAIL}),
    ):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert "Personal data" not in client.get("/admin/").content.decode()
    assert Submission.objects.filter(pk=person.pk).exists()


def test_the_download_is_the_zip(editor_client, person):
    response = editor_client.post("/admin/personal-data/export/", {"email": EMAIL})
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert NAME in archive.read("summary.html").decode()


def test_the_confirmation_lists_what_goes_then_erasure_keeps_a_story(editor_client, person):
    story = person.story
    confirm = editor_client.get("/admin/personal-data/erase/", {"email": EMAIL}).content.decode()
    assert person.reference in confirm and story.title in confirm
    assert Submission.objects.filter(pk=person.pk).exists()  # nothing went on GET

    response = editor_client.post(
        "/admin/personal-data/erase/",
        {"email": EMAIL, f"keep-{story.pk}": "1", f"reason-{story.pk}": "In the 2026 book"},
        follow=True,
    )
    assert f"Erased: {person.reference}" in response.content.decode()
    assert not Submission.objects.exists()
    story.refresh_from_db()
    assert story.live
    assert ErasureRecord.objects.get().kept_stories[0]["reason"] == "In the 2026 book"


def test_keeping_without_a_reason_is_refused_and_nothing_goes(editor_client, person):
    story = person.story
    response = editor_client.post(
        "/admin/personal-data/erase/", {"email": EMAIL, f"keep-{story.pk}": "1"}
    )
    assert "Give a reason" in response.content.decode()
    assert Submission.objects.filter(pk=person.pk).exists()


def test_a_bad_address_gets_a_clear_error(editor_client):
    response = editor_client.post(
        "/admin/personal-data/erase/", {"email": "not-an-address"}, follow=True
    )
    assert "Give a valid email address." in response.content.decode()


def test_the_submitter_asks_for_erasure_from_the_status_page(client, editor_client, person):
    status = client.get(person.get_status_url()).content.decode()
    erase_url = f"/your-story/{person.status_token}/erase/"
    assert erase_url in status

    confirm = client.get(erase_url)
    assert "Yes, erase my data" in confirm.content.decode()
    assert confirm["Referrer-Policy"] == "same-origin"
    assert not ErasureRequest.objects.exists()  # only the POST files it

    response = client.post(erase_url, follow=True)
    erasure_request = ErasureRequest.objects.get()
    assert erasure_request.due_by.date() == (timezone.now() + timedelta(days=30)).date()
    assert "We have your request" in response.content.decode()
    assert "Erase my data</a>" not in response.content.decode()
    client.post(erase_url)
    assert ErasureRequest.objects.count() == 1  # asking twice files one request

    queue = editor_client.get("/admin/personal-data/").content.decode()
    assert person.reference in queue and "Review and erase" in queue
    editor_client.post("/admin/personal-data/erase/", {"email": EMAIL})
    erasure_request.refresh_from_db()
    assert erasure_request.status == "done" and erasure_request.erasure is not None
    assert client.get(erase_url).status_code == 404


def test_an_overdue_request_is_marked(editor_client, person):
    ErasureRequest.objects.create(
        submission=person,
        reference=person.reference,
        requested_at=timezone.now() - timedelta(days=40),
        due_by=timezone.now() - timedelta(days=10),
    )
    assert "overdue" in editor_client.get("/admin/personal-data/").content.decode()


def test_a_forged_erasure_request_without_csrf_is_refused(person):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/your-story/{person.status_token}/erase/")
    assert response.status_code == 403
    assert not ErasureRequest.objects.exists()


def test_erasure_records_and_retention_runs_are_listed_read_only(editor_client, person):
    editor_client.post("/admin/personal-data/erase/", {"email": EMAIL})
    retention_apply()
    listing = editor_client.get("/admin/personal-data/erasures/").content.decode()
    assert person.reference in listing and EMAIL not in listing
    assert editor_client.get("/admin/personal-data/retention-runs/").status_code == 200
    record = ErasureRecord.objects.get()
    assert editor_client.get(f"/admin/personal-data/erasures/edit/{record.pk}/").status_code == 302
    assert (
        editor_client.get(f"/admin/personal-data/erasures/delete/{record.pk}/").status_code == 302
    )


def test_open_requests_and_their_deadline_head_the_submissions_queue(editor_client, client, person):
    ErasureRequest.objects.create(
        submission=person,
        reference=person.reference,
        requested_at=timezone.now() - timedelta(days=40),
        due_by=timezone.now() - timedelta(days=10),
    )
    queue = editor_client.get("/admin/submissions/").content.decode()
    assert f"1 erasure request open: {person.reference} is due by" in queue
    assert "(overdue)" in queue and 'href="/admin/personal-data/"' in queue
    # Reviewers may not act on personal data, so the queue does not tell them.
    reviewer = User.objects.create_user("rex", password="pw-for-tests-only")
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    client.force_login(reviewer)
    assert "erasure request" not in client.get("/admin/submissions/").content.decode()


# A quote headline is printed with its own quotation marks, once

QUOTE_TITLE = "“Don’t pick me up…”"


def test_the_erase_page_quotes_a_quotation_title_once_and_names_an_untitled_story(client, callout):
    titled, untitled = (
        inbound_message_receive(story_email(subject=subject, photos=[]), channel="import")
        for subject in (f"Most Important Mile: {QUOTE_TITLE}", "Most Important Mile")
    )
    page = client.get(f"/your-story/{titled.submission.status_token}/erase/").content.decode()
    assert f"If your story {QUOTE_TITLE} is on the site" in page
    untitled_page = client.get(f"/your-story/{untitled.submission.status_token}/erase/")
    shown = untitled.submission.shown_title
    assert f"If your story “{shown}” is on the site" in untitled_page.content.decode()
    assert "““" not in page + untitled_page.content.decode()


def test_the_erase_confirmation_quotes_a_quotation_headline_once(editor_client, person):
    person.story.title = QUOTE_TITLE
    person.story.save()
    confirm = editor_client.get("/admin/personal-data/erase/", {"email": EMAIL}).content.decode()
    assert f"Story {QUOTE_TITLE} (published)" in confirm
    assert "““" not in confirm


def test_the_erasure_request_says_what_happens_when_and_takes_the_story_down(
    client, person, settings
):
    settings.MILEPOST_ERASURE_REQUEST_DAYS = 30
    erase_url = f"/your-story/{person.status_token}/erase/"
    story = person.story
    assert client.get(story.url).status_code == 200
    due = timezone.localtime() + timedelta(days=30)
    confirm = client.get(erase_url).content.decode()
    assert f"{due:%B} {due.day}, {due.year}" in confirm
    assert "comes off at once" in confirm
    assert "What we erase" in confirm and "the permissions you gave" in confirm
    assert "What we keep, and why" in confirm and f"we erased {person.reference}" in confirm

    response = client.post(erase_url, follow=True)
    assert "your story is off the site" in response.content.decode()
    story.refresh_from_db()
    assert not story.live and client.get(story.url).status_code == 404
    assert person.events.filter(action=EventAction.UNPUBLISHED).exists()
    assert "until then your story is not on the site" in response.content.decode()
