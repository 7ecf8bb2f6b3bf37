"""The one intake service, as every email channel uses it."""

import hashlib
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from milepost.callouts.models import Callout, LatePolicy
from milepost.intake import services
from milepost.intake.models import InboundMessage, InboundState
from milepost.intake.services import (
    Outcome,
    inbound_message_receive,
    inbound_message_store,
    intake_sweep,
)
from milepost.submissions.models import CheckCode, EventAction, Submission
from tests.intake.mail import jpeg, story_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def callout(db):
    return Callout.objects.create(
        title="Most Important Mile",
        slug="most-important-mile",
        prompt="What was your most important mile?",
        subject_phrases="Most Important Mile",
    )


@pytest.fixture
def receive(django_capture_on_commit_callbacks):
    """Receive as a channel does, running what waits for the commit (the acknowledgment)."""

    def _receive(raw, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return inbound_message_receive(raw, channel="import", source="test", **kwargs)

    return _receive


def codes(submission):
    return sorted(submission.checks.values_list("code", flat=True))


def test_a_story_email_becomes_a_checked_submission(callout, receive):
    raw = story_email()
    result = receive(raw)
    assert result.outcome == Outcome.SUBMISSION
    submission = result.submission
    assert submission.callout == callout
    assert submission.channel == "import"
    assert submission.status == "received"
    assert submission.title == "Back on Pine Street"
    assert submission.submitter_name == "Jane Doe"
    assert submission.submitter_email == "jane@example.com"
    assert (submission.submitter_age, submission.submitter_city) == (32, "St. Louis")
    assert submission.submitter_region == "MO"
    assert submission.story_text.startswith("I had not run since the accident.")
    assert submission.word_count > 30
    assert codes(submission) == []
    photo = submission.photos.get()
    assert (photo.width, photo.height, photo.print_ready) == (2400, 1600, True)
    # The raw bytes are kept exactly, privately.
    stored = InboundMessage.objects.get()
    assert stored.state == InboundState.PROCESSED
    assert stored.raw.read() == raw
    assert stored.sha256 == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize(
    "subject",
    [
        "Most Important Mile",
        "RE: Fwd: most important mile",
        "My Most Important Mile!!",
        "most-important-mile: a story",
        "[Readers] Fw: MOST IMPORTANT MILE — the hill",
    ],
)
def test_subject_phrases_route_whatever_the_case_prefixes_and_punctuation(
    callout, receive, subject
):
    assert receive(story_email(subject=subject)).submission.callout == callout


def test_recipient_address_routes_whatever_the_subject(callout, receive):
    other = Callout.objects.create(
        title="First Race",
        slug="first-race",
        prompt="?",
        recipient_addresses="race@milepost.example",
    )
    result = receive(story_email(subject="hello", to="Race Desk <RACE@milepost.example>"))
    assert result.submission.callout == other


def test_forced_callout_overrides_routing(callout, receive):
    other = Callout.objects.create(title="First Race", slug="first-race", prompt="?")
    result = receive(story_email(subject="nothing to see"), callout=other)
    assert result.submission.callout == other


def test_unrouted_mail_is_kept_and_visible(callout, receive):
    raw = story_email(subject="Question about my subscription")
    result = receive(raw)
    assert result.outcome == Outcome.UNROUTED
    assert Submission.objects.count() == 0
    stored = InboundMessage.objects.get()
    assert stored.state == InboundState.UNROUTED
    assert stored.subject == "Question about my subscription"
    assert stored.raw.read() == raw
    assert mail.outbox == []  # no acknowledgment to unrouted mail


def test_the_same_message_twice_is_one_submission(callout, receive):
    raw = story_email()
    first = receive(raw)
    again = receive(raw)
    assert again.outcome == Outcome.DUPLICATE
    assert again.submission == first.submission
    assert Submission.objects.count() == 1
    assert InboundMessage.objects.count() == 1


def test_the_same_message_id_with_other_bytes_is_stored_and_flagged(callout, receive):
    first = receive(story_email(message_id="<one@example.com>")).submission
    other_raw = story_email(message_id="<one@example.com>", body="A different story entirely.")

    again = receive(other_raw)

    assert again.outcome == Outcome.SUBMISSION
    assert InboundMessage.objects.count() == 2
    assert InboundMessage.objects.get(pk=again.inbound_message.pk).raw.read() == other_raw
    assert again.inbound_message.message_id == "one@example.com"
    check = again.submission.checks.get(code="possible_duplicate")
    assert check.other_submission == first
    assert "Same Message-ID as" in check.message
    assert codes(first) == []


def test_the_same_message_id_relayed_with_an_extra_header_points_at_the_first(callout, receive):
    first = receive(story_email(message_id="<one@example.com>")).submission

    again = receive(story_email(message_id="<one@example.com>", headers={"X-Relay": "2"}))

    assert again.outcome == Outcome.SUBMISSION
    assert [check.other_submission for check in again.submission.checks.all()] == [first]


def test_the_same_story_under_another_message_id_is_flagged(callout, receive):
    first = receive(story_email()).submission
    second = receive(story_email(subject="Most Important Mile (resent)")).submission
    assert codes(second) == ["possible_duplicate"]
    assert second.checks.get().other_submission == first
    assert codes(first) == []


def test_checks_flag_but_never_reject(callout, receive):
    long_story = " ".join(["mile"] * 320)
    pdf = (b"%PDF-1.4\n%fake\n", "story.pdf")
    small = (jpeg(800, 600), "small.jpg")
    result = receive(story_email(body=long_story, photos=[pdf, small]))
    assert result.outcome == Outcome.SUBMISSION
    assert codes(result.submission) == [
        "attachment_rejected",
        "over_word_limit",
        "photo_too_small_for_print",
    ]
    assert "story.pdf" in result.submission.checks.get(code="attachment_rejected").message


def test_missing_photo_is_flagged_and_asked_for(callout, receive):
    submission = receive(story_email(photos=())).submission
    assert codes(submission) == ["missing_photo"]
    (ack,) = mail.outbox
    assert "photo" in ack.body.lower()


def test_acknowledgment_is_sent_once_with_reference_and_status_link(callout, receive):
    submission = receive(story_email()).submission
    (ack,) = mail.outbox
    assert ack.to == ["jane@example.com"]
    assert submission.reference in ack.subject
    assert f"/your-story/{submission.status_token}/" in ack.body
    assert ack.extra_headers["Auto-Submitted"] == "auto-replied"
    submission.refresh_from_db()
    assert submission.acknowledged_at is not None
    assert submission.events.filter(action=EventAction.ACKNOWLEDGED).count() == 1
    intake_sweep()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"List-Id": "<runners.lists.example.com>"},
        {"List-Unsubscribe": "<mailto:leave@lists.example.com>"},
    ],
)
def test_no_acknowledgment_to_machines(callout, receive, headers):
    submission = receive(story_email(headers=headers)).submission
    assert "auto_generated_mail" in codes(submission)
    assert mail.outbox == []


