"""The books in the admin: a title in the listing opens the book's entries and exports; and the
edit form once the book is final: every change to its content is refused with the reason, and
nothing is saved."""

import pytest

from milepost.anthology.models import Anthology
from tests.anthology.admin_forms import book_edit_data, book_edit_url


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _rows(book):
    return [{"id": e.pk, "section": e.section_id} for e in book.entries.order_by("sort_order")]


def _stored(book):
    stored = Anthology.objects.get(pk=book.pk)
    return stored.contents(), stored.title


def _refused(editor_client, book, data):
    before = _stored(book)
    response = editor_client.post(book_edit_url(book), data)
    assert response.status_code == 200
    assert "was exported as final on" in response.text
    assert "cannot change" in response.text
    assert _stored(book) == before


def _swapped(book):
    """What the admin posts when an entry is moved down: the rows keep their names, their
    ORDER values swap."""
    first, second = _rows(book)
    return book_edit_data(book, entries=[{**first, "ORDER": "2"}, {**second, "ORDER": "1"}])


def test_reordering_entries_is_refused(editor_client, final_book):
    _refused(editor_client, final_book, _swapped(final_book))


def test_deleting_an_entry_is_refused(editor_client, final_book):
    first, second = _rows(final_book)
    data = book_edit_data(final_book, entries=[first, {**second, "DELETE": "1"}])
    _refused(editor_client, final_book, data)


def test_adding_an_entry_is_refused(editor_client, final_book):
    section = final_book.sections.get().pk
    data = book_edit_data(final_book, entries=[*_rows(final_book), {"section": section}])
    _refused(editor_client, final_book, data)


def test_moving_an_entry_out_of_its_section_is_refused(editor_client, final_book):
    first, second = _rows(final_book)
    data = book_edit_data(final_book, entries=[{**first, "section": ""}, second])
    _refused(editor_client, final_book, data)


def test_renaming_a_section_or_the_book_is_refused(editor_client, final_book):
    section = final_book.sections.get()
    renamed = book_edit_data(final_book, sections=[{"id": section.pk, "title": "Other"}])
    _refused(editor_client, final_book, renamed)
    _refused(editor_client, final_book, book_edit_data(final_book, title="A new title"))


def test_the_model_refuses_what_the_form_let_through(editor_client, final_book, monkeypatch):
    """Were the form's own check gone, the model's refusal still reaches the editor."""
    from milepost.anthology.forms import AnthologyForm

    monkeypatch.setattr(AnthologyForm, "has_changed", lambda form: False)
    _refused(editor_client, final_book, _swapped(final_book))


def test_saving_the_final_book_unchanged_is_fine(editor_client, final_book):
    response = editor_client.post(book_edit_url(final_book), book_edit_data(final_book))
    assert response.status_code == 302


def test_reordering_an_open_books_entries_is_saved(editor_client, final_book):
    Anthology.objects.filter(pk=final_book.pk).update(final_at=None)
    first, second = _rows(final_book)
    response = editor_client.post(book_edit_url(final_book), _swapped(final_book))
    assert response.status_code == 302
    order = list(final_book.entries.order_by("sort_order").values_list("pk", flat=True))
    assert order == [second["id"], first["id"]]


def test_the_today_panel_lists_awaited_permissions_and_running_or_failed_exports(
    editor_client, entry
):
    from datetime import timedelta
    from html import unescape

    from django.utils import timezone

    from milepost.anthology.models import AnthologyExport, ExportStatus
    from milepost.anthology.services import book_permission_request

    book = entry.anthology
    book_permission_request(entry)
    made = dict(anthology=book, format="docx")
    AnthologyExport.objects.create(number=1, status=ExportStatus.DONE, **made)
    AnthologyExport.objects.create(number=2, status=ExportStatus.RUNNING, **made)
    AnthologyExport.objects.create(number=3, status=ExportStatus.FAILED, **made)
    long_ago = AnthologyExport.objects.create(number=4, status=ExportStatus.FAILED, **made)
    AnthologyExport.objects.filter(pk=long_ago.pk).update(
        made_at=timezone.now() - timedelta(days=8)
    )

    page = unescape(editor_client.get("/admin/").content.decode())

    assert "Miles That Mattered: 1 book permission awaited" in page
    assert "Miles That Mattered: export 2 running" in page
    assert "Miles That Mattered: export 3 failed" in page
    assert "export 1 " not in page and "export 4 " not in page
    assert f'href="/admin/anthology/{book.pk}/"' in page


def test_a_books_title_in_the_listing_opens_its_entries_and_exports(editor_client, anthology):
    listing = editor_client.get("/admin/snippets/anthology/anthology/")
    assert listing.status_code == 200
    title = listing.text.split('<td class="title">')[1].split("</td>")[0]
    link, menu = title.split('<ul class="actions">')
    assert f'href="/admin/anthology/{anthology.pk}/"' in link
    assert "Miles That Mattered" in link
    assert f'href="{book_edit_url(anthology)}"' in menu and "Edit" in menu  # still in the menu
    book = editor_client.get(f"/admin/anthology/{anthology.pk}/")
    assert book.status_code == 200 and "Entries and exports" in book.text
