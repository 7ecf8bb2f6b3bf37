"""Editors read inbound mail in the admin."""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import ModelLogEntry

from milepost.intake.models import InboundMessage
from milepost.intake.services import inbound_message_receive
from tests.intake.mail import story_email

pytestmark = pytest.mark.django_db


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


def test_moderators_read_mail_but_may_not_download_it(client, callout):
    message = inbound_message_receive(story_email(), channel="import").inbound_message
    group_member(client, "mo", "Moderators")
    html = client.get(f"/admin/inbound_messages/inspect/{message.pk}/").content.decode()
    assert "Kept; Editors may download it" in html
    assert message.get_raw_download_url() not in html
    response = client.get(message.get_raw_download_url())
    # Wagtail turns the refusal into a redirect to the dashboard with a "no permission" note.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not response.has_header("Content-Disposition")
    assert not message.submission.events.filter(action="raw email downloaded").exists()


def test_an_editors_download_is_in_the_submissions_history(client, callout):
    message = inbound_message_receive(story_email(), channel="import").inbound_message
    group_member(client, "ed", "Editors")
    response = client.get(message.get_raw_download_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == message.raw.open().read()
    event = message.submission.events.get(action="raw email downloaded")
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
