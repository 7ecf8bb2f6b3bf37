"""`milepost import_mail`: .eml files, folders, mbox and Maildir, and a crash mid-run."""

import json
import mailbox
import os
import re
import signal
import subprocess
import sys
import sysconfig
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from milepost.callouts.models import Callout
from milepost.intake.models import InboundMessage, InboundState
from milepost.submissions.models import EventAction, Submission
from tests.intake.mail import jpeg, story_email

CPYTHON_MAIL = Path(sysconfig.get_paths()["stdlib"]) / "test" / "test_email" / "data"


@pytest.fixture
def callout(db):
    return Callout.objects.create(
        title="Most Important Mile", slug="most-important-mile", prompt="?"
    )


def import_json(*args) -> dict:
    out = StringIO()
    call_command("import_mail", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_eml_files_and_folders(callout, tmp_path):
    (tmp_path / "one.eml").write_bytes(story_email(subject="Most Important Mile: one"))
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "two.eml").write_bytes(story_email(subject="Most Important Mile: two"))
    (folder / "unrouted.eml").write_bytes(story_email(subject="Hello"))
    report = import_json(str(tmp_path / "one.eml"), str(folder))
    assert (report["submissions"], report["unrouted"], report["duplicates"]) == (2, 1, 0)
    assert report["failed"] == 0
    row = report["results"][0]
    assert set(row) == {"path", "message_id", "outcome", "submission_id", "error"}
    assert row["outcome"] == "submission" and row["submission_id"]
    assert row["message_id"].endswith("@example.com")
    assert Submission.objects.count() == 2


def test_mbox_and_maildir(callout, tmp_path):
    box = mailbox.mbox(tmp_path / "stories.mbox")
    for number in range(3):
        box.add(story_email(subject=f"Most Important Mile {number}"))
    box.close()
    maildir = mailbox.Maildir(tmp_path / "Maildir")
    maildir.add(story_email(subject="Most Important Mile from Maildir"))
    report = import_json(str(tmp_path / "stories.mbox"), str(tmp_path / "Maildir"))
    assert report["submissions"] == 4
    assert {row["path"].split("#")[0] for row in report["results"]} == {
        str(tmp_path / "stories.mbox"),
        str(tmp_path / "Maildir"),
    }


def test_importing_twice_creates_nothing_new(callout, tmp_path):
    path = tmp_path / "one.eml"
    path.write_bytes(story_email())
    import_json(str(path))
    report = import_json(str(path))
    assert (report["submissions"], report["duplicates"]) == (0, 1)
    assert Submission.objects.count() == 1


def test_callout_option_forces_routing(callout, tmp_path):
    other = Callout.objects.create(title="First Race", slug="first-race", prompt="?")
    path = tmp_path / "one.eml"
    path.write_bytes(story_email(subject="no phrase here"))
    import_json(str(path), "--callout", "first-race")
    assert Submission.objects.get().callout == other


