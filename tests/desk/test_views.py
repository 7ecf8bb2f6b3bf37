"""The desk as editors and reviewers use it: the submission's page, decisions, notes, votes,
and who may do what (enforced on the server)."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission, User
from django.core import mail

from milepost.callouts.models import Callout
from milepost.desk.models import CalloutEditor
from milepost.submissions.models import EventAction, Submission, SubmissionStatus
from milepost.submissions.services import SubmissionDraft, submission_create, submission_transition
from tests.desk.forms import story_publish_fields
from tests.desk.pages import messages_shown

pytestmark = pytest.mark.django_db


def _page(client, submission):
    response = client.get(f"/admin/submissions/inspect/{submission.pk}/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _buttons(soup):
    return {
        b.get_text(strip=True) for b in soup.select(".desk-actions a.button, .desk-actions button")
    }


def test_the_page_shows_the_story_and_the_buttons_its_status_allows(editor_client, submission):
    soup = _page(editor_client, submission)
    text = soup.get_text(" ")
    assert "Second paragraph." in text
    assert re.search(r"Words: \d+ / 300 \(the callout's word guidance\)", text)
    assert "2400×1600 · print-ready" in text
    assert "Jane Doe" in text and "jane@example.com" in text
    assert {"Accept", "Decline", "Mark as spam"} <= _buttons(soup)
    assert "Create story draft" not in _buttons(soup)
    # Shown as the text it is, never run: the page's own HTML, not BeautifulSoup's re-escaping.
    html = editor_client.get(f"/admin/submissions/inspect/{submission.pk}/").content.decode()
    assert "My &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; mile." in html
    assert "<script>alert" not in html


def test_the_page_says_a_story_came_after_the_deadline(editor_client, submission):
    html = editor_client.get(f"/admin/submissions/inspect/{submission.pk}/").content.decode()
    assert "After the deadline" not in html
    Submission.objects.filter(pk=submission.pk).update(arrived_late=True)
    html = editor_client.get(f"/admin/submissions/inspect/{submission.pk}/").content.decode()
    assert "After the deadline: it arrived while Most Important Mile was closed." in html


def test_accept_opens_the_email_prefilled_and_sends_what_the_editor_wrote(
    editor_client, submission, django_capture_on_commit_callbacks
):
    form = editor_client.get(f"/admin/submissions/accept/{submission.pk}/").content.decode()
    assert "Dear Jane," in form and submission.status_token in form
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/submissions/accept/{submission.pk}/",
            {"subject": "Good news", "body": "Dear Jane, edited by hand."},
        )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "accepted"
    [sent] = mail.outbox
    assert (sent.to, sent.subject, sent.body) == (
        ["jane@example.com"],
        "Good news",
        "Dear Jane, edited by hand.",
    )
    soup = _page(editor_client, submission)
    assert "Create story draft" in _buttons(soup)
    assert "Accept" not in _buttons(soup)
    history = soup.select_one(".desk-history").get_text(" ")
    assert "edna: accepted Received → Accepted" in history
    assert "edna: email Acceptance: Good news" in history


def test_a_decline_says_what_happened_in_words(editor_client, submission):
    decline = f"/admin/submissions/decline/{submission.pk}/"
    email = {"subject": "About your story", "body": "Dear Jane, not this time."}
    page = editor_client.post(decline, email, follow=True).content.decode()
    assert f"{submission.reference} declined; the email to the submitter is queued." in page
    page = editor_client.post(decline, email, follow=True).content.decode()
    assert f"{submission.reference} cannot be declined now." in page


def test_asking_for_a_photo_opens_the_request_prefilled_and_queues_what_was_written(
    editor_client, submission, django_capture_on_commit_callbacks
):
    write = f"/admin/submissions/write/{submission.pk}/"
    soup = BeautifulSoup(editor_client.get(f"{write}?kind=photo").content, "html.parser")
    assert soup.select_one("title").get_text(strip=True).startswith("Photo request: MP-")
    assert soup.select_one("form button").get_text(strip=True) == "Send the email"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        email = {"kind": "photo", "subject": "A photo?", "body": "Dear Jane, one more."}
        page = editor_client.post(write, email, follow=True).content.decode()
    assert "Email queued." in page
    assert [(sent.subject, sent.body) for sent in mail.outbox] == [("A photo?", email["body"])]
    assert submission.emails.get().kind == "photo"


def test_mark_as_spam_hides_it_from_the_queue(editor_client, submission):
    assert editor_client.post(f"/admin/submissions/spam/{submission.pk}/").status_code == 302
    assert submission.title not in editor_client.get("/admin/submissions/").content.decode()
    spam = editor_client.get("/admin/submissions/?status=spam").content.decode()
    assert submission.title in spam


def test_an_invalid_status_change_says_why(editor_client, submission):
    submission_transition(submission, SubmissionStatus.DECLINED, actor=None)
    response = editor_client.post(
        f"/admin/submissions/status/{submission.pk}/", {"status": "accepted"}, follow=True
    )
    assert "is declined; it cannot become accepted." in response.content.decode()


def test_a_reviewer_reads_notes_and_votes_but_cannot_decide(reviewer_client, submission):
    soup = _page(reviewer_client, submission)
    assert _buttons(soup) & {"Accept", "Decline", "Mark as spam"} == set()
    assert "Editors only" in soup.get_text()
    for action in ("accept", "decline", "spam", "draft", "status", "assign"):
        response = reviewer_client.post(f"/admin/submissions/{action}/{submission.pk}/", {})
        assert response.status_code == 403, action
    raw = submission.inbound_message.pk
    assert reviewer_client.get(f"/admin/inbound-mail/{raw}/raw/").status_code == 403
    reviewer_client.post(f"/admin/submissions/note/{submission.pk}/", {"text": "Strong ending"})
    reviewer_client.post(f"/admin/submissions/vote/{submission.pk}/", {"choice": "yes"})
    soup = _page(reviewer_client, submission)
    assert "Strong ending" in soup.get_text() and "rex: Yes" in soup.get_text()
    submission.refresh_from_db()
    assert submission.status == "received"


def test_a_reviewer_cannot_publish_pages(reviewer_client, submission, story_index):
    response = reviewer_client.get(f"/admin/pages/{story_index.pk}/edit/")
    assert response.status_code in {302, 403}


def test_an_editor_of_one_callout_cannot_see_anothers_submissions(
    editor_client, editor, submission
):
    other = Callout.objects.create(title="First Race", slug="first-race", prompt="?")
    CalloutEditor.objects.create(user=editor, callout=other)
    theirs = submission_create(
        SubmissionDraft(callout=other, channel="web", title="My first race", story_text="Ran.")
    )
    listing = editor_client.get("/admin/submissions/").content.decode()
    assert "My first race" in listing and submission.title not in listing
    assert editor_client.get(f"/admin/submissions/inspect/{submission.pk}/").status_code == 404
    assert editor_client.post(f"/admin/submissions/spam/{submission.pk}/").status_code == 404
    photo = submission.photos.get()
    assert editor_client.get(f"/admin/submission-photos/{photo.pk}/").status_code == 404
    raw = submission.inbound_message.pk
    assert editor_client.get(f"/admin/inbound-mail/{raw}/raw/").status_code == 404
    assert editor_client.get(f"/admin/submissions/inspect/{theirs.pk}/").status_code == 200
    Submission.objects.get(pk=submission.pk)  # untouched


def test_an_editor_of_one_callout_sees_unrouted_mail_but_not_anothers(
    editor_client, editor, submission
):
    from milepost.intake.models import InboundMessage, InboundState
    from milepost.intake.services import inbound_message_receive
    from tests.intake.mail import story_email

    other = Callout.objects.create(title="First Race", slug="first-race", prompt="?")
    CalloutEditor.objects.create(user=editor, callout=other)
    unrouted = inbound_message_receive(
        story_email(subject="Unrelated question"), channel="import"
    ).inbound_message
    # Mail of another callout that failed on a later attempt still shows in the listing's states.
    theirs = submission.inbound_message
    InboundMessage.objects.filter(pk=theirs.pk).update(state=InboundState.FAILED)
    listing = editor_client.get("/admin/inbound_messages/").content.decode()
    assert "Unrelated question" in listing and theirs.subject not in listing
    assert editor_client.get(f"/admin/inbound_messages/inspect/{theirs.pk}/").status_code == 404
    assert editor_client.get(f"/admin/inbound_messages/route/{theirs.pk}/").status_code == 404
    assert editor_client.post(f"/admin/inbound_messages/retry/{theirs.pk}/").status_code == 404
    inspect = editor_client.get(f"/admin/inbound_messages/inspect/{unrouted.pk}/")
    assert inspect.status_code == 200 and "Unrelated question" in inspect.content.decode()
    assert editor_client.get(f"/admin/inbound_messages/route/{unrouted.pk}/").status_code == 200


def test_anonymous_visitors_reach_no_admin_data(client, submission):
    urls = [
        "/admin/submissions/",
        f"/admin/submissions/inspect/{submission.pk}/",
        f"/admin/submissions/accept/{submission.pk}/",
        "/admin/submissions/?export=csv",
        "/admin/inbound_messages/",
        f"/admin/submission-photos/{submission.photos.get().pk}/",
        f"/admin/inbound-mail/{submission.inbound_message.pk}/raw/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_downloading_the_raw_email_is_in_the_history(editor_client, submission):
    response = editor_client.get(f"/admin/inbound-mail/{submission.inbound_message.pk}/raw/")
    assert response.status_code == 200
    event = submission.events.get(action=EventAction.RAW_EMAIL_DOWNLOADED)
    assert event.actor_label == "edna"


def test_administrators_limit_an_editor_to_a_callout_in_the_admin(admin_client, editor, callout):
    response = admin_client.post(
        "/admin/callout_editors/new/", {"user": editor.pk, "callout": callout.pk}
    )
    assert response.status_code == 302
    assert CalloutEditor.objects.get().callout == callout


def test_editors_cannot_change_who_sees_what(editor_client, editor, callout):
    editor_client.post("/admin/callout_editors/new/", {"user": editor.pk, "callout": callout.pk})
    assert not CalloutEditor.objects.exists()


def test_edits_show_beside_the_text_as_sent(editor_client, editor, submission):
    from milepost.desk.services import story_draft_create

    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=editor)
    story = story_draft_create(submission, actor=editor)
    story.lede = "My <b>first</b> mile, edited."
    story.save_revision(user=editor)
    html = editor_client.get(f"/admin/submissions/edits/{submission.pk}/").content.decode()
    assert "As sent" in html and "As edited" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert "edited." in html


def test_the_admin_refuses_to_publish_a_photo_without_alt_text(editor_client, editor, submission):
    from milepost.desk.services import story_draft_create

    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=editor)
    story = story_draft_create(submission, actor=editor)
    fields = story_publish_fields(story, **{"photos-0-alt_text": ""})
    response = editor_client.post(f"/admin/pages/{story.pk}/edit/", fields)
    assert response.status_code == 200  # the form again, with the error
    story.refresh_from_db()
    assert not story.live
    fields["photos-0-alt_text"] = "A runner on Pine Street"
    response = editor_client.post(f"/admin/pages/{story.pk}/edit/", fields)
    story.refresh_from_db()
    assert story.live
    assert submission.events.filter(action=EventAction.STORY_EDITED, actor=editor).exists()


def test_published_and_withdrawn_are_not_chosen_by_hand(editor_client, editor, submission):
    # Published follows the story going live; withdrawn is the submitter's word. A status
    # picked from the menu would leave a "published" submission with no story on the site.
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=editor)
    menu = _page(editor_client, submission).select("#id_status option")
    assert {o["value"] for o in menu} == {"in_review", "declined"}
    for status, refusal in [
        ("published", "becomes published when its story is published."),
        ("withdrawn", "Only the submitter withdraws a story"),
    ]:
        response = editor_client.post(
            f"/admin/submissions/status/{submission.pk}/", {"status": status}, follow=True
        )
        assert refusal in response.content.decode()
    bulk = "/admin/bulk/submissions/submission/change_status/"
    editor_client.post(f"{bulk}?id={submission.pk}", {"status": "published"})
    submission.refresh_from_db()
    assert submission.status == "accepted"


def test_a_status_not_on_the_menu_is_refused_in_words(editor_client, submission):
    response = editor_client.post(
        f"/admin/submissions/status/{submission.pk}/", {"status": "lost"}, follow=True
    )
    assert "“lost” is not a status: choose one from the list." in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == "received"


def test_a_published_submission_follows_its_story(editor_client, editor, submission):
    from milepost.desk.services import story_draft_create

    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=editor)
    story = story_draft_create(submission, actor=editor)
    story.photos.update(alt_text="A runner")
    story.save_revision(user=editor).publish(user=editor)
    submission.refresh_from_db()
    assert submission.status == "published"
    assert _page(editor_client, submission).select("#id_status option") == []
    response = editor_client.post(
        f"/admin/submissions/status/{submission.pk}/", {"status": "accepted"}, follow=True
    )
    assert "unpublish its story to change its status" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == "published"


def _offered(client, submission):
    select = _page(client, submission).select('select[name="assignee"] option')
    return {option.get_text(strip=True) for option in select if option["value"]}


def _assign(client, submission, user):
    return client.post(f"/admin/submissions/assign/{submission.pk}/", {"assignee": user.pk})


def test_whoever_may_review_is_offered_as_assignee_whatever_their_group_is_called(
    editor_client, submission
):
    readers = Group.objects.create(name="Section readers")
    readers.permissions.add(Permission.objects.get(codename="add_submissionvote"))
    sam = User.objects.create_user("sam", email="sam@milepost.example")
    sam.groups.add(readers)
    User.objects.create_user("idle", is_active=False).groups.add(readers)
    assert _offered(editor_client, submission) == {"edna", "sam"}
    assert _assign(editor_client, submission, sam).status_code == 302
    submission.refresh_from_db()
    assert submission.assignee == sam


def test_a_group_called_editors_without_the_permission_makes_no_one_assignable(
    admin_client, editor, submission
):
    Group.objects.get(name="Editors").permissions.clear()
    assert "edna" not in _offered(admin_client, submission)
    assert _assign(admin_client, submission, editor).status_code == 404
    submission.refresh_from_db()
    assert submission.assignee is None


def test_no_one_limited_to_another_callout_is_assigned_a_submission(
    editor_client, reviewer, submission
):
    other = Callout.objects.create(title="First Race", slug="first-race", prompt="?")
    CalloutEditor.objects.create(user=reviewer, callout=other)
    assert "rex" not in _offered(editor_client, submission)
    assert _assign(editor_client, submission, reviewer).status_code == 404
    CalloutEditor.objects.create(user=reviewer, callout=submission.callout)
    assert "rex" in _offered(editor_client, submission)


def _story_awaiting_approval(editor, submission):
    from milepost.desk.services import story_draft_create, submission_approval_request

    submission.callout.submitter_approval = True
    submission.callout.save()
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=editor)
    story = story_draft_create(submission, actor=editor)
    story.photos.update(alt_text="A runner")
    submission_approval_request(submission, actor=editor)
    return submission, story


def _approval_line(client, submission) -> str:
    text = " ".join(_page(client, submission).get_text(" ").split())
    return text.split("Submitter approval: ")[1].split(" Story: ")[0]


def test_an_approval_holds_for_the_text_the_submitter_read(editor_client, editor, submission):
    from milepost.submissions.services import submission_approval_answer

    submission, story = _story_awaiting_approval(editor, submission)
    submission_approval_answer(submission, approve=True)
    assert _approval_line(editor_client, submission) == "Approved by the submitter"

    story.lede = "Edited after the approval."
    story.save_revision(user=editor)

    assert _approval_line(editor_client, submission) == (
        "Approved an earlier version: the story has been edited since"
    )


def test_the_changes_a_submitter_asks_for_are_on_the_submissions_page(
    editor_client, editor, submission, client
):
    submission, _story = _story_awaiting_approval(editor, submission)
    url = f"{submission.get_status_url()}approval/"
    client.post(url, {"answer": "changes", "message": "My age is 33."})

    assert _approval_line(editor_client, submission) == (
        "Submitter asked for changes: “My age is 33.”"
    )


def test_a_note_a_vote_an_assignment_and_a_status_change_each_say_what_happened(
    editor_client, editor, submission
):
    def post(action, data):
        url = f"/admin/submissions/{action}/{submission.pk}/"
        return messages_shown(editor_client.post(url, data, follow=True))

    assert post("note", {"text": "Strong ending"}) == [
        "Your note is added; the other staff see it here."
    ]
    assert post("vote", {"choice": "no"}) == ["Your vote is counted: No."]
    reference = submission.reference
    assert post("assign", {"assignee": editor.pk}) == [f"{reference} assigned to edna."]
    assert post("assign", {"assignee": ""}) == [f"{reference} is no longer assigned to anyone."]
    assert post("status", {"status": "in_review"}) == [f"{reference} put in review."]
    assert post("status", {"status": "spam"}) == [f"{reference} marked as spam."]


def test_the_vote_and_the_note_each_have_their_own_labelled_field(editor_client, submission):
    soup = _page(editor_client, submission)
    vote = soup.select_one(f'form[action="/admin/submissions/vote/{submission.pk}/"]')
    [choices] = vote.select("fieldset")
    assert choices.select_one("legend").get_text(strip=True) == "Your vote"
    labels = [label.get_text(strip=True) for label in choices.select("label")]
    assert labels == ["Yes", "Maybe", "No"]  # the choices alone: no other field's label after "No"
    why = vote.select_one('label[for="id_vote_note"]')
    assert why.get_text(strip=True) == "Why (optional)" and why.find_parent("fieldset") is None
    note = soup.select_one("textarea#id_note_text")
    assert soup.select_one('label[for="id_note_text"]').get_text(strip=True) == "Add a note"
    assert int(note["rows"]) >= 4
    assert ".desk-field textarea{width:100%}" in str(soup.select_one("style"))


def test_a_published_submission_links_to_its_live_story_and_offers_no_decision(
    editor_client, editor, submission, django_capture_on_commit_callbacks
):
    from milepost.desk.services import story_draft_create

    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=editor)
    story = story_draft_create(submission, actor=editor)
    story.photos.update(alt_text="A runner")
    story.save_revision(user=editor).publish(user=editor)
    story.refresh_from_db()
    soup = _page(editor_client, submission)
    status = soup.select_one(".desk-actions p")
    assert status.select_one("strong").get_text() == "Published"
    assert status.find("a", string="View the live story")["href"] == story.url
    assert _buttons(soup) & {"Accept", "Decline", "Mark as spam", "Create story draft"} == set()
    accept = f"/admin/submissions/accept/{submission.pk}/"
    refused = f"{submission.reference} cannot be accepted now."
    assert messages_shown(editor_client.get(accept, follow=True)) == [refused]
    email = {"subject": "Good news", "body": "Dear Jane."}
    assert messages_shown(editor_client.post(accept, email, follow=True)) == [refused]
    submission.refresh_from_db()
    assert submission.status == "published"
    assert not submission.emails.filter(kind="accept").exists()


def test_a_decision_on_a_submission_without_an_address_says_no_email_goes(
    editor_client, submission
):
    Submission.objects.filter(pk=submission.pk).update(submitter_email="")
    email = {"subject": "Good news", "body": "Dear Jane."}
    accept = f"/admin/submissions/accept/{submission.pk}/"
    said = messages_shown(editor_client.post(accept, email, follow=True))
    assert said == [f"{submission.reference} accepted; there is no address to write to."]


def test_the_submitters_place_reads_as_they_wrote_it(editor_client, submission):
    soup = _page(editor_client, submission)
    place = soup.find("dt", string="Place").find_next_sibling("dd").get_text()
    assert place == "St. Louis, MO"


def test_a_submission_without_consents_says_they_are_asked_on_the_status_page(
    editor_client, submission
):
    soup = _page(editor_client, submission)
    consents = soup.find("h2", string="Consents").find_next_sibling("p").get_text()
    assert consents == "No consents yet: asked on the status page."


def test_the_editor_tells_the_submitter_their_story_is_live_with_the_text_they_edited(
    editor_client, editor, submission, django_capture_on_commit_callbacks
):
    from milepost.core.models import OutgoingEmail
    from milepost.desk.services import story_draft_create

    notice = f"/admin/submissions/notice/{submission.pk}/"
    refused = f"{submission.reference}'s story is not live: there is nothing to announce yet."
    assert messages_shown(editor_client.get(notice, follow=True)) == [refused]
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=editor)
    story = story_draft_create(submission, actor=editor)
    story.photos.update(alt_text="A runner")
    story.save_revision(user=editor).publish(user=editor)
    story.refresh_from_db()
    assert not submission.emails.filter(kind="published").exists()
    assert "Tell the submitter it is live" in _buttons(_page(editor_client, submission))

    form = BeautifulSoup(editor_client.get(notice).content, "html.parser")
    assert f"http://localhost{story.url}" in form.select_one("textarea[name=body]").get_text()
    assert form.select_one("input[name=subject]")["value"].endswith("is live")
    assert "Already sent" not in form.get_text()
    mail.outbox.clear()
    edited = {"subject": "You are in Milepost", "body": "Dear Jane, here it is: the link."}
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(notice, edited)
    (queued,) = OutgoingEmail.objects.filter(subject="You are in Milepost")
    assert (queued.body, queued.to) == (edited["body"], "jane@example.com")
    assert [m.body for m in mail.outbox] == [edited["body"]]

    told = {b for b in _buttons(_page(editor_client, submission)) if "live" in b}
    today = queued.created_at.date().isoformat()
    assert told == {f"Told the submitter it is live on {today}: tell them again"}
    again = BeautifulSoup(editor_client.get(notice).content, "html.parser").get_text(" ")
    assert f"Already sent on {today}" in again and "You are in Milepost" in again


def test_the_publication_notice_carries_the_share_card_and_asks_to_pass_the_callout_on(
    editor_client, editor, submission, django_capture_on_commit_callbacks
):
    from milepost.core.models import OutgoingEmail
    from milepost.desk.services import story_draft_create

    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=editor)
    story = story_draft_create(submission, actor=editor)
    story.photos.update(alt_text="A runner")
    story.save_revision(user=editor).publish(user=editor)  # the worker has not drawn it yet
    notice = f"/admin/submissions/notice/{submission.pk}/"

    form = BeautifulSoup(editor_client.get(notice).content, "html.parser")
    body = form.select_one("textarea[name=body]").get_text()
    card = re.search(r"http://localhost/media/share-cards/\d+/\w+\.jpg", body).group(0)
    assert editor_client.get(card.removeprefix("http://localhost"))["Content-Type"] == "image/jpeg"
    callout_page = story.get_parent().url
    assert (
        "Do you know someone with a story of their own? Please pass the callout on: "
        f"http://localhost{callout_page}"
    ) in body
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(notice, {"subject": "Your story is live", "body": body})
    (queued,) = OutgoingEmail.objects.filter(subject="Your story is live")
    assert card in queued.body and f"http://localhost{callout_page}" in queued.body
    assert [card in m.body for m in mail.outbox[-1:]] == [True]
