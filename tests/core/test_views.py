"""/media/ serves images only; documents only as downloads; sign-in is throttled."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from wagtail.documents import get_document_model

from tests.photos.images import encoded, picture

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def media_file(settings, name: str, content: bytes):
    path = settings.MEDIA_ROOT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


# /media/: images only


@pytest.mark.parametrize(
    ("name", "format", "content_type"),
    [
        ("original_images/hill.jpg", "JPEG", "image/jpeg"),
        ("images/hill.width-800.png", "PNG", "image/png"),
        ("images/hill.width-800.webp", "WEBP", "image/webp"),
        ("images/hill.gif", "GIF", "image/gif"),
        ("images/hill.width-800.avif", "AVIF", "image/avif"),
    ],
)
def test_media_serves_images_safely(client, settings, name, format, content_type):
    content = encoded(picture(), format)
    media_file(settings, name, content)
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "public" in response["Cache-Control"]
    assert "max-age=2592000" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("documents/evil.html", HTML),
        ("documents/evil.svg", SVG),
        ("original_images/evil.svg", SVG),
        ("original_images/evil.jpg", HTML),  # the name says image, the bytes say page
        ("original_images/evil.html", encoded(picture(), "JPEG")),  # and the other way round
        ("original_images/swapped.png", encoded(picture(), "JPEG")),
        ("original_images/notes.txt", b"hello"),
        ("original_images/empty.jpg", b""),
    ],
)
def test_media_refuses_anything_else(client, settings, name, content):
    media_file(settings, name, content)
    assert client.get(f"/media/{name}").status_code == 404


def test_media_has_no_listing_and_no_way_out(client, settings):
    media_file(settings, "original_images/hill.jpg", encoded(picture(), "JPEG"))
    secret = settings.PRIVATE_ROOT / "inbound" / "secret.jpg"
    secret.parent.mkdir(parents=True)
    secret.write_bytes(encoded(picture(), "JPEG"))
    assert client.get("/media/").status_code == 404
    assert client.get("/media/original_images/").status_code == 404
    for path in (
        "/media/../private/inbound/secret.jpg",
        "/media/%2e%2e/private/inbound/secret.jpg",
        "/media/..%2fprivate/inbound/secret.jpg",
        f"/media/{secret}",
        "/media/original_images/missing.jpg",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post("/media/original_images/hill.jpg").status_code == 405


# Documents: harmless types, served only as attachments through Wagtail's view


def test_an_html_document_upload_is_refused(admin_client):
    upload = SimpleUploadedFile("page.html", HTML, content_type="text/html")
    response = admin_client.post("/admin/documents/add/", {"title": "Page", "file": upload})
    assert response.status_code == 200
    assert "File extension “html” is not allowed" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_a_pdf_document_upload_is_accepted(admin_client):
    upload = SimpleUploadedFile("rules.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = admin_client.post("/admin/documents/add/", {"title": "Rules", "file": upload})
    assert response.status_code == 302
    assert get_document_model().objects.get().title == "Rules"


@pytest.mark.parametrize(("name", "content"), [("evil.html", HTML), ("evil.svg", SVG)])
def test_documents_are_never_served_inline(client, name, content):
    # Stored some other way (older data, code): still never shown as a page.
    document = get_document_model().objects.create(
        title="Evil", file=ContentFile(content, name=name)
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/media/{document.file.name}").status_code == 404


# Sign-in throttling (django-axes)


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", password="the-right-password", is_superuser=True)


def sign_in(client, username, password, **headers):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, follow=True, **headers
    )


def is_signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_forty_wrong_passwords_lock_the_account_until_an_admin_resets_it(client, editor, settings):
    assert settings.AXES_ENABLED  # on in the test settings, as in production
    for attempt in range(40):
        response = sign_in(client, "editor", f"guess-{attempt}", REMOTE_ADDR=f"10.0.0.{attempt}")
    response = sign_in(client, "editor", "the-right-password", REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed sign-ins for this account or from this address" in html
    assert "Sign in" in html  # still Wagtail's sign-in page
    assert not is_signed_in(client)

    call_command("axes_reset", stdout=io.StringIO())
    response = sign_in(client, "editor", "the-right-password")
    assert response.status_code == 200
    assert is_signed_in(client)


def test_one_address_guessing_many_names_is_locked_out(client, editor, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"someone-{attempt}", "guess")
    # The address is locked, whoever it claims to be...
    assert sign_in(client, "editor", "the-right-password").status_code == 429
    assert not is_signed_in(client)
    # ...and the user can still sign in from elsewhere.
    assert (
        sign_in(client, "editor", "the-right-password", REMOTE_ADDR="10.9.9.9").status_code == 200
    )
    assert is_signed_in(client)


def test_a_success_clears_earlier_failures(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "editor", "typo")
    assert sign_in(client, "editor", "the-right-password").status_code == 200
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "editor", "typo")
    assert sign_in(client, "editor", "the-right-password").status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_one_locked(client, editor, settings):
    settings.MILEPOST_TRUST_X_FORWARDED_FOR = True
    User.objects.create_user("other", password="another-right-password", is_superuser=True)
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"x{attempt}", "guess", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    locked = sign_in(
        client, "other", "another-right-password", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy
    )
    assert locked.status_code == 429
    # The proxy's own address is not locked: another client behind it signs in.
    allowed = sign_in(
        client, "other", "another-right-password", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )
    assert allowed.status_code == 200
    assert is_signed_in(client)
