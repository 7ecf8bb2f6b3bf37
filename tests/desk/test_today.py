"""The Today panel on the admin's home page: per callout the editor reaches, what is new, what
waits past the callout's decision target, and approvals awaited, each linked to its list."""

from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from milepost.callouts.models import Callout
from milepost.desk.models import CalloutEditor
from milepost.submissions.models import Submission, SubmissionStatus

pytestmark = pytest.mark.django_db


def _submission(callout, *, days_ago, status=SubmissionStatus.RECEIVED, **fields):
    return Submission.objects.create(
        callout=callout,
        channel="web",
        status=status,
        received_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


def test_the_today_panel_lists_each_callouts_work_with_links_to_its_list(editor_client, submission):
    callout = submission.callout
    callout.decision_target_days = 10
    callout.save()
    _submission(callout, days_ago=12, title="Old")
    _submission(callout, days_ago=12, status=SubmissionStatus.DECLINED)  # decided
    _submission(callout, days_ago=8)  # within the target
    _submission(callout, days_ago=0, status=SubmissionStatus.SPAM)
    _submission(callout, days_ago=3, approval_state="requested")

    page = unescape(editor_client.get("/admin/").content.decode())

    assert "Today" in page
    cid = callout.pk
    today = timezone.localdate()
    assert "Most Important Mile: 1 new submission since yesterday" in page
    after = (today - timedelta(days=1)).isoformat()
    assert f"/admin/submissions/?callout={cid}&received_at_from={after}" in page
    assert "Most Important Mile: 1 waiting for a decision longer than 10 days" in page
    before = (today - timedelta(days=11)).isoformat()
    assert f"?callout={cid}&undecided=true&received_at_to={before}" in page
    assert "Most Important Mile: 1 submitter approval awaited" in page
    assert f"?callout={cid}&approval_state=requested" in page


def test_the_filtered_list_shows_what_the_line_counted(editor_client, submission):
    old = _submission(submission.callout, days_ago=20, title="Old and waiting")
    _submission(submission.callout, days_ago=20, title="Old and declined", status="declined")
    before = (timezone.localdate() - timedelta(days=15)).isoformat()
    page = editor_client.get(
        f"/admin/submissions/?callout={submission.callout.pk}&undecided=true"
        f"&received_at_to={before}"
    ).content.decode()
    assert old.reference in page
    assert "Old and declined" not in page and submission.reference not in page


def test_an_editor_limited_to_one_callout_sees_only_its_lines(editor_client, editor, submission):
    other = Callout.objects.create(title="Other Roads", slug="other-roads")
    _submission(other, days_ago=0)
    assert "Other Roads: 1 new" in editor_client.get("/admin/").content.decode()

    CalloutEditor.objects.create(user=editor, callout=submission.callout)
    page = editor_client.get("/admin/").content.decode()
    assert "Most Important Mile: 1 new" in page
    assert "Other Roads" not in page


def test_nothing_waiting_says_so(editor_client, callout):
    assert "Nothing is waiting today." in editor_client.get("/admin/").content.decode()
