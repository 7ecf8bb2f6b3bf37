"""An export's progress as the admin sees it: written to the database as the book engine
reports it, only forward, throttled, and at 100 once the file is stored; and the print-readiness
report made from the models, whose blocking findings refuse a final export."""

import errno
import io
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.images import ImageFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage
from wagtail.images import get_image_model

from milepost.anthology import exports, selectors
from milepost.anthology.models import AnthologyExport, ExportStatus
from milepost.anthology.services import (
    anthology_export_create,
    book_permission_decline,
    book_permission_grant,
    book_permission_record,
    book_permission_request,
    book_permission_revoke,
    entry_shortlist,
)
from milepost.core.workers import process_id, tasks_orphaned_fail
from milepost.settings import base as base_settings
from milepost.stories.models import StoryPagePhoto
from tests.deploy import servers
from tests.factories import story_create


@pytest.fixture
def bigger_book(entry, story_index):
    for number in range(4):
        page = story_create(story_index, title=f"Mile {number}", body="<p>On and on.</p>" * 30)
        more = entry_shortlist(entry.anthology, story=page)
        more.section = entry.section
        more.save()
    return entry.anthology


@pytest.fixture
def writes(monkeypatch):
    """Every progress write, read back from the database right after it was made."""
    seen = []
    save = exports.ExportProgress.save

    def recorded(self, per_cent, **fields):
        save(self, per_cent, **fields)
        stored = AnthologyExport.objects.get(pk=self.export_id)
        seen.append((stored.progress, stored.stage, stored.status))

    monkeypatch.setattr(exports.ExportProgress, "save", recorded)
    return seen


@pytest.mark.parametrize("fmt", ["pdf", "docx", "epub"])
def test_progress_goes_up_story_by_story_and_ends_at_100(bigger_book, writes, settings, fmt):
    settings.MILEPOST_EXPORT_PROGRESS_SECONDS = 0  # every whole per cent is written
    export = anthology_export_create(bigger_book, fmt=fmt, draft=True, run_now=True)

    per_cents = [per_cent for per_cent, _, _ in writes]
    assert per_cents == sorted(per_cents)  # never back
    assert len(set(per_cents)) >= 7  # story by story, not 10/80/100
    stages = [stage for _, stage, _ in writes]
    label = "Preparing stories" if fmt == "pdf" else "Adding stories"
    assert f"{label} 3/5" in stages and f"{label} 5/5" in stages
    if fmt == "pdf":
        assert any(stage.startswith("Laying out page 3 of about") for stage in stages)
        assert any(stage.startswith("Writing the PDF") for stage in stages)
    assert writes[-2][:2] == (97, "Storing the file")
    assert writes[-1] == (100, "", "done")
    assert all(status == "running" for _, _, status in writes[:-1])
    assert export.status == "done" and export.progress == 100
    assert export.file.size > 0


def test_progress_writes_are_throttled(bigger_book, writes, settings):
    settings.MILEPOST_EXPORT_PROGRESS_SECONDS = 3600  # only the forced writes go through
    anthology_export_create(bigger_book, fmt="docx", draft=True, run_now=True)
    assert [(per_cent, status) for per_cent, _, status in writes] == [
        (0, "running"),
        (97, "running"),
        (100, "done"),
    ]


def test_progress_never_goes_back_nor_reaches_100_before_the_file(db, settings):
    settings.MILEPOST_EXPORT_PROGRESS_SECONDS = 1
    now = [0.0]
    progress = exports.ExportProgress(0, clock=lambda: now[0])  # no such export: no row written
    seen = []
    for fraction, at in ((0.10, 0), (0.5, 0.5), (0.55, 2), (0.4, 5), (1.0, 8)):
        now[0] = at
        progress(fraction, "stage")
        seen.append(progress.per_cent)
    assert seen == [10, 10, 55, 55, 99]  # throttled, not back, 100 only for the stored file


def test_a_failed_export_keeps_where_it_stopped_and_says_why(entry, monkeypatch):
    """The contributor revokes while the final book is being written: the contributor wins."""
    permission = book_permission_request(entry)
    book_permission_grant(permission, name="Jane Doe", address="127.0.0.1")
    export = anthology_export_create(entry.anthology, fmt="docx", draft=False)  # queued
    write = exports.manuscript_docx_write

    def revoked_meanwhile(*args, **kwargs):
        write(*args, **kwargs)
        book_permission_revoke(permission)

    monkeypatch.setattr(exports, "manuscript_docx_write", revoked_meanwhile)
    assert exports.anthology_export_run(export.pk) is False

    export.refresh_from_db()
    entry.refresh_from_db()
    assert export.status == "failed" and "while the book was being exported" in export.error
    assert 0 < export.progress < 100 and not export.file
    assert entry.status == "permission_revoked" and entry.anthology.final_at is None


