"""Cold render: each request the first after a change, as a reader meets a page after a publish.

Run by `python -m bench` as `python -m bench.cold --port P --requests N PATH...` with the site's
environment (settings, data folder), while gunicorn serves it with the page cache on. Before
each request it starts a new page-cache generation as a publish does (`page_cache_invalidate()`),
so the page cache misses and the memo of published content (core.memo) holds nothing for the
generation: the page is read from the database and rendered. One client, one request at a time.
Prints each path's response times in seconds as JSON.
"""

import argparse
import json
import sys
import time

from .load import fetch
from .site import HOST

HEADERS = {"Accept-Encoding": "gzip"}  # as a browser sends, and as the wrk runs load


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.cold", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--requests", type=int, default=50, help="requests per path (50)")
    parser.add_argument("paths", nargs="+")
    return parser.parse_args(argv)


def cold_times(port: int, path: str, requests: int) -> list[float]:
    from milepost.core.pagecache import page_cache_invalidate

    seconds = []
    for _ in range(requests):
        page_cache_invalidate()
        started = time.perf_counter()
        response = fetch(HOST, port, path, HEADERS)
        seconds.append(time.perf_counter() - started)
        if response.status != 200 or response.headers.get("x-page-cache") != "miss":
            cache = response.headers.get("x-page-cache")
            raise SystemExit(f"{path} answered {response.status} (X-Page-Cache: {cache})")
    return seconds


def main(argv=None) -> int:
    args = parse_args(argv)
    import django

    django.setup()
    times = {path: cold_times(args.port, path, args.requests) for path in args.paths}
    json.dump(times, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
