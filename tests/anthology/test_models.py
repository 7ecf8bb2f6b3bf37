"""A book exported as final is locked in the model itself: whichever code path tries, its
fields, sections and entries (and their order) stay as they were printed."""

import pytest

from milepost.anthology.models import Anthology, AnthologyEntry, AnthologySection, BookLocked


def _contents(book):
    stored = Anthology.objects.get(pk=book.pk)  # not the copy holding unsaved edits
    return stored.contents(), stored.title


def test_a_final_books_entries_cannot_move_go_or_come(final_book, story_index):
    before = _contents(final_book)
    first, second = final_book.entries.order_by("sort_order")
    with pytest.raises(BookLocked, match="exported as final"):
        first.delete()
    first.section = None
    with pytest.raises(BookLocked):
        first.save()
    with pytest.raises(BookLocked):
        AnthologyEntry.objects.create(anthology=final_book, story=second.story)
    assert _contents(final_book) == before


def test_a_final_books_sections_cannot_change(final_book):
    before = _contents(final_book)
    section = final_book.sections.get()
    section.title = "Renamed"
    with pytest.raises(BookLocked):
        section.save()
    with pytest.raises(BookLocked):
        AnthologySection.objects.create(anthology=final_book, title="New")
    with pytest.raises(BookLocked):
        final_book.sections.get().delete()
    assert _contents(final_book) == before


def test_a_final_books_order_and_details_cannot_change_through_the_book(final_book):
    before = _contents(final_book)
    first, second = final_book.entries.order_by("sort_order")
    first.sort_order, second.sort_order = second.sort_order, first.sort_order
    final_book.entries = [second, first]  # what the admin's form does, in memory
    with pytest.raises(BookLocked):
        final_book.save()
    final_book = Anthology.objects.get(pk=final_book.pk)
    final_book.title = "Another title"
    with pytest.raises(BookLocked):
        final_book.save()
    assert _contents(final_book) == before


def test_saving_a_final_book_unchanged_and_status_changes_are_allowed(final_book):
    final_book.save()
    entry = final_book.entries.first()
    entry.save(update_fields=["status"])
    entry.save()  # nothing changed


def test_an_open_book_changes_freely(entry):
    entry.section = None
    entry.save()
    entry.anthology.sections.get().delete()
    entry.delete()
    assert not entry.anthology.entries.exists()
