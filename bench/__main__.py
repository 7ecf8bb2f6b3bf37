"""`python -m bench` (`make bench`): load the public site under gunicorn and print what it costs.

Builds a throwaway site (temporary data folder, SQLite, production settings), fills it with
generated stories, serves it with gunicorn on 127.0.0.1, loads each endpoint in turn for a
fixed time and prints throughput and latency against a baseline measured in the same run,
then each page's download weight. See bench/README.md.
"""

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from . import report, weight
from .load import fetch, run_load
from .site import HOST, Gunicorn, StepFailed, free_port, run_step, site_environment

# Minimal Django view through the whole production middleware stack; no database, no template
# work to speak of. Every other endpoint is compared with it.
BASELINE_PATH = "/robots.txt"
LOAD_HEADERS = {"Accept-Encoding": "gzip"}  # as a browser sends


class Progress:
    def __init__(self):
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f}s] {message}", flush=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--stories", type=int, default=1000, help="stories to generate (1000)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per endpoint (10)")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight (8)")
    parser.add_argument(
        "--max-requests", type=int, default=100_000, help="hard cap per endpoint (100000)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="gunicorn threads per worker; above 1 uses the gthread worker (default: sync)",
    )
    parser.add_argument(
        "--settings",
        default="milepost.settings.production",
        help="Django settings module (default: milepost.settings.production)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary data folder and logs"
    )
    return parser.parse_args(argv)


def stylesheet_path(html: str) -> str:
    sheets = weight.page_assets(html).stylesheets
    if not sheets:
        raise RuntimeError("the story page links no stylesheet")
    return sheets[0]


def benchmark(args, data_dir: Path, say: Progress) -> None:
    env, dropped = site_environment(data_dir, args.settings)
    if dropped:
        say(
            f"ignoring {', '.join(dropped)}: the benchmark only uses its own temporary SQLite "
            "database, local cache and local media"
        )
    log = data_dir / "bench.log"
    python = sys.executable
    port = free_port()
    say(f"data folder {data_dir} (SQLite), settings {args.settings}, port {port}")
    load_1m, cores = os.getloadavg()[0], os.cpu_count() or 1
    if load_1m > cores / 2:
        say(
            f"note: load average {load_1m:.1f} on {cores} cores: other work on this machine "
            "will lower and scatter the numbers (the baseline ratios are steadier)"
        )

    say("migrate")
    run_step([python, "-m", "milepost.manage", "migrate", "--noinput", "-v0"], env, log=log)
    say("collectstatic")
    run_step([python, "-m", "milepost.manage", "collectstatic", "--noinput", "-v0"], env, log=log)
    say(f"generating {args.stories:,} published stories")
    summary = data_dir / "site.json"
    generate = ["--stories", str(args.stories), "--port", str(port), "--output", str(summary)]
    run_step([python, "-m", "bench.generate", *generate], env, log=log, echo=True)
    site = json.loads(summary.read_text())
    say(f"{site['stories']:,} live stories; story page {site['story_url']}")

    server = Gunicorn(env, port=port, workers=args.workers, threads=args.threads, log=log)
    with server:
        say(f"starting gunicorn: {' '.join(server.command()[1:])}")
        server.wait_until_ready(BASELINE_PATH)
        story_html = fetch(HOST, port, site["story_url"]).body.decode()
        endpoints = [
            ("baseline: robots.txt", BASELINE_PATH),
            ("story page", site["story_url"]),
            ("callout index", site["index_url"]),
            ("feed", site["feed_url"]),
            ("static CSS", stylesheet_path(story_html)),
        ]
        for name, path in endpoints:
            response = fetch(HOST, port, path, LOAD_HEADERS)
            if response.status != 200:
                raise RuntimeError(f"{name} ({path}) answered {response.status}")
        say("warming up every worker on every endpoint")
        for _, path in endpoints:
            run_load(
                HOST,
                port,
                path,
                duration=1.0,
                concurrency=args.workers * 2,
                max_requests=200,
                headers=LOAD_HEADERS,
            )

        results = []
        for name, path in endpoints:
            say(f"loading {name} {path} for {args.duration:g} s at concurrency {args.concurrency}")
            result = run_load(
                HOST,
                port,
                path,
                duration=args.duration,
                concurrency=args.concurrency,
                max_requests=args.max_requests,
                headers=LOAD_HEADERS,
            )
            results.append((name, result))
            if result.errors:
                say(
                    f"  {result.errors} errors: statuses {result.statuses}; "
                    f"{'; '.join(result.error_samples)}"
                )

        say("measuring page weight")
        weights = [
            weight.measure(HOST, port, "story page", site["story_url"]),
            weight.measure(HOST, port, "callout index", site["index_url"]),
            weight.measure(HOST, port, "feed", site["feed_url"], kind="feed"),
        ]
    say("gunicorn stopped")

    threads = f", {args.threads} threads each (gthread)" if args.threads > 1 else " (sync)"
    print()
    print(
        f"Throughput and latency: gunicorn {args.workers} workers{threads}, "
        f"{args.stories:,} stories, {args.duration:g} s per endpoint, {args.concurrency} "
        f"connections, Accept-Encoding: gzip. Latency of successful requests, send to last byte."
    )
    print(report.load_table(results, baseline=results[0][1]))
    print()
    print(
        'Page weight in bytes: decompressed bodies gzipped here at level 6 ("as served": what '
        "the server sent for Accept-Encoding: gzip). Images not counted."
    )
    print(report.bytes_table(weights))
    print()
    print(report.budget_verdict(weights[0]))


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    args = parse_args(argv)
    say = Progress()
    # A plain `kill` cleans up like Ctrl-C does (and Ctrl-C works even if started with SIGINT
    # ignored, as background jobs of a script are).
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    data_dir = Path(tempfile.mkdtemp(prefix="milepost-bench-"))
    try:
        benchmark(args, data_dir, say)
        return 0
    except (StepFailed, RuntimeError) as error:
        # RuntimeError: a page answered wrongly once the server was up; the log says why.
        log = getattr(error, "log", data_dir / "bench.log")
        tail = StepFailed(str(error), log).log_tail()
        print(f"\nbench: {error}\n--- last lines of {log} ---\n{tail}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nbench: interrupted", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            say(f"kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
