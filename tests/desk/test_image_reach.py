"""Story photos in the image library: an editor limited to callout A finds none of callout B's
(its unpublished runners' photos and captions) in the library, its search, the chooser, the
admin API or any of an image's own pages, and cannot upload or move an image into B's
collection; an editor of every callout finds both."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model

from milepost.callouts.models import Callout
from milepost.desk.models import CalloutEditor
from milepost.desk.services import story_draft_create
from milepost.intake.services import inbound_message_receive
from milepost.submissions.models import SubmissionStatus
from milepost.submissions.services import submission_transition
from tests.factories import story_index_create
from tests.intake.mail import story_email

pytestmark = pytest.mark.django_db

A_CAPTION = "Wombat crossing on Pine Street"
B_CAPTION = "Quokkadrome runner at the tape"


@dataclass
class Library:
    callout_a: Callout
    callout_b: Callout
    image_a: object
    image_b: object


def _story_image(callout, address, caption, chief):
    raw = story_email(to=address, body="The last mile.\n\nJo Bloggs, 41, Boise, ID")
    submission = inbound_message_receive(raw, channel="import").submission
    assert submission.callout == callout
    submission.photos.update(caption=caption)
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=chief)
    return story_draft_create(submission, actor=chief).photos.get().image


def _client(username, callout=None):
    user = User.objects.create_user(username, email=f"{username}@milepost.example")
    user.groups.add(Group.objects.get(name="Editors"))
    if callout is not None:
        CalloutEditor.objects.create(user=user, callout=callout)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def library(home_page):
    callout_a = story_index_create(home_page).callout
    callout_b = story_index_create(home_page, title="First Race", slug="first-race").callout
    Callout.objects.filter(pk=callout_a.pk).update(recipient_addresses="mile@milepost.example")
    Callout.objects.filter(pk=callout_b.pk).update(recipient_addresses="race@milepost.example")
    chief = User.objects.create_superuser("chief", "chief@milepost.example")
    image_a = _story_image(callout_a, "mile@milepost.example", A_CAPTION, chief)
    image_b = _story_image(callout_b, "race@milepost.example", B_CAPTION, chief)
    return Library(callout_a, callout_b, image_a, image_b)


@pytest.fixture
def editor_of_a(library):
    return _client("anna", library.callout_a)


def _listings(word):
    return [
        f"/admin/images/?q={word}",
        f"/admin/images/results/?q={word}",
        f"/admin/images/chooser/?q={word}",
        f"/admin/images/chooser/results/?q={word}",
        f"/admin/api/main/images/?search={word}",
        "/admin/images/",
        "/admin/images/chooser/",
        "/admin/api/main/images/",
    ]


def _image_urls(image_id):
    names = (
        "wagtailimages:edit",
        "wagtailimages:delete",
        "wagtailimages:url_generator",
        "wagtailimages:url_generator_output",
        "wagtailimages:image_usage",
        "wagtailimages:edit_multiple",
        "wagtailimages:delete_multiple",
        "wagtailimages_chooser:chosen",
        "wagtailimages_chooser:select_format",
    )
    urls = [reverse(name, args=[image_id]) for name in names]
    urls.append(reverse("wagtailimages:preview", args=[image_id, "original"]))
    urls.append(f"/admin/api/main/images/{image_id}/")
    for action in ("delete", "add_tags", "add_to_collection"):
        path = reverse("wagtail_bulk_action", args=["wagtailimages", "image", action])
        urls.append(f"{path}?id={image_id}")
    return urls


def test_a_story_photo_is_kept_in_its_callouts_own_collection(library):
    collection = Callout.objects.get(pk=library.callout_b.pk).image_collection
    assert library.image_b.collection == collection
    assert collection.name == library.callout_b.title
    assert library.image_a.collection != collection


def test_an_editor_of_one_callout_finds_none_of_anothers_photos(library, editor_of_a):
    # Choosing several answers with those in reach: none.
    chosen = f"/admin/images/chooser/chosen-multiple/?id={library.image_b.pk}"
    for url in _listings("runner") + _listings("Quokkadrome") + [chosen]:
        response = editor_of_a.get(url)
        assert response.status_code == 200, url
        assert B_CAPTION not in response.content.decode(), url
        assert library.callout_b.title not in response.content.decode(), url


def test_an_editor_of_one_callout_finds_and_chooses_their_own(library, editor_of_a):
    for url in _listings("Wombat")[:5]:
        assert A_CAPTION in editor_of_a.get(url).content.decode(), url
    chosen = editor_of_a.get(reverse("wagtailimages_chooser:chosen", args=[library.image_a.pk]))
    assert chosen.status_code == 200
    assert A_CAPTION in chosen.content.decode()


def test_each_page_of_anothers_photo_is_refused(library, editor_of_a):
    image_b = library.image_b
    for url in _image_urls(image_b.pk):
        for method in ("get", "post"):
            response = getattr(editor_of_a, method)(url, {"title": "Retitled", "tags": "x"})
            # 405: the admin API answers no POST at all.
            assert response.status_code in (403, 404, 405), f"{method} {url}"
            assert B_CAPTION not in response.content.decode(), f"{method} {url}"
    image_b.refresh_from_db()
    assert (image_b.title, list(image_b.tags.names())) == (B_CAPTION, [])


def test_no_image_goes_into_anothers_collection(library, editor_of_a):
    collection_b = Callout.objects.get(pk=library.callout_b.pk).image_collection
    image_a = library.image_a
    edit = editor_of_a.get(reverse("wagtailimages:edit", args=[image_a.pk])).content.decode()
    assert library.callout_b.title not in edit
    upload = editor_of_a.get(reverse("wagtailimages:add_multiple")).content.decode()
    assert library.callout_b.title not in upload

    editor_of_a.post(
        reverse("wagtailimages:edit", args=[image_a.pk]),
        {"title": image_a.title, "collection": collection_b.pk},
    )
    bulk = reverse("wagtail_bulk_action", args=["wagtailimages", "image", "add_to_collection"])
    editor_of_a.post(f"{bulk}?id={image_a.pk}", {"collection": collection_b.pk})

    assert get_image_model().objects.get(pk=image_a.pk).collection_id == image_a.collection_id
    # The same move by an editor of every callout is made: the refusal was the reach.
    _client("ada").post(f"{bulk}?id={image_a.pk}", {"collection": collection_b.pk})
    assert get_image_model().objects.get(pk=image_a.pk).collection_id == collection_b.pk


def test_an_editor_of_every_callout_finds_both(library):
    editor = _client("ada")
    for url in _listings("runner")[:5]:
        assert B_CAPTION in editor.get(url).content.decode(), url
    body = editor.get("/admin/images/").content.decode()
    assert A_CAPTION in body and B_CAPTION in body
    assert editor.get(reverse("wagtailimages:edit", args=[library.image_b.pk])).status_code == 200