def test_closed_callout_keeps_what_arrives_marked_late(callout, receive):
    callout.is_open = False
    callout.save()
    submission = receive(story_email()).submission
    assert submission.arrived_late
    (ack,) = mail.outbox
    assert "Most Important Mile had closed to new stories. We have kept it" in " ".join(
        ack.body.split()
    )


def test_mail_after_the_closing_time_is_kept_flagged_and_acknowledged_as_late(callout, receive):
    callout.closes_at = timezone.now() - timedelta(seconds=1)
    callout.save()
    submission = receive(story_email()).submission
    assert submission.arrived_late and submission.status == "received"
    (ack,) = mail.outbox
    body = " ".join(ack.body.split())
    assert (
        "Your story reached us after the deadline for Most Important Mile, which closed on" in body
    )
    # The default body has a place for it, after the reference.
    assert body.index(submission.reference) < body.index("after the deadline")


def test_late_mail_to_a_callout_that_declines_it_is_kept_declined_and_thanked(callout, receive):
    callout.closes_at = timezone.now() - timedelta(days=2)
    callout.late_policy = LatePolicy.DECLINE
    callout.acknowledgment_body = "Dear {first_name},\n\nThanks for {title}.\n{status_link}\n"
    callout.save()
    submission = receive(story_email()).submission
    assert submission.arrived_late and submission.status == "declined"
    assert submission.events.filter(action=EventAction.DECLINED).count() == 1
    (ack,) = mail.outbox
    # An edited body without {deadline_note} gets the note after its greeting.
    assert ack.body.startswith("Dear Jane,\n\nYour story reached us after the deadline")
    assert "we are not able to consider it this time. Thank you, warmly" in " ".join(
        ack.body.split()
    )


