"""Open erasure requests reach the editors on the admin's home page, with their deadlines."""

from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from milepost.privacy.models import ErasureRequest
from milepost.privacy.services import erasure_request_create


@pytest.fixture
def editor_client(client, db):
    user = User.objects.create_user("erin", password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_the_today_panel_lists_open_erasure_requests_with_their_deadlines(editor_client, person):
    request = erasure_request_create(person)
    ErasureRequest.objects.filter(pk=request.pk).update(due_by=timezone.now() - timedelta(days=1))
    due = timezone.localtime(timezone.now() - timedelta(days=1))

    page = unescape(editor_client.get("/admin/").content.decode())

    assert f"Erasure request {person.reference}: due by {due:%B} {due.day} (overdue)" in page
    assert 'href="/admin/personal-data/"' in page
