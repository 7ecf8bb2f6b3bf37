"""Editors' own images are stored as privacy-safe masters, however they arrive."""

import io
import json
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from PIL import ExifTags, Image
from wagtail.images import get_image_model
from wagtail.users.models import UserProfile
from wagtail.utils.file import hash_filelike

from milepost.stories.models import StoryPagePhoto
from tests.factories import story_create
from tests.photos import images

pytestmark = pytest.mark.django_db

ImageModel = get_image_model()


def metadata_of(data: bytes) -> dict:
    """What a file tells about where and by whom it was taken (empty for a clean file)."""
    image = Image.open(io.BytesIO(data))
    found = {key: image.info[key] for key in ("exif", "xmp", "comment") if key in image.info}
    if gps := image.getexif().get_ifd(ExifTags.IFD.GPSInfo):
        found["gps"] = dict(gps)
    if tags := dict(image.getexif()):
        found["exif_tags"] = tags
    return found


def assert_stored_clean(image) -> None:
    image.refresh_from_db()
    data = image.file.open("rb").read()
    assert metadata_of(data) == {}
    assert Image.open(io.BytesIO(data)).info.get("icc_profile")  # colours as the camera saw
    assert (image.width, image.height) == Image.open(io.BytesIO(data)).size
    assert image.file_size == len(data)
    assert image.file_hash == hash_filelike(io.BytesIO(data))


def media_files_with_gps(settings) -> list[str]:
    dirty = []
    for folder, _, names in os.walk(settings.MEDIA_ROOT):
        for name in names:
            path = os.path.join(folder, name)
            with Image.open(path) as image:
                if image.getexif().get_ifd(ExifTags.IFD.GPSInfo) or "exif" in image.info:
                    dirty.append(path)
    return dirty


def test_the_fixture_is_dirty():
    assert {"gps", "exif", "xmp", "comment"} <= set(metadata_of(images.jpeg_full_of_metadata()))