def test_mail_that_arrived_before_the_close_is_on_time_however_late_it_is_read(callout):
    callout.closes_at = timezone.now() - timedelta(hours=1)
    callout.save()
    stored, _ = inbound_message_store(story_email(), channel="import", source="test")
    # Fetched a minute before the close, processed after it (a slow queue, a retry).
    InboundMessage.objects.filter(pk=stored.pk).update(
        received_at=callout.closes_at - timedelta(minutes=1)
    )
    stored.refresh_from_db()
    submission = services.inbound_message_process(stored).submission
    assert not submission.arrived_late


def test_a_failure_is_kept_with_its_error_and_retried_later(callout, receive, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services, "submission_create", broken)
    raw = story_email()
    result = receive(raw)
    assert result.outcome == Outcome.FAILED
    stored = InboundMessage.objects.get()
    assert stored.state == InboundState.FAILED
    assert "disk on fire" in stored.error
    assert Submission.objects.count() == 0
    monkeypatch.undo()

    from django.core.management import call_command

    call_command("retry_mail")
    stored.refresh_from_db()
    assert stored.state == InboundState.PROCESSED
    assert Submission.objects.get().inbound_message == stored


def test_oversized_mail_is_kept_and_marked_failed(callout, receive, settings):
    settings.MILEPOST_MAX_MESSAGE_BYTES = 10_000
    raw = story_email()
    result = receive(raw)
    assert result.outcome == Outcome.FAILED
    assert "over the" in result.error
    assert InboundMessage.objects.get().raw.read() == raw


def test_sweep_processes_mail_a_crashed_worker_left(callout, receive):
    from datetime import timedelta

    from django.utils import timezone

    message, _ = inbound_message_store(story_email(), channel="imap")
    InboundMessage.objects.filter(pk=message.pk).update(
        received_at=timezone.now() - timedelta(hours=1)
    )
    assert intake_sweep()["reprocessed"] == 1
    assert Submission.objects.get().inbound_message == message


def test_submission_text_as_sent_never_changes(callout, receive):
    submission = receive(story_email()).submission
    submission.story_text = "edited"
    with pytest.raises(ValueError, match="never changes"):
        submission.save()


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\xff" * 1000,
        b"Subject: Most Important Mile\r\n\r\n",
        b"From: =?utf-8?b?broken\r\nSubject: =?x-unknown?q?Most_Important_Mile?=\r\n\r\nhi",
        b"Subject: Most Important Mile\nContent-Type: multipart/mixed; boundary=x\n\n--x\n",
        b"Subject: Most Important Mile\nContent-Type: text/plain; charset=utf-8\n\n"
        + "café".encode("latin-1"),
    ],
)
def test_malformed_mail_never_crashes_and_is_kept(callout, receive, raw):
    result = receive(raw)
    assert result.outcome in {Outcome.SUBMISSION, Outcome.UNROUTED}
    assert InboundMessage.objects.get().raw.read() == raw


def forwarded(inner: bytes, *, encoded: bool) -> bytes:
    """A forward as mail programs send it; some base64-encode the message inside (RFC 2046 no)."""
    from email import message_from_bytes, policy
    from email.message import EmailMessage

    outer = EmailMessage()
    outer["From"] = "Jane Doe <jane@example.com>"
    outer["To"] = "mile@milepost.example"
    outer["Subject"] = "Fwd: Most Important Mile"
    outer["Message-ID"] = "<outer@example.com>"
    outer.set_content("Forwarding my story, with the photo my friend took.")
    if encoded:
        outer.add_attachment(inner, maintype="message", subtype="rfc822")
    else:
        outer.add_attachment(message_from_bytes(inner, policy=policy.default))
    return bytes(outer)


@pytest.mark.parametrize("encoded", [False, True], ids=["plain", "base64"])
def test_a_photo_inside_a_forwarded_message_is_kept(callout, receive, encoded):
    submission = receive(forwarded(story_email(subject="My story"), encoded=encoded)).submission
    assert submission.photos.count() == 1
    assert "missing_photo" not in codes(submission)