def test_bad_paths_and_callouts_give_clear_errors(callout, tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("import_mail", str(tmp_path / "missing.eml"))
    with pytest.raises(CommandError, match="No callout with slug 'nope'"):
        call_command("import_mail", str(tmp_path), "--callout", "nope")


def test_garbage_and_huge_files_are_kept_not_crashed_on(callout, tmp_path, settings):
    settings.MILEPOST_MAX_MESSAGE_BYTES = 2_000_000
    (tmp_path / "garbage.eml").write_bytes(b"Subject: \xff\xfe\x00" + os.urandom(5000))
    (tmp_path / "huge.eml").write_bytes(
        story_email(photos=[(jpeg(4000, 3000), "big.jpg")] * 2) + b"x" * 2_000_000
    )
    report = import_json(str(tmp_path))
    outcomes = {Path(row["path"]).name: row["outcome"] for row in report["results"]}
    assert outcomes == {"garbage.eml": "unrouted", "huge.eml": "failed"}
    assert "limit" in next(r["error"] for r in report["results"] if r["outcome"] == "failed")
    assert InboundMessage.objects.count() == 2


def test_files_are_mail_by_what_they_hold_not_their_names(callout, tmp_path):
    (tmp_path / "story.txt").write_bytes(story_email(subject="Most Important Mile: txt"))
    (tmp_path / "no-suffix").write_bytes(story_email(subject="Most Important Mile: bare"))
    (tmp_path / ".DS_Store").write_bytes(story_email(subject="Most Important Mile: hidden"))
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.eml").write_bytes(story_email())
    (tmp_path / "empty.eml").write_bytes(b"")
    (tmp_path / "blank.eml").write_bytes(b"\r\n \n")
    (tmp_path / "notes.txt").write_text("Call Jane about the photo: she said Friday.\n")
    (tmp_path / "photo.eml").write_bytes(jpeg(40, 30))
    (tmp_path / "headers-only.eml").write_text("X-Custom: 1\nX-Other: 2\n\nbody\n")

    report = import_json(str(tmp_path))

    imported = sorted(Path(row["path"]).name for row in report["results"])
    assert imported == ["no-suffix", "story.txt"]
    assert report["submissions"] == 2
    skipped = {Path(row["path"]).name: row["reason"] for row in report["skipped"]}
    assert skipped == {
        ".DS_Store": "hidden (its name starts with a dot)",
        ".git": "hidden (its name starts with a dot)",
        "blank.eml": "empty",
        "empty.eml": "empty",
        "headers-only.eml": (
            "not an email: no From, To, Subject, Date or other mail header at the top"
        ),
        "notes.txt": "not an email: it does not start with mail headers",
        "photo.eml": "not an email: it does not start with mail headers",
    }
    assert InboundMessage.objects.count() == Submission.objects.count() == 2


def test_skipped_files_are_reported_in_the_text_output_too(callout, tmp_path):
    (tmp_path / "a.eml").write_bytes(story_email())
    (tmp_path / "empty.eml").write_bytes(b"")
    out = StringIO()

    call_command("import_mail", str(tmp_path), stdout=out)

    lines = out.getvalue().splitlines()
    assert f"skipped    {tmp_path / 'empty.eml'}: empty" in lines
    assert lines[-1] == "1 submissions, 0 duplicates, 0 unrouted, 0 failed, 1 files skipped"


def test_importing_unrouted_mail_again_with_a_callout_routes_it(callout, tmp_path):
    path = tmp_path / "lost.eml"
    path.write_bytes(story_email(subject="A question", to="info@example.com"))
    assert import_json(str(path))["unrouted"] == 1

    report = import_json(str(path), "--callout", callout.slug)

    assert (report["submissions"], report["duplicates"], report["unrouted"]) == (1, 0, 0)
    submission = Submission.objects.get()
    assert submission.callout == callout
    assert submission.events.get(action=EventAction.ROUTED).actor_label == "import with --callout"
    assert import_json(str(path), "--callout", callout.slug)["duplicates"] == 1


def test_route_mail_routes_stored_messages_by_id(callout, tmp_path):
    path = tmp_path / "lost.eml"
    path.write_bytes(story_email(subject="A question", to="info@example.com"))
    import_json(str(path))
    message = InboundMessage.objects.get()
    out = StringIO()

    call_command("route_mail", str(message.pk), "--callout", callout.slug, stdout=out)

    submission = Submission.objects.get()
    assert out.getvalue() == f"submission inbound message {message.pk} -> {submission.reference}\n"
    assert submission.events.get(action=EventAction.ROUTED).actor_label == "milepost route_mail"
    with pytest.raises(CommandError, match="No inbound message with id 999"):
        call_command("route_mail", "999", "--callout", callout.slug)
    with pytest.raises(CommandError, match="No callout with slug 'nope'"):
        call_command("route_mail", str(message.pk), "--callout", "nope")


@pytest.mark.skipif(
    not CPYTHON_MAIL.is_dir(), reason=f"CPython's test mail is not at {CPYTHON_MAIL}"
)
def test_cpythons_own_test_messages_never_crash_the_importer(callout):
    paths = sorted(CPYTHON_MAIL.glob("msg_*.txt"))
    assert len(paths) > 40
    report = import_json(*map(str, paths), "--callout", callout.slug)
    assert report["failed"] == 0, [row for row in report["results"] if row["error"]]
    # msg_19.txt is a digest's body without headers, not an email.
    assert [Path(row["path"]).name for row in report["skipped"]] == ["msg_19.txt"]
    assert report["submissions"] + report["duplicates"] == len(paths) - 1


def _database_url() -> str:
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    return (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}"
        f"/{settings_dict['NAME']}"
    )


