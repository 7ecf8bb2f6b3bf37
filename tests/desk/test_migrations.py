"""The desk's data migrations: the reviewing group is called Reviewers, also where a database
had only Wagtail's Moderators; each callout's story photos are kept in its own collection."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group, User
from wagtail.images import get_image_model
from wagtail.models import Collection

from milepost.callouts.models import Callout
from milepost.core.groups import REVIEWERS
from milepost.stories.models import StoryPagePhoto
from tests.factories import image_create, story_create, story_index_create

rename = importlib.import_module("milepost.desk.migrations.0003_moderators_become_reviewers")
collections = importlib.import_module(
    "milepost.desk.migrations.0006_story_photos_in_callout_collections"
)


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


def test_each_callouts_story_photos_go_into_a_collection_of_its_own(home_page):
    index_a = story_index_create(home_page)
    index_b = story_index_create(home_page, title="First Race", slug="first-race")
    photo_a = story_create(index_a, title="Pine Street").photos.get()
    story_create(index_b, title="Finish line")
    shared = story_create(index_b, title="Both", photo=False)
    shared.photos = [StoryPagePhoto(image=photo_a.image)]
    shared.save()
    uploaded = image_create("Logo")

    collections.forwards(apps, None)

    callout_a, callout_b = (Callout.objects.get(pk=i.callout_id) for i in (index_a, index_b))
    root = Collection.get_first_root_node()
    assert callout_b.image_collection.name == "First Race"
    assert callout_b.image_collection.get_parent() == root
    assert callout_a.image_collection is None  # its one photo is shown in B's stories too
    image_collection = dict(get_image_model().objects.values_list("title", "collection"))
    assert image_collection == {
        "Pine Street": root.pk,
        "Finish line": callout_b.image_collection.pk,
        "Logo": root.pk,
    }
    assert uploaded.collection == root
    # A collection made afterwards by Wagtail fits in the tree beside it.
    assert root.add_child(name="Later").get_parent() == root