def test_an_html_only_email_becomes_clean_text(callout, receive):
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "Jane Doe <jane@example.com>"
    message["Subject"] = "Most Important Mile"
    message.set_content(
        "<p>The first mile <b>hurt</b>.</p><script>alert(1)</script>"
        '<p onclick="steal()">The second did not. <a href="javascript:evil()">x</a></p>',
        subtype="html",
    )
    submission = receive(bytes(message)).submission
    assert "The first mile hurt." in submission.story_text
    assert "The second did not." in submission.story_text
    for unsafe in ("<script", "alert(1)", "onclick", "javascript:"):
        assert unsafe not in submission.story_text


def test_a_heic_photo_becomes_a_jpeg_master_without_metadata(callout, receive):
    from email.message import EmailMessage

    from tests.photos.images import heic_with_exif

    message = EmailMessage()
    message["From"] = "Jane Doe <jane@example.com>"
    message["Subject"] = "Most Important Mile"
    message.set_content("A short story.")
    message.add_attachment(
        heic_with_exif(), maintype="image", subtype="heic", filename="IMG_1.HEIC"
    )
    photo = receive(bytes(message)).submission.photos.get()
    assert (photo.original_format, photo.master_format, photo.has_metadata) == (
        "heic",
        "jpeg",
        False,
    )
    assert photo.file.read(3) == b"\xff\xd8\xff"


def test_a_wrongly_declared_charset_keeps_the_words(callout, receive):
    raw = (
        b"From: =?iso-8859-1?q?Ren=E9e_Dupr=E9?= <renee@example.com>\r\n"
        b"Subject: Most Important Mile\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        + "Ma première course, à Montréal.".encode("latin-1")
    )
    submission = receive(raw).submission
    assert submission.submitter_name == "Renée Dupré"
    assert "première course, à Montréal" in submission.story_text


# Bounded work per message, through the file channel (`import_mail`)


def import_file(tmp_path, raw: bytes) -> None:
    path = tmp_path / "story.eml"
    path.write_bytes(raw)
    call_command("import_mail", str(path), stdout=io.StringIO())


def test_photos_past_the_cap_are_left_out_and_flagged(callout, tmp_path):
    photos = [(jpeg(40, 30, (index * 6, 90, 40)), f"photo-{index}.jpg") for index in range(41)]
    raw = story_email(photos=photos)
    import_file(tmp_path, raw)
    submission = Submission.objects.get()
    assert submission.photos.count() == 10
    assert list(submission.photos.values_list("original_filename", flat=True)) == [
        f"photo-{index}.jpg" for index in range(10)
    ]
    check = submission.checks.get(code=CheckCode.PHOTOS_LEFT_OUT)
    assert "41 attachments came; only the first 10" in check.message
    assert InboundMessage.objects.get().raw.read() == raw  # the rest are still in the mail


def test_a_message_past_its_deadline_is_marked_failed_and_kept(callout, tmp_path, settings):
    settings.MILEPOST_MESSAGE_DEADLINE_SECONDS = 0
    raw = story_email(photos=[(jpeg(40, 30, (9, 9, index)), f"{index}.jpg") for index in range(3)])
    import_file(tmp_path, raw)
    stored = InboundMessage.objects.get()
    assert stored.state == InboundState.FAILED
    assert "processing took too long: stopped after 0 of 3 photos" in stored.error
    assert not Submission.objects.exists()
    assert stored.raw.read() == raw


def test_routing_a_stored_unrouted_message_makes_its_submission(
    callout, receive, django_capture_on_commit_callbacks
):
    other = Callout.objects.create(title="First Race", slug="first-race", prompt="?")
    unrouted = receive(story_email(subject="Question about my race")).inbound_message

    with django_capture_on_commit_callbacks(execute=True):
        result = services.inbound_message_route(unrouted, other, actor_label="test")

    assert result.outcome == Outcome.SUBMISSION
    assert result.submission.callout == other
    assert result.submission.inbound_message == unrouted
    unrouted.refresh_from_db()
    assert unrouted.state == InboundState.PROCESSED
    assert [(e.action, e.actor_label, e.detail) for e in result.submission.events.all()] == [
        (EventAction.RECEIVED, "system", "by Email (file import)"),
        (EventAction.ROUTED, "test", "to First Race"),
        (EventAction.ACKNOWLEDGED, "system", "to jane@example.com"),
    ]
    assert len(mail.outbox) == 1  # now it is a submission, its submitter hears so
    again = services.inbound_message_route(unrouted, callout)
    assert again.outcome == Outcome.DUPLICATE and again.submission == result.submission
    assert Submission.objects.count() == 1