@pytest.mark.django_db(transaction=True)
def test_killing_the_importer_mid_run_loses_and_duplicates_nothing(tmp_path, settings):
    Callout.objects.create(title="Most Important Mile", slug="most-important-mile", prompt="?")
    total, first = 60, 10
    boxes = [tmp_path / "first.mbox", tmp_path / "rest.mbox"]
    for path, numbers in zip(boxes, [range(first), range(first, total)], strict=True):
        box = mailbox.mbox(path)
        for number in numbers:
            box.add(story_email(subject=f"Most Important Mile {number}", body=f"Story {number}."))
        box.close()
    # Between the two boxes, a pipe nobody writes to: opening it holds the importer still after
    # exactly the first box, to be killed there.
    held = tmp_path / "held"
    os.mkfifo(held)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "milepost.settings.dev",
        "DATABASE_URL": _database_url(),
        "MILEPOST_DATA_DIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "milepost.manage", "import_mail"]
    importer = subprocess.Popen(  # noqa: S603
        [*command, str(boxes[0]), str(held), str(boxes[1])], env=env, stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    processed = InboundMessage.objects.filter(state=InboundState.PROCESSED)
    while processed.count() < first and time.monotonic() < deadline:
        time.sleep(0.05)
    importer.send_signal(signal.SIGKILL)
    assert importer.wait() == -signal.SIGKILL
    assert Submission.objects.count() == first

    rerun = subprocess.run(  # noqa: S603
        [*command, *map(str, boxes), "--json"], env=env, check=True, capture_output=True
    )
    report = json.loads(rerun.stdout)
    assert (report["submissions"], report["duplicates"]) == (total - first, first)
    assert InboundMessage.objects.count() == total
    assert Submission.objects.count() == total
    assert not InboundMessage.objects.exclude(state=InboundState.PROCESSED).exists()
    titles = sorted(Submission.objects.values_list("story_text", flat=True))
    assert titles == sorted(f"Story {number}." for number in range(total))


MESSAGES = Path(__file__).parent.parent / "messages"
# What each odd client's message must become (the corpus in tests/intake/messages/).
CORPUS = {
    "outlook_express_unquoted_boundary.eml": {
        "title": "The Chain Bridge",
        "text": ["I ran across the Chain Bridge at dawn", "Dot Farrow, 67, Arlington, VA"],
        "photos": ["chain bridge.jpg"],
        "checks": {"photo_too_small_for_print"},
    },
    "outlook_uuencoded_photo.eml": {
        "title": "Mile 20 in Chicago",
        "text": ["stranger in a gorilla suit", "Ben Okafor, 45"],
        "not_text": ["begin 644", "end\n", "M_]C_"],
        "photos": ["mile20.jpg"],
        "checks": {"photo_too_small_for_print"},
    },
    "eudora_8bit_encoded_words.eml": {
        "title": "Café to café",
        "name": "Hélène Châtelet",
        "text": ["from the café in our village"],
        "photos": ["vineyard road.jpg"],
        "checks": {"photo_too_small_for_print"},
    },
    "thunderbird_pgp_signed.eml": {
        "title": "Parkrun number 100",
        "text": ["my daughter on her first"],
        "not_text": ["PGP SIGNATURE"],
        "photos": ["parkrun-100.jpg"],
        "checks": {"photo_too_small_for_print"},
    },
    "apple_mail_smime_signed.eml": {
        "title": "The last hill…",
        "name": "Renée O’Brien",
        "text": ["I walked it and I am proud of that."],
        "photos": [],
        "checks": {"missing_photo"},
    },
    "dsn_bounce.eml": {
        "text": ["could not\nbe delivered"],
        "not_text": ["Thank you for your story", "Reporting-MTA"],
        "photos": [],
        "checks": {"missing_photo", "auto_generated_mail"},
    },
    "iphone_299_words.eml": {
        "title": "Mile eleven",
        "text": ["Hi,", "double-digit weeks", "Kate Harden, 32, St. Louis, MO"],
        "not_text": ["Sent from my iPhone"],
        "words": 299,
        "photos": ["IMG_4821.jpeg"],
        "checks": {"photo_too_small_for_print"},
    },
    "gmail_1_training_log_inline.eml": {
        "title": "Lap 400",
        "text": ["started running"],
        "not_text": ["8x400"],
        "photos": [],
        "checks": {"missing_photo", "attachment_rejected"},
    },
    "gmail_2_same_message_id_resent.eml": {
        "title": "Lap 400",
        "text": ["ran for myself"],
        "photos": ["track.jpg"],
        "checks": {"photo_too_small_for_print", "possible_duplicate"},
    },
    "malformed_from_crlf.eml": {
        "email": "fan@example.com",
        "text": ["The mile still counts"],
        "photos": [],
        "checks": {"missing_photo"},
    },
    "from_name_without_brackets.eml": {
        "email": "",
        "text": ["Mile 26 was the one."],
        "checks": {"missing_photo", "sender_address_unreadable"},
    },
    "from_space_in_domain.eml": {
        "name": "Kate",
        "email": "",
        "text": ["the Eads Bridge at dawn"],
        "checks": {"missing_photo", "sender_address_unreadable"},
    },
    "multipart_without_boundary.eml": {
        "title": "the canal path",
        "text": ["frost on the towpath, and my first mile\nwithout stopping"],
        "checks": {"missing_photo"},
    },
    "html_meta_charset_windows1251.eml": {
        "text": ["Моя самая важная миля была в Казани.", "Я заплатила 20 € за номер"],
        "checks": {"missing_photo"},
    },
    "latin1_label_windows1252_bytes.eml": {
        "text": ["The entry fee was €15 and worth every cent – my “slow” mile"],
        "checks": {"missing_photo"},
    },
    "unknown_transfer_encoding.eml": {
        "text": ["Noël and I ran\nthe last mile together\nat the Fukuoka"],
        "checks": {"missing_photo"},
    },
    "plain_text_labelled_base64.eml": {
        "text": ["The last mile\nof the Big Sur marathon\nclimbs Hurricane Point"],
        "checks": {"missing_photo"},
    },
}


def test_the_odd_mail_corpus_imports_whole(callout, tmp_path):
    callout.soft_word_limit = 300
    callout.save()
    paths = sorted(MESSAGES.glob("*.eml"))
    assert set(CORPUS) <= {path.name for path in paths}

    report = import_json(str(MESSAGES), "--callout", callout.slug)

    assert report["failed"] == 0, [row for row in report["results"] if row["error"]]
    assert report["skipped"] == []
    assert report["submissions"] == len(paths)
    stored = {Path(m.source).name: m for m in InboundMessage.objects.all()}
    assert {name: m.raw.read() for name, m in stored.items()} == {
        path.name: path.read_bytes() for path in paths
    }
    for submission in Submission.objects.all():  # bytes 0x80-0x9F are never control characters
        assert not re.search("[\x80-\x9f]", submission.story_text), submission.inbound_message
    for name, expected in CORPUS.items():
        submission = Submission.objects.get(inbound_message=stored[name])
        seen = {
            "title": submission.title,
            "name": submission.submitter_name,
            "email": submission.submitter_email,
            "words": submission.word_count,
            "photos": [photo.original_filename for photo in submission.photos.all()],
            "checks": set(submission.checks.values_list("code", flat=True)),
        }
        for key, value in expected.items():
            if key == "text":
                assert all(part in submission.story_text for part in value), (name, value)
            elif key == "not_text":
                assert not any(part in submission.story_text for part in value), (name, value)
            else:
                assert seen[key] == value, (name, key)
    first, second = (
        Submission.objects.get(inbound_message=stored[f"gmail_{n}"])
        for n in ("1_training_log_inline.eml", "2_same_message_id_resent.eml")
    )
    assert second.checks.get(code="possible_duplicate").other_submission == first
    assert "training-log.txt" in first.checks.get(code="attachment_rejected").message


def _peak_rss_mb(command: list[str], env: dict) -> float:
    """The command's peak resident memory, read by a parent that runs nothing else."""
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *command], env=env, capture_output=True, text=True, check=True
    )
    return int(done.stdout) / 1024


