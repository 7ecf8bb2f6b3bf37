"""All of one person's stories, without an account: asked for by address, reached through the
one link we email, with each story's actions working from the list."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from milepost.callouts.models import Callout
from milepost.core.models import OutgoingEmail
from milepost.privacy import tasks
from milepost.privacy.models import ErasureRequest, StoryListLink
from milepost.privacy.selectors import (
    StoryListLinkRefused,
    person_data_get,
    story_list_link_get,
    story_list_token_hash,
)
from milepost.privacy.services import (
    STORY_LIST_TASK,
    person_data_erase_all,
    story_list_link_send,
)
from milepost.settings import base as base_settings
from milepost.submissions.models import (
    ApprovalState,
    Channel,
    EventAction,
    Submission,
    SubmissionStatus,
    SuppressedAddress,
    SuppressionReason,
)
from milepost.submissions.services import SubmissionDraft, submission_create, submission_transition
from tests.smtp import queue_run

pytestmark = pytest.mark.django_db

ASK = "/your-story/all/"
STORED_AS = "Wren.Okafor@Example.org"  # as she typed it on one of her stories
WEB_CONSENT = "You may publish my story on the website."


def _story(callout, email, title, **consents):
    return submission_create(
        SubmissionDraft(
            callout=callout,
            channel=Channel.WEB,
            submitter_name="Wren Okafor",
            submitter_email=email,
            title=title,
            story_text=f"{title}: the mile I ran before dawn.",
            consents=consents,
        )
    )


@pytest.fixture
def stories(callout):
    """Two stories from Wren to two callouts (the address in two cases), one from someone else."""
    race = Callout.objects.create(title="First Race", slug="first-race", prompt="?")
    return {
        "harbour": _story(callout, STORED_AS, "The harbour wall", web=WEB_CONSENT),
        "race": _story(race, STORED_AS.lower(), "My first 5K"),
        "other": _story(callout, "someone.else@example.org", "Not hers at all"),
    }


def _ask(client, email, capture, **extra):
    with capture(execute=True):
        return client.post(ASK, {"email": email}, **extra)


def _link_path(message) -> str:
    found = re.search(r"(\S*/your-story/all/[\w-]+/)", message.body)
    assert found, message.body
    return urlsplit(found.group(1)).path


def _comparable(response) -> str:
    """The page without what differs on every render (the CSRF token) or was typed in."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return re.sub(r"<strong>[^<]*@[^<]*</strong>", "", text)


