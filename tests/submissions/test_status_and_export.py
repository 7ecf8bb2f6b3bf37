"""The submitter's private status page, private files, and the export."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from milepost.callouts.models import Callout
from milepost.intake.services import inbound_message_receive
from milepost.submissions.models import Submission
from tests.intake.mail import story_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def callout(db):
    return Callout.objects.create(
        title="Most Important Mile", slug="most-important-mile", prompt="?"
    )


@pytest.fixture
def submission(callout):
    raw = story_email(body="My <script>alert('x')</script> mile.\n\nSecond paragraph.")
    return inbound_message_receive(raw, channel="import").submission


def test_status_page_shows_the_story_as_received(client, submission):
    response = client.get(submission.get_status_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert submission.reference in html
    assert "Received" in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_unknown_status_token_is_a_404(client, submission):
    assert client.get("/your-story/not-a-real-token/").status_code == 404


def test_submitter_can_withdraw_once(client, submission):
    response = client.post(f"{submission.get_status_url()}withdraw/", follow=True)
    assert "Your story has been withdrawn" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == "withdrawn"
    event = submission.events.get(action="withdrawn")
    assert event.actor_label == "submitter"
    response = client.post(f"{submission.get_status_url()}withdraw/", follow=True)
    assert "cannot be withdrawn" in response.content.decode()
    assert "Withdraw my story" not in response.content.decode()


def test_withdrawing_needs_a_post_with_csrf(submission):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.get(f"{submission.get_status_url()}withdraw/").status_code == 405
    assert client.post(f"{submission.get_status_url()}withdraw/").status_code == 403
    submission.refresh_from_db()
    assert submission.status == "received"


def test_private_files_are_never_served_to_visitors(client, submission, settings):
    photo = submission.photos.get()
    raw = submission.inbound_message
    # Nothing private lives under the public media folder...
    assert not str(photo.file.path).startswith(str(settings.MEDIA_ROOT))
    assert not str(raw.raw.path).startswith(str(settings.MEDIA_ROOT))
    for name in (photo.file.name, raw.raw.name):
        assert client.get(f"/media/{name}").status_code == 404
        assert client.get(f"/media/../private/{name}").status_code in {400, 404}
    # ...and the editors' views need a login.
    assert client.get(f"/admin/submission-photos/{photo.pk}/").status_code == 302
    assert client.get(f"/admin/inbound-mail/{raw.pk}/raw/").status_code == 302
    with pytest.raises(ValueError):
        photo.file.url  # noqa: B018


def test_editors_see_private_files(admin_client, submission):
    photo = submission.photos.get()
    response = admin_client.get(f"/admin/submission-photos/{photo.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    response = admin_client.get(f"/admin/inbound-mail/{submission.inbound_message.pk}/raw/")
    assert b"".join(response.streaming_content) == submission.inbound_message.raw.open().read()


def test_editors_list_submissions_and_unrouted_mail(admin_client, submission):
    inbound_message_receive(story_email(subject="Unrelated question"), channel="import")
    assert submission.title.encode() in admin_client.get("/admin/submissions/").content
    listing = admin_client.get("/admin/inbound_messages/?state=unrouted").content.decode()
    assert "Unrelated question" in listing
    assert admin_client.get("/admin/submissions/new/").status_code in {302, 403}


def export(*args) -> str:
    out = StringIO()
    call_command("export_submissions", *args, stdout=out)
    return out.getvalue()


def test_export_json(submission, callout):
    duplicate = inbound_message_receive(
        story_email(body=submission.story_text), channel="import"
    ).submission
    records = json.loads(export("--format", "json"))
    assert [record["id"] for record in records] == [submission.pk, duplicate.pk]
    first, second = records
    assert set(first) >= {
        "id",
        "callout",
        "channel",
        "status",
        "received_at",
        "name",
        "email",
        "title",
        "word_count",
        "checks",
        "duplicate_of",
        "message_id",
        "photos",
    }
    assert first["callout"] == "most-important-mile"
    assert first["message_id"] == submission.inbound_message.message_id
    assert first["photos"] == [
        {
            "width": 2400,
            "height": 1600,
            "format": "jpeg",
            "original_format": "jpeg",
            "has_metadata": False,
            "print_ready": True,
        }
    ]
    assert second["checks"] == ["possible_duplicate"]
    assert second["duplicate_of"] == submission.pk


def test_export_csv_defuses_formulas(callout):
    inbound_message_receive(
        story_email(subject='Most Important Mile: =HYPERLINK("http://evil")'), channel="import"
    )
    rows = list(csv.DictReader(StringIO(export("--format", "csv"))))
    assert rows[0]["title"].startswith("'=")
    assert json.loads(rows[0]["photos"])[0]["print_ready"] is True


def test_export_filters_by_callout(submission):
    other = Callout.objects.create(title="First Race", slug="first-race", prompt="?")
    assert json.loads(export("--callout", other.slug)) == []
    assert len(json.loads(export("--callout", "most-important-mile"))) == 1
    with pytest.raises(CommandError):
        export("--callout", "nope")
    assert Submission.objects.count() == 1


def test_wagtail_editors_can_read_submissions(client, submission):
    from django.contrib.auth.models import Group, User

    editor = User.objects.create_user("ed", password="pw-for-tests-only")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/admin/submissions/").status_code == 200
    assert client.get("/admin/inbound_messages/").status_code == 200
    assert client.get(f"/admin/submission-photos/{submission.photos.get().pk}/").status_code == 200


def test_editors_read_a_submission_with_its_photos_checks_and_history(admin_client, callout):
    raw = story_email(body=" ".join(["mile"] * 320))
    submission = inbound_message_receive(raw, channel="import").submission
    html = admin_client.get(f"/admin/submissions/inspect/{submission.pk}/").content.decode()
    photo = submission.photos.get()
    assert f'src="/admin/submission-photos/{photo.pk}/"' in html
    assert "320 words, over the 300-word guidance." in html
    assert "received" in html
    assert "<p>mile mile" in html  # paragraphs kept
    assert f'href="/admin/inbound-mail/{submission.inbound_message.pk}/raw/"' in html


def test_the_admin_escapes_what_submitters_wrote(admin_client, submission):
    html = admin_client.get(f"/admin/submissions/inspect/{submission.pk}/").content.decode()
    assert "&lt;script&gt;alert" in html
    assert "<script>alert" not in html


def test_editors_download_unrouted_mail_from_its_page(admin_client, callout):
    from milepost.intake.models import InboundMessage

    inbound_message_receive(story_email(subject="A question"), channel="import")
    message = InboundMessage.objects.get()
    html = admin_client.get(f"/admin/inbound_messages/inspect/{message.pk}/").content.decode()
    assert "No callout matched" in html
    assert f'href="/admin/inbound-mail/{message.pk}/raw/"' in html