@pytest.mark.django_db(transaction=True)
def test_a_50_mb_folded_header_is_kept_and_failed_without_reading_it(tmp_path):
    Callout.objects.create(
        title="Most Important Mile",
        slug="most-important-mile",
        prompt="?",
        recipient_addresses="stories@milepost.example",
    )
    folds = b"\r\n\tpadding padding padding padding padding padding padding" * 950_000
    raw = (
        b"From: Jane Doe <jane@example.com>\r\nTo: stories@milepost.example\r\n"
        b"Subject: Most Important Mile\r\nX-Padding: start" + folds + b"\r\n\r\nMy story.\r\n"
    )
    assert len(raw) > 50 * 2**20
    path = tmp_path / "folded.eml"
    path.write_bytes(raw)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "milepost.settings.dev",
        "DATABASE_URL": _database_url(),
        "MILEPOST_DATA_DIR": str(tmp_path),
    }

    peak = _peak_rss_mb([sys.executable, "-m", "milepost.manage", "import_mail", str(path)], env)

    print(f"peak RSS of import_mail on a 50 MB folded header: {peak:.0f} MB")
    message = InboundMessage.objects.get()
    assert message.raw.read() == raw
    assert message.state == InboundState.FAILED
    assert "over the 1 MB limit" in message.error
    assert not Submission.objects.exists()
    assert peak < 250
