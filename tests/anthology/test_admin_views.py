"""The admin: shortlisting from three places, permission requests, numbered exports run as
tasks, the final one locked, and downloads for editors only."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from milepost.anthology.models import AnthologyExport
from milepost.anthology.services import (
    book_permission_grant,
    book_permission_request,
    entry_transition,
)
from milepost.core.states import InvalidTransition


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run tasks queued after commit, as the worker would."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def _export(client, anthology, fmt="docx", draft=False, proof=False):
    data = {
        "format": fmt,
        **({"draft": "on"} if draft else {}),
        **({"proof": "on"} if proof else {}),
    }
    return client.post(f"/admin/anthology/{anthology.pk}/export/", data)


def test_final_export_is_refused_with_the_report(editor_client, entry):
    response = _export(editor_client, entry.anthology)
    assert response.status_code == 409
    assert "the print-readiness report has 1 blocking finding" in response.text
    assert "Blocking: a final export is refused until these are fixed:" in response.text
    assert "No permission for print: Jane Doe has not been asked. Ask them." in response.text
    assert not AnthologyExport.objects.exists()


def test_a_book_that_cannot_be_made_is_refused_with_what_to_fix(editor_client, anthology):
    response = _export(editor_client, anthology)
    assert response.status_code == 409
    assert "has no stories yet: add entries to a section." in response.text
    assert not AnthologyExport.objects.exists()


def test_exports_are_numbered_downloadable_and_the_final_locked(editor_client, entry, after_commit):
    after_commit(_export, editor_client, entry.anthology, draft=True)
    book_permission_grant(book_permission_request(entry), name="Jane Doe", address="127.0.0.1")
    assert after_commit(_export, editor_client, entry.anthology).status_code == 302
    first, final = AnthologyExport.objects.order_by("number")
    assert [(first.number, first.draft), (final.number, final.draft)] == [(1, True), (2, False)]
    assert final.status == "done" and final.progress == 100 and final.made_by.username == "edna"
    download = editor_client.get(f"/admin/anthology/exports/{final.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"  # a DOCX is a zip
    page = editor_client.get(f"/admin/anthology/{entry.anthology.pk}/")
    assert "final (locked)" in page.text and "the entries are locked" in page.text
    assert _export(editor_client, entry.anthology).status_code == 409
    entry.refresh_from_db()
    assert entry.status == "final"
    with pytest.raises(InvalidTransition, match="locked"):
        entry_transition(entry, "permission_revoked")


def test_a_proof_is_asked_for_beside_the_format_and_never_locks(editor_client, entry, after_commit):
    page = editor_client.get(f"/admin/anthology/{entry.anthology.pk}/")
    assert 'name="proof"' in page.text and "crop marks outside the bleed" in page.text
    response = _export(editor_client, entry.anthology, fmt="docx", draft=True, proof=True)
    assert response.status_code == 409
    assert "Crop marks are for the Print PDF only" in response.text
    assert (
        after_commit(_export, editor_client, entry.anthology, "pdf", True, True).status_code == 302
    )
    export = AnthologyExport.objects.get()
    assert (export.format, export.proof, export.status) == ("pdf", True, "done")
    page = editor_client.get(f"/admin/anthology/{entry.anthology.pk}/")
    assert "<td>draft proof</td>" in page.text
    download = editor_client.get(f"/admin/anthology/exports/{export.pk}/download/")
    assert 'filename="miles-v1-draft-proof.pdf"' in download["Content-Disposition"]


def test_only_editors_download_exports(editor_client, entry, client, after_commit):
    after_commit(_export, editor_client, entry.anthology, draft=True)
    export = AnthologyExport.objects.get()
    url = f"/admin/anthology/exports/{export.pk}/download/"
    client.logout()
    assert client.get(url).status_code in (302, 403)  # anonymous: to the login page
    nobody = User.objects.create_user("nobody", password="pw-tests", is_staff=True)
    client.force_login(nobody)
    assert client.get(url).status_code in (302, 403)
    with pytest.raises(ValueError, match="no public URL"):
        export.file.url  # noqa: B018  (the property is what raises)


def test_request_permission_from_the_admin(editor_client, entry, after_commit):
    url = f"/admin/anthology/entries/{entry.pk}/request-permission/"
    response = after_commit(editor_client.post, url)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "permission_requested"
    assert mail.outbox[0].to == ["jane@example.com"]


def test_shortlist_from_the_story_page_and_the_submission_page(editor_client, anthology, story):
    header = editor_client.get(f"/admin/pages/{story.pk}/edit/")
    assert f"/admin/anthology/shortlist/story/{story.pk}/" in header.text
    desk_page = editor_client.get(reverse("desk_submissions:inspect", args=[story.submission.pk]))
    url = f"/admin/anthology/shortlist/submission/{story.submission.pk}/"
    assert url in desk_page.text
    response = editor_client.post(url, {"anthology": anthology.pk})
    assert response.status_code == 302
    assert anthology.entries.get().story == story


def test_shortlist_from_the_queue_bulk_action(editor_client, anthology, story):
    url = (
        "/admin/bulk/submissions/submission/shortlist_for_book/"
        f"?next=/admin/&id={story.submission.pk}"
    )
    response = editor_client.post(url, {"anthology": anthology.pk})
    assert response.status_code == 302
    assert anthology.entries.get().story == story


def test_the_book_edits_in_the_admin_with_sections_and_entries(editor_client, entry):
    url = f"/admin/snippets/anthology/anthology/edit/{entry.anthology.pk}/"
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "First miles" in response.text and "Entries" in response.text
    assert "The hill on Pine Street" in response.text  # the entry, shown read-only
    listing = editor_client.get("/admin/snippets/anthology/anthology/")
    assert f"/admin/anthology/{entry.anthology.pk}/" in listing.text


def test_a_wrong_isbn_is_refused(anthology):
    anthology.isbn = "978-0-306-40615-6"
    with pytest.raises(ValidationError, match="not a valid ISBN-13"):
        anthology.full_clean()
    anthology.isbn = "978-0-306-40615-7"
    anthology.full_clean()


def test_a_running_export_shows_its_per_cent_and_stage_and_the_page_refreshes(editor_client, entry):
    from milepost.anthology.models import ExportStatus

    export = AnthologyExport.objects.create(
        anthology=entry.anthology, number=1, format="pdf", status=ExportStatus.RUNNING
    )
    AnthologyExport.objects.filter(pk=export.pk).update(
        progress=42, stage="Laying out page 120 of about 300"
    )
    page = editor_client.get(f"/admin/anthology/{entry.anthology.pk}/")
    head = page.text.split("</head>")[0]
    assert '<meta http-equiv="refresh" content="5">' in head  # no script needed
    assert "42%: Laying out page 120 of about 300" in page.text
    assert 'value="42"' in page.text and "Refresh now" in page.text

    AnthologyExport.objects.filter(pk=export.pk).update(status=ExportStatus.DONE, progress=100)
    page = editor_client.get(f"/admin/anthology/{entry.anthology.pk}/")
    assert 'http-equiv="refresh"' not in page.text and "Refresh now" not in page.text


def test_a_quotation_headline_is_shortlisted_in_its_own_quotation_marks(
    editor_client, anthology, story
):
    story.title = "“Don’t pick me up…”"
    story.save()
    url = f"/admin/anthology/shortlist/story/{story.pk}/"
    response = editor_client.post(url, {"anthology": anthology.pk}, follow=True)
    assert "“Don’t pick me up…” is shortlisted for “Miles That Mattered”." in response.text
    assert "““" not in response.text


def _kinds(page) -> list[str]:
    """The Kind column of the book's versions, newest first."""
    rows = page.text.split("<h2>Versions</h2>")[1].split("<tbody>")[1].split("<tr>")[1:]
    return [row.split("<td>")[3].split("</td>")[0] for row in rows]


