"""Editors read submissions in the admin; visitors never reach private files."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from wagtail.models import ModelLogEntry

from milepost.intake.models import InboundMessage
from milepost.intake.services import inbound_message_receive
from milepost.submissions.models import EventAction
from tests.desk.forms import story_publish_fields
from tests.intake.mail import story_email

pytestmark = pytest.mark.django_db


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
    assert admin_client.get("/admin/submissions/add/").status_code in {302, 403}


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


def test_editors_see_the_word_count_next_to_the_limit(admin_client, callout):
    callout.soft_word_limit = 300
    callout.save()
    raw = Path(__file__).parent.parent / "intake" / "messages" / "iphone_299_words.eml"
    submission = inbound_message_receive(raw.read_bytes(), channel="import").submission

    listing = admin_client.get("/admin/submissions/").content.decode()
    html = admin_client.get(f"/admin/submissions/inspect/{submission.pk}/").content.decode()

    assert re.search(r"<th[^>]*>\s*(?:<a[^>]*>\s*)?Words", listing)
    assert re.search(r"<td[^>]*>\s*299 / 300\s*</td>", listing)
    assert "299 / 300 (the callout's word guidance)" in unescape(html)
    assert not submission.checks.filter(code="over_word_limit").exists()


def test_editors_download_unrouted_mail_from_its_page(admin_client, callout):
    inbound_message_receive(story_email(subject="A question"), channel="import")
    message = InboundMessage.objects.get()
    html = admin_client.get(f"/admin/inbound_messages/inspect/{message.pk}/").content.decode()
    assert "No callout matched" in html
    assert f'href="/admin/inbound-mail/{message.pk}/raw/"' in html


def group_member(client, username, group):
    user = User.objects.create_user(username, password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


def test_a_group_that_reads_mail_may_not_download_it(client, callout):
    message = inbound_message_receive(story_email(), channel="import").inbound_message
    group_member(client, "rex", "Reviewers")
    Group.objects.get(name="Reviewers").permissions.add(
        Permission.objects.get(codename="view_inboundmessage")
    )
    html = client.get(f"/admin/inbound_messages/inspect/{message.pk}/").content.decode()
    assert "Kept; Editors may download it" in html
    assert message.get_raw_download_url() not in html
    response = client.get(message.get_raw_download_url())
    assert response.status_code == 403
    assert not response.has_header("Content-Disposition")
    assert not message.submission.events.filter(action=EventAction.RAW_EMAIL_DOWNLOADED).exists()


def test_an_editors_download_is_in_the_submissions_history(client, callout):
    message = inbound_message_receive(story_email(), channel="import").inbound_message
    group_member(client, "ed", "Editors")
    response = client.get(message.get_raw_download_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == message.raw.open().read()
    event = message.submission.events.get(action=EventAction.RAW_EMAIL_DOWNLOADED)
    assert (event.actor.username, event.actor_label) == ("ed", "ed")
    html = client.get(f"/admin/submissions/inspect/{message.submission.pk}/").content.decode()
    assert f"{event.at:%Y-%m-%d %H:%M} — ed: raw email downloaded" in html


def test_an_unrouted_messages_downloads_are_on_its_page(client, callout):
    message = inbound_message_receive(
        story_email(subject="A question"), channel="import"
    ).inbound_message
    editor = group_member(client, "ed", "Editors")
    page = f"/admin/inbound_messages/inspect/{message.pk}/"
    assert "Never downloaded" in client.get(page).content.decode()
    assert client.get(message.get_raw_download_url()).status_code == 200
    html = client.get(page).content.decode()
    assert "Downloaded by" in html
    entry = ModelLogEntry.objects.get(user=editor)
    assert f"{entry.timestamp:%Y-%m-%d %H:%M} — ed" in html


@pytest.mark.parametrize(
    ("status", "refusal"),
    [
        ("withdrawn", "the submitter withdrew the story"),
        ("declined", "its submission was declined"),
        ("spam", "its submission is marked as spam"),
    ],
)
def test_a_story_taken_back_or_turned_down_cannot_be_published(
    editor_client, editor, submission, status, refusal
):
    from milepost.desk.services import story_draft_create
    from milepost.submissions.models import SubmissionStatus
    from milepost.submissions.services import submission_transition, submission_withdraw

    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=editor)
    story = story_draft_create(submission, actor=editor)
    if status == "withdrawn":
        submission_withdraw(submission)
    else:
        # Back in review, then turned down: the draft stays behind.
        submission = submission_transition(submission, SubmissionStatus.IN_REVIEW, actor=editor)
        submission_transition(submission, status, actor=editor)
    response = editor_client.post(
        f"/admin/pages/{story.pk}/edit/", story_publish_fields(story), follow=True
    )
    assert f"was not published: {refusal}." in unescape(response.content.decode())
    story.refresh_from_db()
    assert not story.live
    submission.refresh_from_db()
    assert submission.status == status


def test_where_the_callout_asks_a_story_waits_for_the_submitters_approval_of_its_edit(
    editor_client, editor, submission
):
    from milepost.desk.services import story_draft_create, submission_approval_request
    from milepost.submissions.models import SubmissionStatus
    from milepost.submissions.services import submission_approval_answer, submission_transition

    submission.callout.submitter_approval = True
    submission.callout.save()
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=editor)
    story = story_draft_create(submission, actor=editor)
    edit_url = f"/admin/pages/{story.pk}/edit/"
    awaited = "was not published: the submitter's approval of this edit is awaited."
    fields = story_publish_fields(story)

    def publish(**changes):
        response = editor_client.post(edit_url, {**fields, **changes}, follow=True)
        story.refresh_from_db()
        return unescape(response.content.decode())

    assert awaited in publish() and not story.live  # not asked yet
    submission_approval_request(submission, actor=editor)
    assert awaited in publish() and not story.live  # asked, not answered
    submission_approval_answer(submission, approve=False, message="My age is 33.")
    assert awaited in publish() and not story.live
    submission_approval_request(submission, actor=editor)
    submission_approval_answer(submission, approve=True)
    assert awaited in publish(lede="Edited after the approval.") and not story.live
    assert awaited not in publish() and story.live  # the version the submitter approved
    submission.refresh_from_db()
    assert submission.status == "published"
