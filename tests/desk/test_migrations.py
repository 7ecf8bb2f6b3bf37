"""The reviewing group is called Reviewers, also where a database had only Wagtail's Moderators."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group, User

from milepost.core.groups import REVIEWERS

rename = importlib.import_module("milepost.desk.migrations.0003_moderators_become_reviewers")


def test_a_database_without_reviewers_has_its_moderators_renamed(db):
    Group.objects.filter(name=REVIEWERS).delete()
    moderators = Group.objects.get(name="Moderators")
    member = User.objects.create_user("mo")
    member.groups.add(moderators)
    permissions = set(moderators.permissions.all())

    rename.moderators_rename(apps, None)

    reviewers = Group.objects.get(name=REVIEWERS)
    assert reviewers.pk == moderators.pk
    assert list(reviewers.user_set.all()) == [member]
    assert set(reviewers.permissions.all()) == permissions
    assert not Group.objects.filter(name="Moderators").exists()


def test_where_both_groups_exist_each_keeps_its_members_and_permissions(db):
    before = {
        group.name: (set(group.permissions.all()), set(group.user_set.all()))
        for group in Group.objects.filter(name__in=[REVIEWERS, "Moderators"])
    }
    assert set(before) == {REVIEWERS, "Moderators"}

    rename.moderators_rename(apps, None)

    after = {
        group.name: (set(group.permissions.all()), set(group.user_set.all()))
        for group in Group.objects.filter(name__in=[REVIEWERS, "Moderators"])
    }
    assert after == before