def test_an_editor_routing_is_recorded_under_their_name(callout, receive, django_user_model):
    editor = django_user_model.objects.create_user("editor")
    unrouted = receive(story_email(subject="Hello")).inbound_message

    submission = services.inbound_message_route(unrouted, callout, actor=editor).submission

    assert submission.events.get(action=EventAction.ROUTED).actor == editor


def test_receiving_unrouted_mail_again_with_a_callout_routes_it(callout, receive):
    raw = story_email(subject="Question about my race")
    receive(raw)

    result = receive(raw, callout=callout)

    assert result.outcome == Outcome.SUBMISSION
    assert InboundMessage.objects.count() == 1
    assert Submission.objects.get().inbound_message == result.inbound_message


@pytest.mark.parametrize(
    "bad_header",
    [
        b"From: =?utf-8?q?Eve=0D=0ABcc:_victim@example.com?= <eve@example.com>",
        b"From: <<<@@@>>>",
        b"Subject: =?utf-8?b?" + b"\xff" * 40 + b"?=",
        b"To: \x00\x01\x02 <",
        b"Date: yesterday-ish",
        b"Subject: NUL \x00 bytes, which PostgreSQL refuses",
    ],
)
def test_the_message_id_survives_any_other_header(callout, receive, bad_header):
    raw = bad_header + b"\r\nMessage-ID: <kept@example.com>\r\n\r\nMost Important Mile\r\n"

    stored, _ = inbound_message_store(raw, channel="import")

    assert stored.message_id == "kept@example.com"
    assert receive(raw).message_id == "kept@example.com"


MESSAGES = Path(__file__).parent / "messages"


@pytest.mark.parametrize(
    ("name", "from_line"),
    [
        ("from_name_without_brackets.eml", "Mal Formed mal.x@example.com"),
        ("from_space_in_domain.eml", "Kate <kate.x@exa mple.com>"),
    ],
)
def test_a_from_line_that_is_not_one_address_is_routed_by_to_but_never_written_to(
    callout, receive, name, from_line
):
    callout.recipient_addresses = "stories@milepost.example"
    callout.save()

    result = receive((MESSAGES / name).read_bytes())

    submission = result.submission
    assert submission.callout == callout  # by its To:, the subject names no callout
    assert submission.submitter_email == ""
    check = submission.checks.get(code=CheckCode.SENDER_ADDRESS_UNREADABLE)
    assert check.message == (
        f"No acknowledgment was sent: the From line “{from_line}” is not one valid email address."
    )
    assert mail.outbox == []


@pytest.mark.parametrize(
    "sender",
    [
        "Ed Itor <Ed.Itor@Milepost.example>",  # an editor's account, in another case
        "stories@milepost.example",  # DEFAULT_FROM_EMAIL
        "Mile Desk <mile@milepost.example>",  # the callout's own address
    ],
)
def test_mail_from_our_own_addresses_is_flagged_and_never_acknowledged(
    callout, receive, django_user_model, sender
):
    django_user_model.objects.create_user("editor", "ed.itor@milepost.example", "pw")
    callout.submission_address = "mile@milepost.example"
    callout.save()

    submission = receive(story_email(sender=sender)).submission

    check = submission.checks.get(code=CheckCode.SENT_FROM_OUR_ADDRESS)
    assert "own address" in check.message and "no acknowledgment" in check.message
    assert mail.outbox == []
    assert intake_sweep(grace=timedelta(0))["acknowledgments"] == 0
    assert mail.outbox == []


def test_an_inactive_editors_old_address_is_a_submitters_like_any_other(
    callout, receive, django_user_model
):
    django_user_model.objects.create_user("former", "jane@example.com", "pw", is_active=False)

    submission = receive(story_email()).submission

    assert not submission.checks.filter(code=CheckCode.SENT_FROM_OUR_ADDRESS).exists()
    assert len(mail.outbox) == 1
