"""Anthology fixtures: a book with one published story that came from a submission."""

import pytest
from django.contrib.auth.models import Group, User

from milepost.anthology.models import Anthology, AnthologySection
from milepost.anthology.services import entry_shortlist
from milepost.intake.services import inbound_message_receive
from milepost.submissions.models import Submission, SubmissionStatus
from tests.factories import story_create
from tests.intake.mail import story_email


@pytest.fixture
def anthology(db):
    book = Anthology.objects.create(
        title="Miles That Mattered", slug="miles", editors="Ada Editor, Ben Editor"
    )
    AnthologySection.objects.create(anthology=book, title="First miles", sort_order=1)
    return book


@pytest.fixture
def story(story_index):
    submission = inbound_message_receive(story_email(), channel="import").submission
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.PUBLISHED)
    page = story_create(story_index, body="<p>The hill was steep &amp; long.</p><p>I ran.</p>")
    page.submission = submission
    page.save()
    return page


@pytest.fixture
def entry(anthology, story):
    entry = entry_shortlist(anthology, story=story)
    entry.section = anthology.sections.first()
    entry.save()
    return entry


@pytest.fixture
def editor(db):
    user = User.objects.create_user("edna", email="edna@milepost.example", password="pw-tests")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def final_book(entry, story_index, editor):
    """Two stories with permission in "First miles", exported once as the final DOCX."""
    from milepost.anthology.services import anthology_export_create, book_permission_record
    from tests.factories import story_create

    second = entry_shortlist(entry.anthology, story=story_create(story_index, title="The bridge"))
    second.section = entry.section
    second.save()
    for each in (entry, second):
        book_permission_record(each, name="Jane Doe", actor=editor)
    anthology_export_create(entry.anthology, fmt="docx", draft=False, run_now=True)
    entry.anthology.refresh_from_db()
    assert entry.anthology.final_at is not None
    return entry.anthology
