"""Editors read inbound mail in the admin."""

import pytest

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
