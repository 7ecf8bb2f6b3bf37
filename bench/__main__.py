"""`python -m bench` (`make bench`): load the public site under gunicorn and print what it costs.

Builds a throwaway site (temporary data folder, SQLite, production settings), fills it with
generated stories and loads it with wrk: the robots.txt baseline and the story page, the callout
page and the feed with the page cache off, with it on, and through Varnish; nginx serving the
story's own bytes from disk gives the machine's ceiling. Then times the three pages cold, each
request the first after a change (bench/cold.py). Prints throughput and latency against the
baseline and nginx measured in the same run, the issue's targets, the cold render, then each
page's download weight. See bench/README.md.
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

from . import report, weight, wrk
from .frontends import Nginx, Varnish
from .load import fetch
from .report import Row
from .site import HOST, Gunicorn, StepFailed, free_port, run_step, site_environment

# Minimal Django view through the whole production middleware stack; no database, no template
# work to speak of. Every other endpoint is compared with it (measured with the page cache off,
# so that it is a real Django response).
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
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per run (10)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (32)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads (2)")
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
        "--cold-requests",
        type=int,
        default=50,
        help="cold renders per page, each after a new generation (50)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary data folder and logs"
    )
    return parser.parse_args(argv)


class Loader:
    """Checks an endpoint answers 200, warms it, then loads it with wrk and keeps the row."""

    def __init__(self, args, say):
        self.args, self.say, self.rows = args, say, []

    def __call__(self, configuration: str, endpoint: str, port: int, path: str) -> Row:
        response = fetch(HOST, port, path, LOAD_HEADERS)
        if response.status != 200:
            raise RuntimeError(f"{endpoint} ({path}) answered {response.status} ({configuration})")
        url = f"http://{HOST}:{port}{path}"
        options = {"threads": self.args.wrk_threads, "headers": LOAD_HEADERS}
        wrk.run(url, connections=4, duration=1, **options)  # fills caches, wakes every worker
        self.say(f"{configuration}: {endpoint} {path}")
        result = wrk.run(
            url, connections=self.args.connections, duration=self.args.duration, **options
        )
        if result.errors:
            self.say(f"  {result.errors} errors:\n{result.output}")
        # What answered a request right after the run: Milepost's page cache, Varnish's.
        headers = fetch(HOST, port, path, LOAD_HEADERS).headers
        cache = "/".join(headers.get(name, "-") for name in ("x-page-cache", "x-cache"))
        row = Row(configuration, endpoint, result, cache)
        self.rows.append(row)
        return row


def build_site(args, data_dir: Path, env: dict, port: int, say) -> dict:
    log, python = data_dir / "bench.log", sys.executable
    say("migrate")
    run_step([python, "-m", "milepost.manage", "migrate", "--noinput", "-v0"], env, log=log)
    say("collectstatic")
    run_step([python, "-m", "milepost.manage", "collectstatic", "--noinput", "-v0"], env, log=log)
    say(f"generating {args.stories:,} published stories")
    summary = data_dir / "site.json"
    generate = ["--stories", str(args.stories), "--port", str(port), "--output", str(summary)]
    run_step([python, "-m", "bench.generate", *generate], env, log=log, echo=True)
    return json.loads(summary.read_text())


def benchmark(args, data_dir: Path, say: Progress) -> None:
    env, dropped = site_environment(data_dir, args.settings)
    if dropped:
        say(
            f"ignoring {', '.join(dropped)}: the benchmark only uses its own temporary SQLite "
            "database, local cache and local media"
        )
    log = data_dir / "bench.log"
    port = free_port()
    say(f"data folder {data_dir} (SQLite), settings {args.settings}, port {port}")
    load_before = os.getloadavg()
    site = build_site(args, data_dir, env, port, say)
    say(f"{site['stories']:,} live stories; story page {site['story_url']}")
    pages = [
        ("story page", site["story_url"]),
        ("callout page", site["index_url"]),
        ("feed", site["feed_url"]),
    ]
    load = Loader(args, say)
    gunicorn = {"workers": args.workers, "threads": args.threads, "log": log}

    cache_off = {**env, "MILEPOST_PAGE_CACHE": "false"}
    with Gunicorn(cache_off, port=port, **gunicorn) as server:
        say(f"gunicorn, page cache off: {' '.join(server.command()[1:])}")
        server.wait_until_ready(BASELINE_PATH)
        baseline = load("page cache off", "baseline: robots.txt", port, BASELINE_PATH).result
        for endpoint, path in pages:
            load("page cache off", endpoint, port, path)
        story_html = fetch(HOST, port, site["story_url"]).body
        say("measuring page weight")
        weights = [
            weight.measure(HOST, port, "story page", site["story_url"]),
            weight.measure(HOST, port, "callout page", site["index_url"]),
            weight.measure(HOST, port, "feed", site["feed_url"], kind="feed"),
        ]

    cache_on = {**env, "MILEPOST_PAGE_CACHE": "true"}
    varnish_port = free_port()
    with Gunicorn(cache_on, port=port, **gunicorn) as server:
        server.wait_until_ready(BASELINE_PATH)
        for endpoint, path in pages:
            load("page cache on", endpoint, port, path)
        with Varnish(varnish_port, data_dir, backend_port=port) as varnish:
            varnish.wait_until_ready(BASELINE_PATH)
            for endpoint, path in pages:
                load("Varnish", endpoint, varnish_port, path)
        say(f"cold render: {args.cold_requests} requests per page, a new generation before each")
        cold = cold_render(args, cache_on, port, pages, log)

    nginx_port = free_port()
    nginx_dir = Path(tempfile.mkdtemp(prefix="milepost-bench-nginx-"))
    try:
        with Nginx(nginx_port, nginx_dir, site["story_url"], story_html) as nginx:
            nginx.wait_until_ready(site["story_url"])
            ceiling = load("nginx", "story page (file)", nginx_port, site["story_url"]).result
    finally:
        shutil.rmtree(nginx_dir, ignore_errors=True)
    say("servers stopped")
    print_report(args, load.rows, baseline, ceiling, cold, weights, load_before)


def cold_render(args, env: dict, port: int, pages, log: Path) -> list[report.ColdRow]:
    command = [sys.executable, "-m", "bench.cold", "--port", str(port)]
    command += ["--requests", str(args.cold_requests), *(path for _, path in pages)]
    times = json.loads(run_step(command, env, log=log))
    return [report.ColdRow(endpoint, times[path], os.getloadavg()[0]) for endpoint, path in pages]


def print_report(args, rows, baseline, ceiling, cold, weights, load_before) -> None:
    threads = f", {args.threads} threads each (gthread)" if args.threads > 1 else " (sync)"
    cores = os.cpu_count() or 1
    print()
    print(
        f"Throughput and latency: gunicorn {args.workers} workers{threads}, {args.stories:,} "
        f"stories, SQLite; wrk -t{args.wrk_threads} -c{args.connections} "
        f"-d{args.duration:g}s --timeout 30s, Accept-Encoding: gzip. 'cache': X-Page-Cache/X-Cache "
        f"of a request after the run. Load average before the run "
        f"{load_before[0]:.2f} / {load_before[1]:.2f} / {load_before[2]:.2f} on {cores} cores; "
        f"'load 1m' is at the end of each row's run."
    )
    print(report.load_table(rows, baseline, ceiling))
    print()
    print("Targets (issue 10), ratios from this run:")
    print(report.targets_verdict(rows, baseline, ceiling))
    print()
    print(
        "Cold render: each request the first after a change (a new page-cache generation before "
        "each, as a publish starts), so the page cache misses and the memo of published content "
        "is empty: what a reader meets right after a publish. Page cache on, one client, "
        "one request at a time."
    )
    print(report.cold_table(cold))
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
