"""Desk fixtures: a submission that came by email to a callout with a page, and the two roles."""

import pytest
from django.contrib.auth.models import Group, User

from milepost.intake.services import inbound_message_receive
from tests.intake.mail import story_email


@pytest.fixture
def submission(story_index):
    raw = story_email(
        body="My <script>alert('x')</script> mile.\n\nSecond paragraph.\n\n"
        "Jane Doe, 32, St. Louis, MO"
    )
    return inbound_message_receive(raw, channel="import").submission


def _member(username, group):
    user = User.objects.create_user(
        username, email=f"{username}@milepost.example", password="pw-for-tests-only"
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return _member("edna", "Editors")


@pytest.fixture
def reviewer(db):
    return _member("rex", "Reviewers")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client
