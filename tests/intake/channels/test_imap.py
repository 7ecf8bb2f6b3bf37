"""The IMAP channel against a real Dovecot on 127.0.0.1: `milepost fetch_mail`."""

import io
import logging
import os
import signal
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from milepost.intake.channels import imap
from milepost.intake.channels.imap import ImapAddress, ImapError, imap_address_parse
from milepost.intake.management.commands import fetch_mail
from milepost.intake.models import InboundMessage, InboundState
from milepost.privacy.models import ErasureRecord
from milepost.privacy.services import retention_apply
from milepost.submissions.models import Submission
from tests.intake.dovecot import dovecot_server, free_port  # noqa: F401 (a fixture)
from tests.intake.mail import story_email

# Dovecot here separates folder levels with ".", so the setting's "Milepost/Processed" is this.
PROCESSED = "Milepost.Processed"


def crlf(raw: bytes) -> bytes:
    """IMAP keeps and serves mail with CRLF line ends (RFC 3501), as it travels by SMTP."""
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def story(**fields) -> bytes:
    return crlf(story_email(**{"photos": (), **fields}))


@pytest.fixture
def account(dovecot_server):  # noqa: F811
    return dovecot_server.account()


def append(account, *messages: bytes) -> None:
    with account.mailbox() as mailbox:
        for raw in messages:
            mailbox.append(raw, "INBOX")


def uids(account, folder="INBOX") -> list[str]:
    with account.mailbox(None) as mailbox:
        if not mailbox.folder.exists(folder):
            return []
        mailbox.folder.set(folder)
        return mailbox.uids()


def fetch(account) -> str:
    out = io.StringIO()
    call_command("fetch_mail", "--once", "--url", account.url(), stdout=out)
    return out.getvalue()


def summary(output: str) -> str:
    return output.strip().split(": ", 1)[1]


# The URL


def test_imaps_url_with_percent_encoded_credentials():
    address = imap_address_parse(
        "imaps://stories%40example.com:p%40ss%3Aw%2Fr%25d+x@Imap.Example.com/"
    )
    assert address == ImapAddress(
        security="tls",
        host="imap.example.com",
        port=993,
        user="stories@example.com",
        password="p@ss:w/r%d+x",
        folder="INBOX",
    )


def test_plain_and_starttls_urls_with_port_and_nested_folder():
    plain = imap_address_parse("imap://me:pw@localhost:1143/Stories/Incoming")
    assert (plain.security, plain.port, plain.folder) == ("plain", 1143, "Stories/Incoming")
    starttls = imap_address_parse("imap://me:pw@mail.example.org/INBOX?starttls=1")
    assert (starttls.security, starttls.port) == ("starttls", 143)


def test_xoauth2_url_needs_no_password():
    address = imap_address_parse(
        "imaps://stories%40example.com@outlook.office365.com/INBOX?auth=xoauth2"
    )
    assert address.xoauth2 is True
    assert (address.user, address.password, address.port) == ("stories@example.com", "", 993)


def test_the_password_never_shows():
    address = imap_address_parse("imaps://me:hunter2-secret@imap.example.com/INBOX")
    assert "hunter2" not in f"{address} {address!r}"
    assert str(address) == "imaps://me@imap.example.com:993/INBOX"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "MILEPOST_IMAP_URL"),
        ("pop3://me:pw@example.com/", "imaps://"),
        ("imaps://example.com/INBOX", "needs a user"),
        ("imaps://me@example.com/INBOX", "no password"),
        ("imaps://me:pw@example.com:99999/INBOX", "percent-encode"),
        ("imaps://me:pw@example.com/INBOX?starttls=1", "starttls=1 goes with imap://"),
        ("imap://me:pw@example.com/INBOX?tls=0", "Unknown IMAP URL option tls"),
        ("imaps://me@example.com/INBOX?auth=oauth", "auth=xoauth2"),
    ],
)
def test_bad_urls_are_explained(url, message):
    with pytest.raises(ImapError, match=message):
        imap_address_parse(url)


def test_bad_url_is_a_command_error_naming_no_password():
    with pytest.raises(CommandError) as caught:
        call_command("fetch_mail", "--once", "--url", "imaps://me:pw#secret@example.com/INBOX")
    assert "secret" not in str(caught.value)


def test_batches_bound_message_count_and_bytes(monkeypatch):
    monkeypatch.setattr(imap, "BATCH_MESSAGES", 3)
    monkeypatch.setattr(imap, "BATCH_BYTES", 100)
    listing = [("1", 10), ("2", 10), ("3", 10), ("4", 10), ("5", 95), ("6", 500), ("7", 1)]
    assert list(imap._batches(listing)) == [["1", "2", "3"], ["4"], ["5"], ["6"], ["7"]]  # noqa: SLF001 (Milepost's own)