def test_a_list_or_report_is_never_listed_final_and_locks_nothing(
    editor_client, entry, after_commit
):
    book_permission_grant(book_permission_request(entry), name="Jane Doe", address="127.0.0.1")
    for fmt in ("contributors", "report"):  # "Draft" unticked
        assert after_commit(_export, editor_client, entry.anthology, fmt=fmt).status_code == 302
    # One recorded as final before lists and reports were always drafts.
    AnthologyExport.objects.create(
        anthology=entry.anthology, number=3, format="report", draft=False, status="done"
    )
    assert all(e.status == "done" for e in AnthologyExport.objects.all())
    assert not AnthologyExport.objects.filter(number__lt=3, draft=False).exists()
    page = editor_client.get(f"/admin/anthology/{entry.anthology.pk}/")
    assert _kinds(page) == ["—", "—", "—"]
    assert "final (locked)" not in page.text and "the entries are locked" not in page.text
    entry.anthology.refresh_from_db()
    assert entry.anthology.final_at is None

    after_commit(_export, editor_client, entry.anthology, fmt="pdf", draft=True)
    after_commit(_export, editor_client, entry.anthology, fmt="pdf")
    page = editor_client.get(f"/admin/anthology/{entry.anthology.pk}/")
    assert _kinds(page) == ["final (locked)", "draft", "—", "—", "—"]
    assert "exporting it locks the book" in page.text  # the Draft box's help says so
