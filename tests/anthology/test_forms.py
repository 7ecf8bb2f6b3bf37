"""The book's edit form in the admin: an entry is placed only in its own book's sections."""

import pytest

from milepost.anthology.models import Anthology, AnthologySection
from tests.anthology.admin_forms import book_edit_data, book_edit_url


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def other_book(db):
    book = Anthology.objects.create(title="Another Book", slug="another")
    AnthologySection.objects.create(anthology=book, title="Elsewhere", sort_order=1)
    return book


def test_the_section_choice_lists_only_this_books_sections(editor_client, entry, other_book):
    AnthologySection.objects.create(anthology=entry.anthology, title="Last miles", sort_order=2)
    page = editor_client.get(book_edit_url(entry.anthology))
    assert page.status_code == 200
    select = page.text.split('name="entries-0-section"')[1].split("</select>")[0]
    assert "First miles" in select and "Last miles" in select
    assert "Elsewhere" not in select
    blank = page.text.split('name="entries-__prefix__-section"')[1].split("</select>")[0]
    assert "Last miles" in blank and "Elsewhere" not in blank


def test_moving_an_entry_to_another_section_of_the_book_is_saved(editor_client, entry):
    last = AnthologySection.objects.create(
        anthology=entry.anthology, title="Last miles", sort_order=2
    )
    data = book_edit_data(entry.anthology, entries=[{"id": entry.pk, "section": last.pk}])
    response = editor_client.post(book_edit_url(entry.anthology), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.section == last


def test_a_section_of_another_book_is_refused_and_nothing_saved(editor_client, entry, other_book):
    elsewhere = other_book.sections.get()
    data = book_edit_data(
        entry.anthology,
        title="A new title",
        entries=[{"id": entry.pk, "section": elsewhere.pk}],
    )
    response = editor_client.post(book_edit_url(entry.anthology), data)
    assert response.status_code == 200
    assert "Choose one of this book&#x27;s sections" in response.text
    entry.refresh_from_db()
    entry.anthology.refresh_from_db()
    assert entry.section.title == "First miles"
    assert entry.anthology.title == "Miles That Mattered"


def test_the_model_refuses_a_section_of_another_book(entry, other_book):
    from django.core.exceptions import ValidationError

    entry.section = other_book.sections.get()
    with pytest.raises(ValidationError, match="Choose one of this book's sections"):
        entry.full_clean()


HELP = "Save the book once after adding a section to place entries in it."


def test_the_save_once_help_shows_only_while_the_book_has_no_section(editor_client, entry):
    # With a section: the entries' section choice has no help, neither has the blank row.
    page = editor_client.get(book_edit_url(entry.anthology))
    assert page.status_code == 200 and "First miles" in page.text
    assert HELP not in page.text

    entry.anthology.sections.all().delete()
    page = editor_client.get(book_edit_url(entry.anthology))
    assert page.text.count(HELP) == 2  # the entry's row and the blank row "Add" copies