def test_a_known_and_an_unknown_address_get_the_same_answer_and_only_one_gets_mail(
    client, stories, mailoutbox, django_capture_on_commit_callbacks
):
    known = _ask(client, "wren.okafor@example.org", django_capture_on_commit_callbacks)
    unknown = _ask(client, "nobody.here@example.org", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 200
    assert _comparable(known) == _comparable(unknown)
    assert "Check your email" in known.content.decode()
    assert [message.to for message in mailoutbox] == [["wren.okafor@example.org"]]
    assert StoryListLink.objects.count() == 1


def test_the_page_does_the_same_work_for_either_address(client, stories):
    """No lookup in the request: the task alone finds out whether the address sent anything."""
    client.get(ASK)  # the site, found once per process
    counts = []
    # Each from a client of its own, so both count their first attempts.
    for number, email in enumerate(("wren.okafor@example.org", "nobody.here@example.org")):
        with CaptureQueriesContext(connection) as queries:
            # The task is queued only after commit, which this test does not run.
            client.post(ASK, {"email": email}, REMOTE_ADDR=f"10.0.0.{number}")
        counts.append([re.sub(r"'[^']*'|\d+", "?", q["sql"]) for q in queries.captured_queries])
    assert counts[0] == counts[1]
    assert not any("submissions_submission" in sql for sql in counts[0])


def test_one_email_with_a_link_that_lists_every_story_from_the_address(
    client, stories, mailoutbox, django_capture_on_commit_callbacks
):
    _ask(client, "WREN.okafor@example.ORG", django_capture_on_commit_callbacks)
    (message,) = mailoutbox
    assert message.to == ["wren.okafor@example.org"]
    assert "24 hours" in message.body and "any other" in message.body
    path = _link_path(message)
    token = path.rstrip("/").rsplit("/", 1)[1]
    # Only the hash is kept: the token is in the email alone.
    assert StoryListLink.objects.get().token_hash == story_list_token_hash(token)
    assert not StoryListLink.objects.filter(token_hash=token).exists()
    # Nor does the outbox keep it, once the email has gone.
    kept = OutgoingEmail.objects.get(subject="Your stories: the link you asked for")
    assert token not in kept.body and "/your-story/all/(not kept once sent)/" in kept.body

    # On another device: the link is all it takes.
    response = Client().get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = BeautifulSoup(response.content, "html.parser")
    entries = page.select("article.story-list__entry")
    assert [entry.h2.get_text() for entry in entries] == ["My first 5K", "The harbour wall"]
    assert [entry.select_one(".kicker").get_text() for entry in entries] == [
        "First Race",
        "Most Important Mile",
    ]
    harbour = entries[1].get_text(" ", strip=True)
    assert "Received: waiting for our editors to read it" in harbour
    assert "Publication on the website (given" in harbour
    assert "None given yet" in entries[0].get_text()
    assert "Not hers at all" not in response.content.decode()
    assert entries[1].find("a", href=stories["harbour"].get_status_url())


def test_a_published_story_links_to_its_live_page(
    client, story_index, mailoutbox, django_capture_on_commit_callbacks
):
    from milepost.desk.services import story_draft_create

    submission = _story(story_index.callout, STORED_AS, "The harbour wall")
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED)
    story = story_draft_create(submission, actor=None)
    story.photos.update(alt_text="A runner")
    story.save_revision().publish()
    story.refresh_from_db()
    _ask(client, STORED_AS, django_capture_on_commit_callbacks)
    page = BeautifulSoup(client.get(_link_path(mailoutbox[0])).content, "html.parser")
    assert page.select_one(".live-story a")["href"] == story.url
    assert "Published on the site" in page.get_text()
    assert page.select_one(".withdraw button").get_text() == "Take my story down"


def test_the_link_works_for_24_hours_then_says_it_expired(
    client, stories, mailoutbox, django_capture_on_commit_callbacks
):
    _ask(client, STORED_AS, django_capture_on_commit_callbacks)
    path = _link_path(mailoutbox[0])
    token = path.rstrip("/").rsplit("/", 1)[1]
    link = StoryListLink.objects.get()
    assert link.expires_at - link.created_at == timedelta(hours=24)
    assert story_list_link_get(token, now=link.created_at + timedelta(hours=23, minutes=59))
    with pytest.raises(StoryListLinkRefused):
        story_list_link_get(token, now=link.created_at + timedelta(hours=24))

    StoryListLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(path)
    assert response.status_code == 410
    page = BeautifulSoup(response.content, "html.parser")
    assert "This link has expired: each link works for 24 hours" in page.get_text()
    assert "The harbour wall" not in page.get_text()
    assert page.select_one(f'form[action="{ASK}"] input[name="email"]')  # ask again, here


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token[:10],
        lambda token: token * 300,
        lambda token: "%00" + token,
    ],
    ids=["one-character", "cut-short", "huge", "null-byte"],
)
def test_a_tampered_link_gets_a_clear_page(
    client, stories, mailoutbox, django_capture_on_commit_callbacks, mangle
):
    _ask(client, STORED_AS, django_capture_on_commit_callbacks)
    token = _link_path(mailoutbox[0]).rstrip("/").rsplit("/", 1)[1]
    response = client.get(f"{ASK}{mangle(token)}/")
    assert response.status_code == 404
    page = BeautifulSoup(response.content, "html.parser")
    assert "This link does not work." in page.get_text()
    assert "The harbour wall" not in page.get_text()
    assert page.select_one(f'form[action="{ASK}"]')


