"""`python -m bench.desk` (`make bench-desk`): the editorial desk with 50,000 submissions.

Uses PostgreSQL, in its own database (`milepost_bench_desk` unless --database names another;
made if missing, its submissions generated once with bulk_create and kept for the next run).
Signs in as an editor through Django's test client and times, after a warm-up, the queue's
first page, a filtered view, a search and one submission's page: p50/p95 in milliseconds and
the SQL queries each makes, beside a baseline (robots.txt, no database) measured in the same
run. Target: p50 under 100 ms for each.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta

TARGET_MS = 100.0
WORDS = [
    "mile",
    "hill",
    "river",
    "bridge",
    "morning",
    "dawn",
    "daughter",
    "father",
    "bakery",
    "loop",
    "track",
    "race",
    "finish",
    "breath",
    "rain",
    "shoes",
    "watch",
    "corner",
    "street",
    "road",
    "park",
    "trail",
    "ridge",
    "coach",
    "friend",
]


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.desk", description=__doc__)
    parser.add_argument("--submissions", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per view (30)")
    parser.add_argument("--database", default="milepost_bench_desk")
    parser.add_argument("--host", default="127.0.0.1")
    return parser.parse_args(argv)


def database_ensure(args) -> None:
    import psycopg

    with psycopg.connect(f"postgresql://postgres@{args.host}:5432/postgres", autocommit=True) as db:
        exists = db.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [args.database]
        ).fetchone()
        if not exists:
            db.execute(f'CREATE DATABASE "{args.database}"')


def submissions_generate(count: int, say) -> None:
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.utils import timezone

    from milepost.callouts.models import Callout
    from milepost.submissions.models import (
        CheckCode,
        Submission,
        SubmissionCheck,
        SubmissionVote,
    )

    have = Submission.objects.count()
    if have >= count:
        say(f"{have} submissions already there")
        return
    rng = random.Random(8)
    callouts = [
        Callout.objects.get_or_create(slug=slug, defaults={"title": slug.title(), "prompt": "?"})[0]
        for slug in ("most-important-mile", "first-race", "comeback")
    ]
    reviewers = []
    for number in range(5):
        user, _ = User.objects.get_or_create(username=f"reviewer{number}")
        user.groups.add(Group.objects.get(name="Reviewers"))
        reviewers.append(user)
    statuses = ["received"] * 5 + ["in_review"] * 3 + ["accepted", "declined", "spam", "published"]
    now = timezone.now()
    batch = 5000
    for start in range(have, count, batch):
        rows = []
        for number in range(start, min(count, start + batch)):
            words = rng.randint(80, 420)
            text = " ".join(rng.choice(WORDS) for _ in range(words))
            rows.append(
                Submission(
                    callout=rng.choice(callouts),
                    channel=rng.choice(["imap", "web", "import"]),
                    status=rng.choice(statuses),
                    received_at=now - timedelta(minutes=number * 7),
                    submitter_name=f"Runner {number}",
                    submitter_email=f"runner{number}@example.com",
                    title=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {number}",
                    story_text=text,
                    word_count=words,
                    status_token=f"bench-{number}",
                )
            )
        for submission in rows[::4]:  # two reviewers vote on every fourth story
            submission.bench_votes = rng.sample(["yes", "maybe", "no"], 2)
            submission.votes_yes = submission.bench_votes.count("yes")
            submission.votes_maybe = submission.bench_votes.count("maybe")
            submission.votes_no = submission.bench_votes.count("no")
            submission.vote_tally = submission.votes_yes - submission.votes_no
        made = Submission.objects.bulk_create(rows)
        SubmissionCheck.objects.bulk_create(
            SubmissionCheck(submission=s, code=CheckCode.OVER_WORD_LIMIT, message="over")
            for s in made
            if s.word_count > 300
        )
        SubmissionVote.objects.bulk_create(
            SubmissionVote(submission=s, reviewer=reviewer, choice=choice)
            for s in made[::4]
            for reviewer, choice in zip(rng.sample(reviewers, 2), s.bench_votes, strict=True)
        )
        say(f"{start + len(made)} submissions")
    with connection.cursor() as cursor:  # as autovacuum would have, on a database in use
        cursor.execute("VACUUM ANALYZE")


def timed(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(captured)


def main(argv=None) -> int:
    args = parse_args(argv if argv is not None else sys.argv[1:])
    started = time.monotonic()

    def say(message):
        print(f"[{time.monotonic() - started:6.1f}s] {message}", flush=True)

    database_ensure(args)
    os.environ["DATABASE_URL"] = f"postgres://postgres@{args.host}:5432/{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "milepost.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client

    from milepost.submissions.models import Submission

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    say(f"database {args.database} migrated")
    submissions_generate(args.submissions, say)
    editor, _ = User.objects.get_or_create(username="bench-editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    middle = Submission.objects.order_by("pk")[Submission.objects.count() // 2]
    views = [
        ("baseline: robots.txt", "/robots.txt"),
        ("queue, first page", "/admin/submissions/"),
        ("queue, filtered", "/admin/submissions/?status=in_review&over_word_limit=true"),
        ("queue, search", "/admin/submissions/?q=bakery+runner+4242"),
        ("queue, by vote tally", "/admin/submissions/?ordering=-vote_tally"),
        ("submission page", f"/admin/submissions/inspect/{middle.pk}/"),
    ]
    say(f"{Submission.objects.count()} submissions; timing {args.repeat} requests per view")
    print(f"\n{'view':<24} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'x baseline':>11}  target")
    baseline = None
    failed = False
    for name, url in views:
        p50, p95, queries = timed(client, url, args.repeat)
        baseline = baseline or p50
        verdict = "" if url == "/robots.txt" else ("ok" if p50 < TARGET_MS else "OVER")
        failed |= verdict == "OVER"
        print(f"{name:<24} {p50:8.1f} {p95:8.1f} {queries:8d} {p50 / baseline:11.1f}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