def test_an_admin_upload_keeps_no_gps_in_the_original_or_any_rendition(
    client, admin_client, story_index, settings
):
    upload = SimpleUploadedFile(
        "IMG_1234.jpg", images.jpeg_full_of_metadata(orientation=6, size=(1200, 800)), "image/jpeg"
    )
    response = admin_client.post("/admin/images/add/", {"title": "Finish line", "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    image = ImageModel.objects.get(title="Finish line")
    assert_stored_clean(image)
    assert (image.width, image.height) == (800, 1200)  # turned upright, as the camera meant
    assert image.file.name.endswith(".jpg")

    story = story_create(story_index, photo=False)
    StoryPagePhoto.objects.create(page=story, image=image, alt_text="A runner at the finish")
    html = client.get(story.url).content.decode()
    urls = {
        url.split()[0]
        for attribute in html.split('src="')[1:] + html.split('srcset="')[1:]
        for url in attribute.split('"')[0].split(",")
        if "/media/images/" in url
    }
    jpegs = [url for url in urls if url.endswith(".jpg")]
    assert jpegs, html
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert metadata_of(b"".join(response.streaming_content)) == {}, url
    assert media_files_with_gps(settings) == []


def test_replacing_an_image_file_in_the_admin_stores_a_master(admin_client):
    image = ImageModel.objects.create(
        title="Bridge", file=ImageFile(io.BytesIO(images.encoded(images.picture(), "PNG")), "b.png")
    )
    upload = SimpleUploadedFile("new.webp", images.webp_with_exif(), "image/webp")
    response = admin_client.post(
        f"/admin/images/{image.pk}/", {"title": "Bridge", "file": upload, "tags": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_stored_clean(image)
    assert image.file.name.endswith(".webp")


def test_the_multiple_uploader_stores_a_master(admin_client):
    upload = SimpleUploadedFile("a.png", images.png_with_text(), "image/png")
    response = admin_client.post("/admin/images/multiple/add/", {"files[]": upload})
    assert json.loads(response.content)["success"] is True
    image = ImageModel.objects.get()
    image.refresh_from_db()
    data = image.file.open("rb").read()
    assert metadata_of(data) == {}
    assert b"Jane Private Doe" not in data and b"XMP" not in data


def test_an_image_made_in_code_is_stored_as_a_master():
    image = ImageModel.objects.create(
        title="Loader", file=ImageFile(io.BytesIO(images.jpeg_full_of_metadata()), "x.jpg")
    )
    assert_stored_clean(image)


def test_a_heic_upload_becomes_a_clean_jpeg(admin_client):
    upload = SimpleUploadedFile("IMG_0001.HEIC", images.heic_with_exif(), "image/heic")
    response = admin_client.post("/admin/images/add/", {"title": "iPhone", "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    image = ImageModel.objects.get(title="iPhone")
    assert image.file.name.endswith(".jpg")
    data = image.file.open("rb").read()
    assert data.startswith(b"\xff\xd8\xff")
    assert metadata_of(data) == {}
    assert (image.width, image.height) == (60, 40)


def test_an_upload_that_cannot_be_a_master_is_refused_with_the_reason(admin_client):
    whole = images.encoded(images.noise(), "JPEG", quality=90)
    upload = SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2], "image/jpeg")
    response = admin_client.post("/admin/images/add/", {"title": "Cut short", "file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This photo cannot be used: image data is broken or truncated." in html
    assert not ImageModel.objects.exists()


def test_editing_the_title_leaves_the_file_alone(admin_client):
    image = ImageModel.objects.create(
        title="Old", file=ImageFile(io.BytesIO(images.jpeg_full_of_metadata()), "x.jpg")
    )
    name = image.file.name
    response = admin_client.post(f"/admin/images/{image.pk}/", {"title": "New", "tags": ""})
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.title, image.file.name) == ("New", name)


# milepost photos_clean


def dirty_image_stored_before_the_fix(title="Old upload"):
    """An image saved the way Wagtail did before masters: the file kept as uploaded."""
    image = ImageModel.objects.create(
        title=title, file=ImageFile(io.BytesIO(images.encoded(images.picture(), "PNG")), "c.png")
    )
    name = default_storage.save(
        "original_images/IMG_9.jpg", ContentFile(images.jpeg_full_of_metadata())
    )
    ImageModel.objects.filter(pk=image.pk).update(file=name, file_hash="", file_size=None)
    image.refresh_from_db()
    image.get_rendition("width-50|format-jpeg")
    image.get_rendition("fill-20x20")
    return image


def run_photos_clean(django_capture_on_commit_callbacks) -> str:
    output = io.StringIO()
    # Wagtail deletes a rendition's file once the deletion is committed.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("photos_clean", stdout=output)
    return output.getvalue()


def test_photos_clean_remasters_stored_images_and_drops_their_renditions(
    settings, django_capture_on_commit_callbacks
):
    image = dirty_image_stored_before_the_fix()
    clean = ImageModel.objects.create(
        title="Clean", file=ImageFile(io.BytesIO(images.jpeg_full_of_metadata()), "y.jpg")
    )
    clean_name = clean.file.name
    assert media_files_with_gps(settings)  # the original and its JPEG rendition carry GPS

    output = run_photos_clean(django_capture_on_commit_callbacks)

    assert f"Cleaned image {image.pk} “Old upload”: original_images/IMG_9.jpg → " in output
    assert "2 renditions deleted" in output
    assert "1 images cleaned." in output
    assert_stored_clean(image)
    assert image.renditions.count() == 0
    assert media_files_with_gps(settings) == []
    assert not default_storage.exists("original_images/IMG_9.jpg")
    clean.refresh_from_db()
    assert clean.file.name == clean_name
    # Renditions made again come from the clean original.
    image.get_rendition("width-50|format-jpeg")
    assert media_files_with_gps(settings) == []


def test_photos_clean_is_idempotent(django_capture_on_commit_callbacks):
    dirty_image_stored_before_the_fix()
    run_photos_clean(django_capture_on_commit_callbacks)
    output = run_photos_clean(django_capture_on_commit_callbacks)
    assert output.splitlines() == ["0 images cleaned.", "0 avatars cleaned."]


def _lost(image) -> None:
    default_storage.delete(image.file.name)


def _truncated(image) -> None:
    """Its metadata (GPS included) survives at the head; the picture after it does not."""
    default_storage.delete(image.file.name)
    whole = images.jpeg_full_of_metadata(size=(800, 600))
    default_storage.save(image.file.name, ContentFile(whole[: len(whole) // 2]))


@pytest.mark.parametrize("damage", [_lost, _truncated])
def test_photos_clean_reports_a_file_it_cannot_read_and_cleans_the_rest(
    django_capture_on_commit_callbacks, capsys, damage
):
    missing = dirty_image_stored_before_the_fix("Lost upload")
    image = dirty_image_stored_before_the_fix()
    damage(missing)

    with pytest.raises(CommandError, match="1 files could not be cleaned"):
        run_photos_clean(django_capture_on_commit_callbacks)

    assert f"Could not clean image {missing.pk} “Lost upload”" in capsys.readouterr().err
    assert_stored_clean(image)


def test_photos_clean_remasters_an_avatar_stored_before_avatars_were_masters(
    admin_user, settings, django_capture_on_commit_callbacks
):
    name = default_storage.save(
        "avatar_images/avatar_me.jpg", ContentFile(images.jpeg_full_of_metadata(size=(300, 200)))
    )
    UserProfile.objects.filter(pk=UserProfile.get_for_user(admin_user).pk).update(avatar=name)
    assert media_files_with_gps(settings)

    output = run_photos_clean(django_capture_on_commit_callbacks)

    assert f"Cleaned the avatar of user {admin_user.pk}" in output
    assert media_files_with_gps(settings) == []
    avatar = UserProfile.get_for_user(admin_user).avatar
    assert metadata_of(avatar.open("rb").read()) == {}


# Editors' avatars (Wagtail keeps one of up to 400 px as uploaded)


def account_form_data(admin_client) -> dict:
    """What the account page posts back unchanged, every panel's fields included."""
    panels = admin_client.get("/admin/account/").context["panels_by_tab"].values()
    data = {}
    for panel in (panel for tab_panels in panels for panel in tab_panels):
        form = panel.get_form()
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value not in (None, "", False) and not hasattr(value, "url"):
                data[form.add_prefix(name)] = value
    return data


def test_an_avatar_upload_keeps_no_gps(admin_client, admin_user, settings):
    admin_user.first_name, admin_user.last_name = "Ada", "Editor"
    admin_user.save()
    upload = SimpleUploadedFile(
        "me.jpg", images.jpeg_full_of_metadata(orientation=6, size=(300, 200)), "image/jpeg"
    )
    data = {**account_form_data(admin_client), "avatar-avatar": upload}
    response = admin_client.post("/admin/account/", data)
    assert response.status_code == 302
    avatar = UserProfile.get_for_user(admin_user).avatar
    assert avatar.name.startswith("avatar_images/")
    data = avatar.open("rb").read()
    assert metadata_of(data) == {}
    assert Image.open(io.BytesIO(data)).size == (200, 300)  # upright
    assert media_files_with_gps(settings) == []