def test_asking_is_limited_per_address(
    client, stories, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MILEPOST_STORY_LIST_ADDRESS_RATE = "2/h"
    for number in range(2):  # from two different clients
        response = _ask(
            client, STORED_AS, django_capture_on_commit_callbacks, REMOTE_ADDR=f"10.0.0.{number}"
        )
        assert response.status_code == 200
    # In another case, from a third client: still the same address.
    refused = _ask(
        client, STORED_AS.upper(), django_capture_on_commit_callbacks, REMOTE_ADDR="10.0.0.9"
    )
    assert refused.status_code == 429
    assert "several links in a short time" in refused.content.decode()
    assert len(mailoutbox) == 2
    # An unknown address is limited the same way, so the limit tells nothing either.
    for _ in range(2):
        _ask(client, "nobody.here@example.org", django_capture_on_commit_callbacks)
    assert (
        _ask(client, "nobody.here@example.org", django_capture_on_commit_callbacks).status_code
        == 429
    )


def test_asking_is_limited_per_client(
    client, stories, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MILEPOST_STORY_LIST_RATE = "3/h"
    addresses = ["a@example.org", "b@example.org", "not an address"]
    for address in addresses:  # every attempt counts, valid or not
        assert _ask(client, address, django_capture_on_commit_callbacks).status_code == 200
    refused = _ask(client, STORED_AS, django_capture_on_commit_callbacks)
    assert refused.status_code == 429
    assert not mailoutbox
    other = _ask(client, STORED_AS, django_capture_on_commit_callbacks, REMOTE_ADDR="10.1.1.1")
    assert other.status_code == 200
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "Enter the email address you sent your stories from."),
        ("wren at example dot org", "That does not look like an email address"),
        ("wren@example.org\nBcc: everyone@example.org", "That does not look like an email address"),
        ("w" * 10_000 + "@example.org", "That is longer than any email address can be"),
        ("wren\x00@example.org", "Null characters are not allowed."),
    ],
    ids=["empty", "malformed", "header-injection", "huge", "null"],
)
def test_bad_input_is_a_form_error(
    client, stories, mailoutbox, django_capture_on_commit_callbacks, typed, said
):
    response = _ask(client, typed, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert said in page.select_one(".errorlist").get_text()
    assert page.select_one("input[name=email]")["aria-invalid"] == "true"
    assert "Check your email" not in page.get_text()
    assert not mailoutbox and not StoryListLink.objects.exists()


@pytest.fixture
def listed(client, stories, mailoutbox, django_capture_on_commit_callbacks):
    """Wren's list page, as she reaches it from the email: its path."""
    _ask(client, STORED_AS, django_capture_on_commit_callbacks)
    return _link_path(mailoutbox[0])


def _form(client, path, action):
    page = BeautifulSoup(client.get(path).content, "html.parser")
    form = page.find("form", action=action)
    assert form, f"no form for {action}"
    return {field["name"]: field.get("value", "") for field in form.select("input[name]")}


def test_withdrawing_from_the_list_withdraws_and_comes_back_to_it(
    client, stories, listed, django_capture_on_commit_callbacks
):
    harbour = stories["harbour"]
    action = f"{harbour.get_status_url()}withdraw/"
    fields = _form(client, listed, action)
    assert fields["next"] == listed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action, fields)
    assert (response.status_code, response["Location"]) == (302, listed)
    harbour.refresh_from_db()
    assert harbour.status == SubmissionStatus.WITHDRAWN
    page = client.get(listed).content.decode()
    assert "Your story has been withdrawn. We will not publish it." in page
    assert "Withdrawn by you" in page
    assert stories["race"].__class__.objects.get(pk=stories["race"].pk).status == "received"


def test_approving_the_edit_from_the_list(client, stories, listed):
    race = stories["race"]
    Submission.objects.filter(pk=race.pk).update(
        approval_state=ApprovalState.REQUESTED, approval_text="My first 5K\n\nThe mile I ran."
    )
    page = BeautifulSoup(client.get(listed).content, "html.parser")
    assert page.select_one(".approval ins")  # the edit is shown where she approves it
    action = f"{race.get_status_url()}approval/"
    fields = _form(client, listed, action)
    response = client.post(action, {**fields, "answer": "approve"})
    assert response["Location"] == listed
    race.refresh_from_db()
    assert race.approval_state == ApprovalState.APPROVED
    assert race.events.filter(action=EventAction.EDIT_APPROVED).exists()
    assert "Thank you: you approved the edit." in client.get(listed).content.decode()


