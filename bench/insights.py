"""`python -m bench.insights` (`make bench-insights`): what readership counting and the
Insights report cost, on PostgreSQL in their own database (`milepost_bench_insights`, made
afresh each run).

Builds one callout with `--stories` published stories (bench.scale's bulk copy), a year of
daily counts for each, and `--submissions` submissions with decisions, checks and photos.
Then:
- the report: p50/p95 over `--repeat` requests through Django's test client, for the default
  four weeks and for a quarter (target: p50 under 300 ms);
- the counting endpoint under gunicorn (`--workers` sync processes), loaded with wrk by
  POSTs as a browser's beacon sends them, counted in the database and with Redis
  (`--redis-url`): as fast as it answers, and offered 1,000 a second (target: p50 under 5 ms,
  all answered); and the story page offered 500 a second alone and beside those beacons
  (target: its p50 at most 0.5 ms longer); all through Varnish, as deployed, and judged with
  Redis.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPORT_TARGET_MS = 300.0
COUNT_TARGET_MS = 5.0
COUNT_TARGET_RATE = 1000.0
# The story page's steady load, alone and beside the beacons; beside them, its p50 may be this
# much longer at most (Varnish answers it in a tenth of a millisecond: a ratio would judge noise).
PAGE_RATE = 500.0
PAGE_SLOWER_ALLOWED_MS = 0.5
WRK_THREADS = 2
READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
BEACON_HEADERS = {"User-Agent": READER, "Sec-Fetch-Site": "same-origin"}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.insights", description=__doc__)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--submissions", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=20, help="timed report requests (20)")
    parser.add_argument("--database", default="milepost_bench_insights")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--duration", type=float, default=10, help="seconds per wrk run (10)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/11")
    parser.add_argument(
        "--reuse", action="store_true", help="time the database an earlier run made, as it is"
    )
    return parser.parse_args(argv)


def submissions_generate(callout, count: int, stories: int) -> None:
    """`count` submissions over the last year, a fifth accepted or published with their
    decision and publication events; the published ones made the stories."""
    from django.db import connection

    from milepost.submissions.models import Submission

    statuses = ["received", "in_review", "accepted", "declined", "declined", "published", "spam"]
    channels = ["imap", "import", "webhook", "web", "web"]
    now = time.time()
    Submission.objects.bulk_create(
        (
            Submission(
                callout=callout,
                channel=channels[number % len(channels)],
                status=statuses[number % len(statuses)],
                received_at=datetime.fromtimestamp(now - number * 630, tz=UTC),
                word_count=100 + number % 400,
                status_token=f"bench-{number}",
            )
            for number in range(count)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        for sql in EVENTS_CHECKS_PHOTOS_SQL:
            cursor.execute(sql, [callout.pk])
        cursor.execute(STORIES_LINK_SQL, [callout.pk, stories])


EVENTS_CHECKS_PHOTOS_SQL = [
    """INSERT INTO submissions_submissionevent (submission_id, at, actor_label, action, detail)
    SELECT id, received_at + (id %% 20) * interval '1 day', 'editor',
        CASE status WHEN 'declined' THEN 'declined' ELSE 'accepted' END, ''
    FROM submissions_submission
    WHERE callout_id = %s AND status IN ('accepted', 'declined', 'published')""",
    """INSERT INTO submissions_submissionevent (submission_id, at, actor_label, action, detail)
    SELECT id, received_at + (25 + id %% 30) * interval '1 day', 'system', 'published', ''
    FROM submissions_submission WHERE callout_id = %s AND status = 'published'""",
    """INSERT INTO submissions_submissioncheck (submission_id, code, message)
    SELECT id, CASE WHEN id %% 2 = 0 THEN 'over_word_limit' ELSE 'possible_duplicate' END, ''
    FROM submissions_submission WHERE callout_id = %s AND id %% 5 < 2""",
    """INSERT INTO submissions_submissionphoto (submission_id, position, file, sha256,
        original_filename, original_format, master_format, width, height, has_metadata,
        print_ready, caption, alt_text)
    SELECT id, 0, 'bench.jpg', md5(id::text), '', 'JPEG', 'JPEG', 10, 10, false, false, '', ''
    FROM submissions_submission WHERE callout_id = %s AND id %% 3 = 0""",
]
STORIES_LINK_SQL = """
    UPDATE stories_storypage s SET submission_id = p.id
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM submissions_submission
          WHERE callout_id = %s AND status = 'published') p,
         (SELECT page_ptr_id, row_number() OVER (ORDER BY page_ptr_id) AS n
          FROM stories_storypage) t
    WHERE t.page_ptr_id = s.page_ptr_id AND p.n = t.n AND t.n <= %s"""
READING_DAYS_SQL = """
    INSERT INTO insights_storyreadingday (page_id, day, views)
    SELECT s.page_ptr_id, d::date, 1 + (s.page_ptr_id * 7 + extract(doy FROM d)::int) %% 40
    FROM stories_storypage s, generate_series(current_date - 364, current_date, '1 day') d"""
READING_WEEKS_SQL = """
    INSERT INTO insights_storyreadingweek (page_id, week, views)
    SELECT page_id, date_trunc('week', day)::date, sum(views)
    FROM insights_storyreadingday GROUP BY 1, 2"""


def data_generate(args, say):
    from django.db import connection

    from bench.scale import generate

    index_page = generate(args.stories)
    callout = index_page.callout
    say(f"{args.stories:,} stories under {index_page.url}")
    submissions_generate(callout, args.submissions, args.stories)
    with connection.cursor() as cursor:
        cursor.execute(READING_DAYS_SQL, [])
        say(f"{cursor.rowcount:,} daily counts")
        cursor.execute(READING_WEEKS_SQL, [])
        say(f"{cursor.rowcount:,} weekly counts")
        cursor.execute("VACUUM ANALYZE")
    return index_page


def data_reuse(args):
    """The callout page of an earlier run's database, or None when there is none to reuse."""
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "milepost.settings.test")
    os.environ["MILEPOST_PAGE_CACHE"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.db.utils import OperationalError

    from milepost.stories.models import StoryIndexPage

    try:
        return StoryIndexPage.objects.filter(slug="most-important-mile").first()
    except OperationalError:  # no such database yet
        return None


def report_time(client, url: str, repeat: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        assert client.get(url).status_code == 200, url
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    times.sort()
    return statistics.median(times), times[max(int(len(times) * 0.95) - 1, 0)], len(captured)


def report_bench(args, index_page, say) -> bool:
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.utils import timezone

    editor, _ = User.objects.get_or_create(username="bench-editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    today = timezone.localdate()
    failed = False
    print(f"\n{'Insights report':<32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  target")
    for name, days in (("four weeks (the default)", 28), ("a quarter", 91)):
        start = today - timedelta(days=days - 1)
        url = f"/admin/insights/?callout={index_page.callout_id}&date_from={start}&date_to={today}"
        p50, p95, queries = report_time(client, url, args.repeat)
        verdict = "ok" if p50 < REPORT_TARGET_MS else "OVER"
        failed |= verdict == "OVER"
        print(f"{name:<32} {p50:8.1f} {p95:8.1f} {queries:8d}  {verdict}", flush=True)
    say("report timed")
    return failed


def load_row(name: str, result, target: bool | None = None) -> str:
    verdict = "" if target is None else ("ok" if target else "OVER")
    return (
        f"{name:<48} {result.rate:9.0f} {result.p50 * 1000:8.2f} {result.p99 * 1000:8.2f} "
        f"{result.errors:6d}  {verdict}"
    )


def load_bench(args, story, say) -> bool:
    """Gunicorn as deployed (`--workers` sync workers) behind Varnish with the shipped VCL, which
    passes every beacon to gunicorn and answers the page from its cache. Varnish also reads each
    request whole before gunicorn gets it, as in production: wrk's paced connections, open
    before their request is due, would otherwise hold the sync workers."""
    from bench.frontends import Varnish
    from bench.site import Gunicorn, free_port, run_step, site_environment

    data_dir = Path(tempfile.mkdtemp(prefix="milepost-bench-insights-"))
    env, _ = site_environment(data_dir, "milepost.settings.production")
    env.update(DATABASE_URL=os.environ["DATABASE_URL"], MILEPOST_PAGE_CACHE="true")
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    collect = [sys.executable, "-m", "milepost.manage", "collectstatic", "--noinput", "-v0"]
    run_step(collect, env, log=data_dir / "gunicorn.log")
    urls = {"page": story.get_url_parts()[2], "beacon": f"/readership/{story.pk}/"}
    failed = False
    print(
        f"\n{'Varnish, gunicorn ' + str(args.workers) + ' sync workers':<48} {'req/s':>9} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'errors':>6}  target"
    )
    # Judged with Redis, as deployed (deploy/README.md); without it each view is a database
    # write, measured for comparison.
    for counter, extra in (("database", {}), ("Redis", {"REDIS_URL": args.redis_url})):
        port, front_port = free_port(), free_port()
        work = data_dir / counter
        work.mkdir()
        with Gunicorn({**env, **extra}, port=port, workers=args.workers, threads=1,
                      log=data_dir / "gunicorn.log") as server:  # fmt: skip
            server.wait_until_ready(urls["page"])
            with Varnish(front_port, work, backend_port=port) as front:
                front.wait_until_ready(urls["page"])
                over = load_rows(args, f"http://127.0.0.1:{front_port}", urls, counter, work)
                failed |= over and counter == "Redis"
    say(f"servers stopped; logs in {data_dir}")
    return failed


def load_rows(args, base: str, urls: dict, counter: str, data_dir: Path) -> bool:
    """The beacon as fast as it answers; at the target rate; and the story page at a steady
    rate alone and beside the beacons at the target rate. Prints the rows; True if over."""
    from bench import wrk

    def script(name: str, rate: float | None, method: str) -> str:
        path = data_dir / f"{name}.lua"
        if rate is None:
            path.write_text(f'wrk.method = "{method}"\n' + "".join(
                f'wrk.headers["{key}"] = "{value}"\n' for key, value in BEACON_HEADERS.items()
            ))  # fmt: skip
        else:
            headers = BEACON_HEADERS if method == "POST" else {}
            path.write_text(wrk.paced_script(rate, WRK_THREADS, method=method, headers=headers))
        return str(path)

    def run(kind: str, name: str, rate: float | None) -> "wrk.WrkResult":
        method = "POST" if kind == "beacon" else "GET"
        return wrk.run(
            base + urls[kind], threads=WRK_THREADS, connections=args.connections,
            duration=args.duration, headers={}, script=script(name, rate, method),
        )  # fmt: skip

    run("beacon", "warm", None)  # every worker has counted the story once, through Django
    flat_out = run("beacon", "beacon-flat-out", None)
    print(load_row(f"beacon, as fast as it answers ({counter})", flat_out), flush=True)
    paced = run("beacon", "beacon-paced", COUNT_TARGET_RATE)
    judged = counter == "Redis"
    ok = (
        paced.p50 * 1000 < COUNT_TARGET_MS
        and paced.rate >= COUNT_TARGET_RATE * 0.98
        and not paced.errors
    )
    name = f"beacon at {COUNT_TARGET_RATE:,.0f}/s ({counter})"
    print(load_row(name, paced, ok if judged else None), flush=True)
    alone = run("page", "page-paced", PAGE_RATE)
    print(load_row(f"story page at {PAGE_RATE:,.0f}/s alone", alone), flush=True)
    results = {}
    beside = threading.Thread(
        target=lambda: results.update(beacon=run("beacon", "beacon-beside", COUNT_TARGET_RATE))
    )
    beside.start()
    together = run("page", "page-beside", PAGE_RATE)
    beside.join()
    slower_ms = (together.p50 - alone.p50) * 1000
    unslowed = slower_ms <= PAGE_SLOWER_ALLOWED_MS and not together.errors
    print(load_row("  and beside the beacons", together, unslowed if judged else None))
    print(load_row("  the beacons beside it", results["beacon"]), flush=True)
    return not (ok and unslowed)


def main(argv=None) -> int:
    args = parse_args(argv if argv is not None else sys.argv[1:])
    started = time.monotonic()

    def say(message):
        print(f"[{time.monotonic() - started:6.1f}s] {message}", flush=True)

    index_page = data_reuse(args) if args.reuse else None
    if index_page is None:
        from bench.scale import setup

        setup(args.database)
        say(f"database {args.database} made and migrated")
        index_page = data_generate(args, say)
    from milepost.stories.models import StoryPage

    failed = report_bench(args, index_page, say)
    story = StoryPage.objects.live().filter(submission__isnull=False).order_by("pk").first()
    failed |= load_bench(args, story, say)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
