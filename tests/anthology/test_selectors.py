"""The book as the exporters read it: in book order on every database, and a permission that
covers only the text and photos the contributor was shown."""

import pytest

from milepost.anthology.exports import ExportRefused
from milepost.anthology.selectors import anthology_manuscript_get
from milepost.anthology.services import (
    anthology_export_create,
    book_permission_grant,
    book_permission_request,
    entry_shortlist,
)
from tests.factories import story_create


def test_entries_not_in_a_section_come_last(entry, story_index):
    unplaced = entry_shortlist(entry.anthology, story=story_create(story_index, title="Loose"))
    unplaced.sort_order = 0  # first by its own order, yet without a section
    unplaced.save()
    book = anthology_manuscript_get(entry.anthology, draft=True)
    assert [section.title for section in book.sections] == ["First miles", "Stories"]
    assert [e.title for e in book.entries] == ["The hill on Pine Street", "Loose"]


@pytest.fixture
def granted(entry):
    book_permission_grant(book_permission_request(entry), name="Jane Doe", address="127.0.0.1")
    return entry


def test_an_edit_after_permission_needs_permission_again(granted, story):
    story.body = "<p>The hill was steep.</p><p>I ran, and an editor rewrote this.</p>"
    story.save()

    (entry,) = anthology_manuscript_get(granted.anthology, draft=False).entries
    assert entry.permission == "changed since granted"
    with pytest.raises(ExportRefused) as refusal:
        anthology_export_create(granted.anthology, fmt="pdf", draft=False)
    assert "changed after Jane Doe gave permission" in refusal.value.extra["report"]

    permission = book_permission_request(granted)  # the editors ask again
    assert "an editor rewrote this" in permission.text
    book_permission_grant(permission, name="Jane Doe", address="127.0.0.1")
    (entry,) = anthology_manuscript_get(granted.anthology, draft=False).entries
    assert entry.permission == "granted"


def test_an_unchanged_story_keeps_its_permission(granted):
    (entry,) = anthology_manuscript_get(granted.anthology, draft=False).entries
    assert entry.permission == "granted"


# How the contributor chose to be named: the book prints the byline allowed, the contributors'
# list keeps their full name beside it for the publisher.


@pytest.mark.parametrize("fmt", ["epub", "pdf", "docx"])
def test_the_book_prints_the_byline_the_contributor_allowed(entry, story, tmp_path, fmt):
    import csv
    import zipfile

    from docx import Document
    from pypdf import PdfReader

    from milepost.anthology.services import anthology_export_create
    from milepost.submissions.models import Submission

    Submission.objects.filter(pk=story.submission_id).update(naming="first_name_and_place")
    story.runner_name = "Jane"
    story.photos.update(credit="")
    story.save_revision().publish()

    export = anthology_export_create(entry.anthology, fmt=fmt, draft=True, run_now=True)
    path = tmp_path / f"book.{fmt}"
    path.write_bytes(export.file.open("rb").read())
    if fmt == "epub":
        with zipfile.ZipFile(path) as book:
            text = " ".join(book.read(name).decode(errors="replace") for name in book.namelist())
    elif fmt == "pdf":
        text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    else:
        text = " ".join(paragraph.text for paragraph in Document(path).paragraphs)
    assert "St. Louis, MO mother runner Jane" in " ".join(text.split())
    assert "Doe" not in text

    contributors = anthology_export_create(
        entry.anthology, fmt="contributors", draft=True, run_now=True
    )
    rows = list(csv.reader(contributors.file.open("r").read().splitlines()))
    assert rows[0][2:4] == ["contributor", "byline"]
    assert rows[1][2:4] == ["Jane Doe", "St. Louis, MO mother runner Jane"]