def test_asking_for_erasure_from_the_list(
    client, stories, listed, django_capture_on_commit_callbacks
):
    harbour = stories["harbour"]
    action = f"{harbour.get_status_url()}erase/"
    fields = _form(client, listed, action)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action, fields)
    assert response["Location"] == listed
    assert ErasureRequest.objects.get().submission == harbour
    page = client.get(listed).content.decode()
    assert "We have your request" in page and "You asked on" in page


def test_a_next_field_leading_off_the_site_goes_to_the_status_page(client, stories):
    harbour = stories["harbour"]
    response = client.post(
        f"{harbour.get_status_url()}withdraw/", {"next": "https://evil.example/your-story/all/"}
    )
    assert response["Location"] == harbour.get_status_url()


def test_the_status_and_privacy_pages_lead_to_the_list(client, stories):
    page = BeautifulSoup(
        client.get(f"{stories['harbour'].get_status_url()}?sent=1").content, "html.parser"
    )
    assert {a.get_text() for a in page.find_all("a", href=ASK)} == {
        "all your stories",
        "All your stories",
    }


def test_an_address_s_links_are_exported_and_erased_with_its_data(stories):
    assert story_list_link_send(STORED_AS)
    assert story_list_link_send(STORED_AS.upper())
    assert not story_list_link_send("nobody.here@example.org")
    assert StoryListLink.objects.count() == 2
    kinds = [record.kind for record in person_data_get(STORED_AS).other]
    assert kinds == ["link to all stories", "link to all stories"]
    person_data_erase_all(STORED_AS.upper(), actor_label="command")
    assert not StoryListLink.objects.exists()
    assert Submission.objects.filter(submitter_email="someone.else@example.org").exists()


def test_expired_links_are_deleted_when_the_next_is_made(stories):
    story_list_link_send(STORED_AS)
    StoryListLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    story_list_link_send(STORED_AS)
    assert StoryListLink.objects.count() == 1
    assert StoryListLink.objects.get().expires_at > timezone.now()


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_the_queue_keeps_no_address_longer_than_it_must(
    client, stories, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TASKS = base_settings.TASKS  # in the database, as in production
    assert tasks.story_list_link_send.module_path == STORY_LIST_TASK
    rows = DBTaskResult.objects.filter(task_path=STORY_LIST_TASK)
    _ask(client, "nobody.here@example.org", django_capture_on_commit_callbacks)
    _ask(client, STORED_AS, django_capture_on_commit_callbacks)
    assert rows.count() == 2
    queue_run()
    # Each run deletes the finished ones before it: only the last is left.
    assert [row.args_kwargs["args"] for row in rows] == [[STORED_AS.lower()]]
    links = [message.to for message in mailoutbox if message.subject.startswith("Your stories")]
    assert links == [[STORED_AS.lower()]]
    _ask(client, STORED_AS, django_capture_on_commit_callbacks)  # queued, not yet run
    assert rows.all().count() == 2
    person_data_erase_all(STORED_AS, actor_label="command")
    assert not rows.all().exists()


def test_a_link_that_never_goes_is_not_kept_either(
    stories, mailoutbox, django_capture_on_commit_callbacks
):
    SuppressedAddress.objects.create(email=STORED_AS.lower(), reason=SuppressionReason.BOUNCE)
    with django_capture_on_commit_callbacks(execute=True):
        assert story_list_link_send(STORED_AS)
    kept = OutgoingEmail.objects.get(subject="Your stories: the link you asked for")
    assert kept.status == "withheld" and not mailoutbox
    assert "/your-story/all/(not kept once sent)/" in kept.body


def test_the_page_cache_never_keeps_the_list(client, settings, listed):
    settings.MILEPOST_PAGE_CACHE = True
    settings.MILEPOST_PAGE_CACHE_SKIP_PATHS = []  # its headers alone keep it out
    caches["page_cache"].clear()
    for path in (listed, ASK):
        responses = [Client().get(path) for _ in range(2)]
        assert [response.status_code for response in responses] == [200, 200]
        assert not any(response.has_header("X-Page-Cache") for response in responses)
    assert "The harbour wall" in Client().get(listed).content.decode()