# Fetching from a real server


@pytest.mark.django_db
def test_messages_become_submissions_and_move_to_the_processed_folder(story_index, account):
    first = story(subject="Most Important Mile: Pine Street")
    second = story(subject="Most Important Mile: The bridge", sender="Ann Lee <ann@example.com>")
    append(account, first, second)

    output = fetch(account)

    assert summary(output) == (
        "2 submissions, 0 duplicates, 0 unrouted, 0 failed; 2 moved, 0 flagged, 0 vanished"
    )
    assert uids(account) == []
    assert len(uids(account, PROCESSED)) == 2
    titles = set(Submission.objects.values_list("title", flat=True))
    assert titles == {"Pine Street", "The bridge"}
    stored = InboundMessage.objects.order_by("pk")
    # Exactly the bytes that were delivered, not a re-serialised copy.
    assert [message.raw.read() for message in stored] == [first, second]
    assert [message.channel for message in stored] == ["imap", "imap"]
    assert stored[0].source == f"imap:{account.host}/INBOX#1"


@pytest.mark.django_db
def test_processed_messages_stay_unseen_for_people_reading_the_mailbox(story_index, account):
    append(account, story())
    fetch(account)
    with account.mailbox(PROCESSED) as mailbox:
        [message] = mailbox.fetch(mark_seen=False)
    assert "\\Seen" not in message.flags


@pytest.mark.django_db
def test_fetching_again_makes_no_second_submission(story_index, account):
    raw = story()
    append(account, raw)
    fetch(account)
    assert summary(fetch(account)).startswith("0 submissions, 0 duplicates")
    # Delivered a second time (a client re-uploading it, a forwarding loop): kept once.
    append(account, raw)
    assert summary(fetch(account)).startswith("0 submissions, 1 duplicates")
    assert Submission.objects.count() == InboundMessage.objects.count() == 1
    assert uids(account) == []
    assert len(uids(account, PROCESSED)) == 2


@pytest.mark.django_db
def test_another_message_under_the_same_message_id_is_kept_and_flagged(story_index, account):
    first_raw = story(message_id="<same@example.com>")
    second_raw = story(message_id="<same@example.com>", body="Another story, another mile.")
    append(account, first_raw, second_raw)

    assert summary(fetch(account)).startswith("2 submissions, 0 duplicates")

    first, second = Submission.objects.order_by("pk")
    assert [m.raw.read() for m in InboundMessage.objects.order_by("pk")] == [first_raw, second_raw]
    check = second.checks.get(code="possible_duplicate")
    assert check.other_submission == first
    assert not first.checks.filter(code="possible_duplicate").exists()


@pytest.mark.django_db
def test_a_crash_after_storing_loses_nothing_and_duplicates_nothing(
    story_index, account, monkeypatch
):
    append(
        account,
        story(subject="Most Important Mile: One"),
        story(subject="Most Important Mile: Two"),
    )
    real_file_away = imap._file_away  # noqa: SLF001 (Milepost's own)

    def killed_once(*args):
        monkeypatch.setattr(imap, "_file_away", real_file_away)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(imap, "_file_away", killed_once)
    with pytest.raises(RuntimeError, match="worker killed"):
        fetch(account)
    # The first message is stored and processed, yet still waits in the INBOX.
    assert Submission.objects.count() == 1
    assert len(uids(account)) == 2

    assert summary(fetch(account)).startswith("1 submissions, 1 duplicates, 0 unrouted, 0 failed")
    assert Submission.objects.count() == InboundMessage.objects.count() == 2
    assert uids(account) == []
    assert len(uids(account, PROCESSED)) == 2


@pytest.mark.django_db
def test_when_moving_fails_the_message_is_flagged_and_skipped_next_time(
    story_index, account, settings, caplog
):
    settings.MILEPOST_IMAP_PROCESSED_FOLDER = "~Processed"  # Dovecot refuses the name
    append(account, story())

    assert summary(fetch(account)).endswith("0 moved, 1 flagged, 0 vanished")
    assert "~Processed" in caplog.text
    with account.mailbox() as mailbox:
        [message] = mailbox.fetch(mark_seen=False)
    assert set(message.flags) == {"\\Seen", imap.PROCESSED_KEYWORD}

    settings.MILEPOST_IMAP_PROCESSED_FOLDER = "Milepost/Processed"
    assert summary(fetch(account)).startswith("0 submissions, 0 duplicates, 0 unrouted")
    assert Submission.objects.count() == 1
    assert len(uids(account)) == 1