# A final book prints what it printed first, whatever happens to its stories on the website.


def _epub_text(export) -> str:
    import zipfile

    with export.file.open("rb") as stored, zipfile.ZipFile(stored) as book:
        return " ".join(
            book.read(name).decode() for name in book.namelist() if name.endswith(".xhtml")
        )


def test_a_story_edited_after_the_book_is_final_is_printed_as_approved(final_book, story):
    story.title = "A title nobody approved"
    story.body = "<p>Words nobody approved.</p>"
    story.save_revision().publish()

    epub = anthology_export_create(final_book, fmt="epub", draft=False, run_now=True)

    epub.refresh_from_db()
    assert (epub.status, epub.progress) == ("done", 100)
    text = _epub_text(epub)
    assert "The hill was steep" in text and story.byline in text
    assert "nobody approved" not in text


def test_a_story_edited_while_the_final_book_is_written_fails_it(entry, story, editor):
    from milepost.anthology.exports import ExportRefused, anthology_final
    from milepost.anthology.services import book_permission_record

    book_permission_record(entry, name="Jane Doe", actor=editor)
    story.body = "<p>Changed in the meantime.</p>"
    story.save_revision().publish()

    with pytest.raises(ExportRefused, match="was edited while the book was being exported"):
        anthology_final(entry.anthology, [entry.pk])

    entry.anthology.refresh_from_db()
    entry.refresh_from_db()
    assert entry.anthology.final_at is None
    assert (entry.status, entry.printed) == ("permission_granted", None)


@pytest.mark.django_db(transaction=True)  # a real worker process shares the database
def test_an_export_whose_worker_is_killed_is_failed_by_the_sweep_and_the_page_stops_waiting(
    entry, settings, tmp_path, client
):
    settings.TASKS = base_settings.TASKS  # in the database, as in production
    client.force_login(User.objects.create_superuser("ada", "ada@milepost.example"))
    # The story's photo becomes a pipe: the export stops reading it until the test writes.
    [photo] = selectors.entry_photos_list(entry)
    photo.source.unlink()
    os.mkfifo(photo.source)
    export = anthology_export_create(entry.anthology, fmt="docx", draft=True)
    worker = subprocess.Popen(
        [sys.executable, "-m", "milepost.manage", "db_worker", "--no-startup-delay"],
        env=servers.served_environment(tmp_path),
        cwd=servers.REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        pipe = _reader_waiting(photo.source, worker)  # the worker is in the middle of the book
        worker.kill()  # SIGKILL: no handler runs, nothing is cleaned up
        worker.wait()
        os.close(pipe)
    finally:
        worker.kill()
        worker.wait()
    export.refresh_from_db()
    assert export.status == ExportStatus.RUNNING  # left as it was, as the issue found it
    book_page = f"/admin/anthology/{entry.anthology.pk}/"
    assert 'http-equiv="refresh"' in client.get(book_page).text

    assert tasks_orphaned_fail() == 1
    assert exports.anthology_exports_orphaned_fail() == 1

    export.refresh_from_db()
    assert (export.status, export.error) == (ExportStatus.FAILED, exports.WORKER_STOPPED)
    [task] = DBTaskResult.objects.filter(task_path__endswith="anthology_export_run")
    assert task.status == "FAILED" and "stopped while running" in task.traceback
    page = client.get(book_page).text
    assert 'http-equiv="refresh"' not in page and "The worker stopped while exporting" in page
    assert exports.anthology_exports_orphaned_fail() == 0  # a second sweep changes nothing


def _reader_waiting(fifo, worker, patience=120.0) -> int:
    """Open the pipe for writing once the worker has opened it to read; it then waits for
    bytes that never come."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline and worker.poll() is None:
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as nobody_reading:
            if nobody_reading.errno != errno.ENXIO:
                raise
        time.sleep(0.05)
    raise AssertionError(f"the worker never read the photo (exit code {worker.poll()})")


def test_the_sweep_leaves_a_live_export_alone_and_fails_one_that_stopped_moving(entry, settings):
    settings.MILEPOST_EXPORT_STALLED_MINUTES = 30
    now = timezone.now()
    for number, worker, minutes in (
        (1, process_id(), 29),  # this very process, still busy
        (2, process_id(), 31),  # alive, but no progress for too long: hung
        (3, "another-host:4242", 5),  # on another host: only its progress tells
    ):
        AnthologyExport.objects.create(
            anthology=entry.anthology,
            number=number,
            format="pdf",
            status=ExportStatus.RUNNING,
            worker=worker,
            progress_at=now - timedelta(minutes=minutes),
        )
    assert exports.anthology_exports_orphaned_fail(now) == 1
    statuses = dict(AnthologyExport.objects.values_list("number", "status"))
    assert statuses == {1: "running", 2: "failed", 3: "running"}


# The print-readiness report, from the models: what blocks a final export and what only warns


def story_photo_replace(story, image, **words):
    """The story's one photo becomes `image`, with the given caption and alt text."""
    StoryPagePhoto.objects.filter(page=story).update(image=image, **words)


def cmyk_image_create(title: str, size=(400, 300)):
    buffer = io.BytesIO()
    PILImage.new("CMYK", size, (0, 80, 90, 10)).save(buffer, "JPEG", quality=85)
    return get_image_model().objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"{title}.jpg")
    )


