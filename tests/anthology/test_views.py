"""The contributor's permission flow over HTTP, from the emailed link to revocation."""

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client

from milepost.anthology.models import BookPermission
from milepost.anthology.services import book_permission_request
from milepost.core.models import OutgoingEmail, OutgoingEmailStatus
from tests.smtp import notice_refused_then_delivered


def _link(entry):
    permission = book_permission_request(entry)
    return permission, f"/your-book-permission/{permission.token}/"


def test_the_page_shows_the_edited_story_privately(client, entry):
    permission, link = _link(entry)
    response = client.get(link)
    assert response.status_code == 200
    assert "The hill was steep &amp; long." in response.text
    assert "At the top of the hill, at last." in response.text
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
    photo = client.get(f"{link}photos/1/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert client.get(f"{link}photos/2/").status_code == 404


def test_a_wrong_token_finds_nothing(client, entry):
    _link(entry)
    assert client.get("/your-book-permission/not-a-token/").status_code == 404
    assert client.get("/your-book-permission/not-a-token/photos/1/").status_code == 404


def test_grant_records_the_typed_name_time_and_address(client, entry):
    permission, link = _link(entry)
    response = client.post(
        f"{link}answer/", {"answer": "grant", "name": "  Jane Doe "}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 302
    permission.refresh_from_db()
    entry.refresh_from_db()
    assert (permission.granted_name, permission.granted_ip) == ("Jane Doe", "192.0.2.7")
    assert permission.granted_at is not None
    assert entry.status == "permission_granted"
    assert "You gave permission as" in client.get(link).text


def test_grant_without_a_name_is_refused_and_nothing_changes(client, entry):
    permission, link = _link(entry)
    response = client.post(f"{link}answer/", {"answer": "grant", "name": " "}, follow=True)
    assert "Please type your name" in response.text
    permission.refresh_from_db()
    assert permission.granted_at is None


def test_decline(client, entry):
    permission, link = _link(entry)
    client.post(f"{link}answer/", {"answer": "decline"})
    permission.refresh_from_db()
    entry.refresh_from_db()
    assert permission.declined_at is not None and entry.status == "permission_declined"


def test_revoke_drops_the_entry_and_tells_the_editors(
    client, entry, editor, django_capture_on_commit_callbacks
):
    permission, link = _link(entry)
    client.post(f"{link}answer/", {"answer": "grant", "name": "Jane Doe"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{link}revoke/", follow=True)
    assert "your story is out of the book" in response.text
    entry.refresh_from_db()
    assert entry.status == "permission_revoked"
    assert BookPermission.objects.get().revoked_at is not None
    (notice,) = mail.outbox
    assert editor.email in notice.to and "Permission revoked" in notice.subject


def test_no_revocation_once_the_book_is_final(client, final_book):
    permission = BookPermission.objects.filter(entry__anthology=final_book).first()
    link = f"/your-book-permission/{permission.token}/"
    assert "Revoke my permission" not in client.get(link).text
    response = client.post(f"{link}revoke/", follow=True)
    assert "has gone to print with your story" in response.text
    permission.refresh_from_db()
    assert permission.revoked_at is None and permission.entry.status == "final"


@pytest.mark.django_db(transaction=True)  # the worker opens and closes its own connections
def test_revoking_works_with_the_mail_server_down_and_the_editors_hear_once_it_is_back(
    entry, mail_server_down
):
    editor = User.objects.create_user("edna", email="edna@milepost.example")
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    permission, link = _link(entry)
    client = Client(raise_request_exception=False)
    client.post(f"{link}answer/", {"answer": "grant", "name": "Jane Doe"})

    response = client.post(f"{link}revoke/")

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "permission_revoked"
    notice = OutgoingEmail.objects.get(subject__startswith="Permission revoked")
    assert (notice.status, notice.to) == (OutgoingEmailStatus.PENDING, "edna@milepost.example")

    messages = notice_refused_then_delivered(notice, mail_server_down)
    subjects = sorted(" ".join(m["Subject"].split()) for m in messages)
    assert subjects == [
        f"May we print your story “{entry.title}” in “{entry.anthology.title}”?",
        f"Permission revoked: “{entry.title}” is out of “{entry.anthology.title}”",
    ]
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (OutgoingEmailStatus.SENT, 2)


def _preview(page: str) -> str:
    return page.split('<section class="story-as-edited book-preview">')[1].split("</section>")[0]


def test_the_preview_shows_the_byline_as_printed_and_no_inline_style(client, entry):
    _, link = _link(entry)
    page = client.get(link).text
    preview = _preview(page)
    assert '<p class="book-preview__title">The hill on Pine Street</p>' in preview
    assert '<p class="book-preview__byline">St. Louis, MO mother runner Jane Doe, 32</p>' in preview
    # The public pages' CSP allows styles from the stylesheet only.
    assert "style=" not in page and "<style" not in page
    assert '<link rel="stylesheet" href="/static/css/milepost.css">' in page
    decline = page.split('value="decline"')[1].split(">")[0]
    assert 'class="button button--secondary"' in decline


def test_a_final_books_preview_shows_the_byline_it_printed(client, final_book):
    permission = BookPermission.objects.filter(entry__anthology=final_book).first()
    story = permission.entry.story
    story.descriptor = "trail runner"
    story.save()
    page = client.get(f"/your-book-permission/{permission.token}/").text
    assert "St. Louis, MO mother runner Jane Doe, 32" in _preview(page)
    assert "trail runner" not in page