@pytest.mark.django_db
def test_an_unrouted_message_is_stored_as_unrouted_and_moved(story_index, account):
    raw = story(subject="Lunch on Friday?", to="someone@elsewhere.example")
    append(account, raw)

    assert summary(fetch(account)).startswith("0 submissions, 0 duplicates, 1 unrouted")
    stored = InboundMessage.objects.get()
    assert stored.state == InboundState.UNROUTED
    assert stored.raw.read() == raw
    assert Submission.objects.count() == 0
    assert uids(account) == []
    assert len(uids(account, PROCESSED)) == 1


@pytest.mark.django_db
def test_a_photo_attachment_becomes_a_submission_photo(story_index, account):
    raw = crlf(story_email())  # with a 2400 x 1600 JPEG
    append(account, raw)

    fetch(account)

    photo = Submission.objects.get().photos.get()
    assert (photo.width, photo.height) == (2400, 1600)
    assert InboundMessage.objects.get().raw.read() == raw


@pytest.mark.django_db
def test_messages_are_fetched_in_batches(story_index, account, monkeypatch):
    monkeypatch.setattr(imap, "BATCH_MESSAGES", 2)
    append(account, *(story(subject=f"Most Important Mile: Story {n}") for n in range(5)))
    assert summary(fetch(account)).startswith("5 submissions")
    assert Submission.objects.count() == 5
    assert uids(account) == []


@pytest.mark.django_db
def test_a_message_deleted_between_listing_and_fetching_is_passed_over(
    story_index, account, monkeypatch
):
    append(
        account,
        story(subject="Most Important Mile: Kept"),
        story(subject="Most Important Mile: Gone"),
    )
    real_listing = imap._listing  # noqa: SLF001 (Milepost's own)

    def listing_then_someone_deletes(mailbox):
        listed = real_listing(mailbox)
        with account.mailbox() as other_client:
            other_client.delete(listed[1][0])
        return listed

    monkeypatch.setattr(imap, "_listing", listing_then_someone_deletes)

    assert summary(fetch(account)).endswith("1 moved, 0 flagged, 1 vanished")
    assert list(Submission.objects.values_list("title", flat=True)) == ["Kept"]


@pytest.mark.django_db
def test_a_password_full_of_url_characters_logs_in(story_index, dovecot_server):  # noqa: F811
    account = dovecot_server.account(password="p@ss:w/rd?#%+ &é")
    assert "%40" in account.url()
    append(account, story())
    assert summary(fetch(account)).startswith("1 submissions")


# Errors an operator must see


def test_a_wrong_password_is_a_clear_command_error(account):
    with pytest.raises(CommandError) as caught:
        call_command("fetch_mail", "--once", "--url", account.url(password="wrong-guess"))
    message = str(caught.value)
    assert message.startswith(f"Could not log in to 127.0.0.1 as '{account.user}':")
    assert "Authentication failed" in message
    assert "wrong-guess" not in message


def test_an_unreachable_server_is_a_clear_command_error(account):
    url = account.url().replace(f":{account.port}/", f":{free_port()}/")
    with pytest.raises(CommandError, match=r"Could not connect to 127\.0\.0\.1:\d+: .*refused"):
        call_command("fetch_mail", "--once", "--url", url)


def test_an_unknown_folder_is_a_clear_command_error(account):
    with pytest.raises(CommandError, match="Could not open the folder 'Stories' on 127.0.0.1"):
        call_command("fetch_mail", "--once", "--url", account.url("Stories"))


def test_xoauth2_without_a_token_says_where_the_token_goes(account, monkeypatch):
    monkeypatch.delenv(imap.OAUTH2_ENV_NAME, raising=False)
    url = f"imap://{account.user}@{account.host}:{account.port}/INBOX?auth=xoauth2"
    with pytest.raises(CommandError, match="MILEPOST_IMAP_OAUTH2_TOKEN"):
        call_command("fetch_mail", "--once", "--url", url)


# Polling


@pytest.fixture
def polling(monkeypatch):
    """Run the polling command; a SIGTERM arriving after it returned must not end pytest."""
    # The test's own database transaction must outlive the cycles.
    monkeypatch.setattr(fetch_mail, "close_old_connections", lambda: None)
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    yield
    signal.signal(signal.SIGTERM, previous)


def wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def poll_until(condition, *arguments) -> str:
    """Run `fetch_mail` polling; a helper thread sends SIGTERM once `condition()` holds."""

    def stop_when_done():
        try:
            wait_for(condition)
        finally:  # whatever happened, the command must stop
            os.kill(os.getpid(), signal.SIGTERM)

    helper = threading.Thread(target=stop_when_done)
    helper.start()
    out = io.StringIO()
    try:
        call_command("fetch_mail", "--interval", "0.1", *arguments, stdout=out)
    finally:
        helper.join()
    return out.getvalue()


@pytest.mark.django_db
def test_polling_fetches_new_mail_each_cycle_until_sigterm(story_index, account, polling):
    append(account, story(subject="Most Important Mile: Early"))

    late_sent = []

    def late_mail_fetched_too():
        # Once only: while the first message is being moved, the inbox can look empty again.
        if not late_sent and len(uids(account, PROCESSED)) == 1 and not uids(account):
            append(account, story(subject="Most Important Mile: Late"))
            late_sent.append(True)
        return len(uids(account, PROCESSED)) == 2

    lines = poll_until(late_mail_fetched_too, "--url", account.url()).splitlines()

    assert lines[0] == f"Fetching {imap_address_parse(account.url())} every 0.1 s; Ctrl-C stops."
    assert [summary(line)[:13] for line in lines[1:-1]] == ["1 submissions"] * 2
    assert lines[-1] == "Stopped."
    assert set(Submission.objects.values_list("title", flat=True)) == {"Early", "Late"}


@pytest.mark.django_db
def test_polling_logs_errors_and_keeps_going(account, polling, caplog):
    def failures():
        return [record for record in caplog.records if "Could not log in" in record.getMessage()]

    with caplog.at_level(logging.ERROR):
        poll_until(lambda: len(failures()) >= 2, "--url", account.url(password="wrong"))

    assert failures()[0].getMessage().endswith("Authentication failed.; trying again in 0.1 s")


# Erasure


def erase(email: str) -> str:
    out = io.StringIO()
    call_command("submitter_erase", email, "--yes", stdout=out)
    return out.getvalue()


# For real transactions: the mailbox is reached once the erasure commits.
@pytest.mark.django_db(transaction=True)
def test_an_erasure_deletes_the_persons_emails_from_the_mailbox(story_index, account, settings):
    jane = story(message_id="<pine-street@example.com>")
    # Someone else's mail under the same Message-ID: other bytes, so it stays.
    ann = story(
        message_id="<pine-street@example.com>",
        sender="Ann Lee <ann@example.com>",
        body="Another story, another mile.",
    )
    append(account, jane, ann, story())
    fetch(account)
    settings.MILEPOST_IMAP_URL = account.url()

    output = erase("jane@example.com")

    assert "IMAP" not in output
    assert list(Submission.objects.values_list("submitter_email", flat=True)) == ["ann@example.com"]
    with account.mailbox(PROCESSED) as mailbox:
        assert [message.from_ for message in mailbox.fetch()] == ["ann@example.com"]


@pytest.mark.django_db(transaction=True)
def test_an_erasure_deletes_a_flagged_copy_left_in_the_inbox(
    story_index, account, settings, monkeypatch
):
    append(account, story())
    monkeypatch.setattr(imap, "_processed_destination", lambda mailbox, folder: None)
    fetch(account)
    assert len(uids(account)) == 1
    settings.MILEPOST_IMAP_URL = account.url()

    erase("jane@example.com")

    assert uids(account) == []


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_mailbox_leaves_the_erasure_done_and_says_what_remains(
    story_index, account, settings, caplog
):
    append(account, story(message_id="<pine-street@example.com>"))
    fetch(account)
    settings.MILEPOST_IMAP_URL = account.url().replace(f":{account.port}/", f":{free_port()}/")

    output = erase("jane@example.com")

    assert not Submission.objects.exists() and not InboundMessage.objects.exists()
    assert "The copies of 1 email(s) may remain in the IMAP mailbox: Could not connect" in output
    [record] = ErasureRecord.objects.all()
    assert record.other == [output.splitlines()[-1].strip()]
    assert "pine-street" not in str(record.other)
    assert "left the mailbox copies" in caplog.text
    assert len(uids(account, PROCESSED)) == 1


@pytest.mark.django_db(transaction=True)
def test_retention_deletes_expired_unrouted_mail_from_the_mailbox(story_index, account, settings):
    append(account, story(subject="Lunch on Friday?", to="someone@elsewhere.example"))
    fetch(account)
    InboundMessage.objects.update(received_at=timezone.now() - timedelta(days=365))
    settings.MILEPOST_IMAP_URL = account.url()

    assert retention_apply().unrouted == 1

    assert uids(account, PROCESSED) == []