def report_text(anthology) -> str:
    export = anthology_export_create(anthology, fmt="report", draft=True, run_now=True)
    with export.file.open("rb") as stored:
        return stored.read().decode()


def test_a_final_export_goes_out_with_warnings_and_the_report_says_them(entry, story):
    image = cmyk_image_create("cmyk")
    with PILImage.open(image.file.path) as stored:
        assert stored.mode == "CMYK"  # kept as it came, as the photo masters keep it
    story_photo_replace(story, image, caption="", alt_text="")
    book_permission_record(entry, name="Jane Doe")

    report = report_text(entry.anthology)
    assert report.startswith("“Miles That Mattered”: 4 warnings before print\n")
    assert "Blocking" not in report
    assert (
        "- The hill on Pine Street: Photo 1 (cmyk.jpg) is a CMYK image: the book's files turn "
        "it into RGB without its colour profile"
    ) in report
    # 400 px across the 4.5 in text block of the 6×9 in book: 89 ppi.
    assert "Photo 1 (cmyk.jpg) is 400×300 pixels, printed 4.50 in wide: 89 ppi" in report
    assert "Photo 1 (cmyk.jpg) has no caption." in report
    assert "Photo 1 (cmyk.jpg) has no alt text" in report

    export = anthology_export_create(entry.anthology, fmt="epub", draft=False, run_now=True)
    assert export.status == ExportStatus.DONE, export.error
    entry.anthology.refresh_from_db()
    assert entry.anthology.final_at is not None


def test_a_final_export_is_refused_while_a_finding_blocks(entry, story_index, story):
    story_photo_replace(story, cmyk_image_create("cmyk"))  # a warning: not in the way
    book_permission_record(entry, name="Jane Doe")
    loose = entry_shortlist(entry.anthology, story=story_create(story_index, title="Loose"))
    book_permission_record(loose, name="Jane Doe")

    with pytest.raises(exports.ExportRefused) as refusal:
        anthology_export_create(entry.anthology, fmt="pdf", draft=False)
    assert refusal.value.message == (
        "“Miles That Mattered” cannot be exported as final: the print-readiness report has 1 "
        "blocking finding. Export a draft, or fix them first."
    )
    report = refusal.value.extra["report"]
    blocking, warnings = report.split(
        "\n\nWarnings: the book can go to print, but check these first:"
    )
    assert "- Loose: In no section: it would print under “Stories”." in blocking
    assert "CMYK" in warnings and "CMYK" not in blocking
    assert not AnthologyExport.objects.exists()

    loose.section = entry.section
    loose.save(update_fields=["section"])
    export = anthology_export_create(entry.anthology, fmt="pdf", draft=False, run_now=True)
    assert export.status == ExportStatus.DONE, export.error


def test_an_edit_since_permission_was_granted_is_blocking(entry, story):
    permission = book_permission_request(entry)
    book_permission_grant(permission, name="Jane Doe", address="127.0.0.1")
    story.lede = "An editor changed the first line."
    story.save()

    report = report_text(entry.anthology)
    assert (
        "- The hill on Pine Street: The text or photos changed after Jane Doe gave permission: "
        "their permission covers what they were shown. Ask them again."
    ) in report.split("\n\nWarnings")[0]
    with pytest.raises(exports.ExportRefused):
        anthology_export_create(entry.anthology, fmt="docx", draft=False)


def test_a_declined_story_is_left_out_and_named_in_the_report(entry, story_index):
    other = entry_shortlist(entry.anthology, story=story_create(story_index, title="The bridge"))
    other.section = entry.section
    other.save(update_fields=["section"])
    book_permission_record(other, name="Jane Doe")
    book_permission_decline(book_permission_request(entry))

    report = report_text(entry.anthology)
    assert "Blocking" not in report
    # The bridge's photo, 1200 px across 4.5 in (267 ppi), is the other warning.
    assert report.startswith("“Miles That Mattered”: 2 warnings before print\n")
    assert (
        "\n- The hill on Pine Street: Left out of the book: Jane Doe declined permission for "
        "print.\n\nThe book and its cover" in report
    )
    export = anthology_export_create(entry.anthology, fmt="docx", draft=False, run_now=True)
    assert export.status == ExportStatus.DONE, export.error
