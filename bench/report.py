"""The benchmark's tables, as plain text."""

import statistics
from dataclasses import dataclass

from .weight import PageWeight
from .wrk import WrkResult


@dataclass
class Row:
    configuration: str  # page cache off, page cache on, Varnish, nginx
    endpoint: str
    result: WrkResult
    cache: str  # X-Page-Cache/X-Cache of a request after the run, "-" when absent


@dataclass
class ColdRow:
    endpoint: str
    seconds: list[float]  # each request's response time, each the first after a change
    load: float  # the machine's 1-minute load average when the row's requests ended


# "Under 15 KB gzipped" for a story page's HTML+CSS+JS; counted as 15,000 bytes to be strict.
STORY_BUDGET_BYTES = 15_000


def table(headers: list[str], rows: list[list[str]], align: str) -> str:
    """`align` has one letter per column: l(eft) or r(ight)."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells):
        return "  ".join(
            str(cell).ljust(width) if side == "l" else str(cell).rjust(width)
            for cell, width, side in zip(cells, widths, align, strict=True)
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.3f}x" if base else "n/a"


def load_table(rows: list[Row], baseline: WrkResult, nginx: WrkResult) -> str:
    lines = []
    for row in rows:
        result = row.result
        lines.append(
            [
                row.configuration,
                row.endpoint,
                row.cache,
                f"{result.requests:,}",
                f"{result.rate:,.0f}",
                f"{result.p50 * 1000:.2f}",
                f"{result.p99 * 1000:.2f}",
                f"{result.errors:,}",
                f"{result.load:.2f}",
                "baseline" if result is baseline else _ratio(result.rate, baseline.rate),
                _ratio(result.rate, nginx.rate) if row.configuration == "Varnish" else "",
            ]
        )
    return table(
        [
            "configuration",
            "endpoint",
            "cache",
            "requests",
            "req/s",
            "p50 ms",
            "p99 ms",
            "errors",
            "load 1m",
            "vs baseline",
            "vs nginx",
        ],
        lines,
        "lllrrrrrrrr",
    )


def cold_table(rows: list[ColdRow]) -> str:
    lines = []
    for row in rows:
        centiles = statistics.quantiles(row.seconds, n=100, method="inclusive")
        mean = statistics.fmean(row.seconds)
        lines.append(
            [
                row.endpoint,
                f"{len(row.seconds):,}",
                f"{centiles[49] * 1000:.1f}",
                f"{centiles[98] * 1000:.1f}",
                f"{mean * 1000:.1f}",
                f"{1 / mean:,.1f}",
                f"{row.load:.2f}",
            ]
        )
    headers = ["endpoint", "requests", "p50 ms", "p99 ms", "mean ms", "renders/s", "load 1m"]
    return table(headers, lines, "lrrrrrr")


# The targets: (configuration, endpoint, against, at least).
TARGETS = [
    ("page cache on", "story page", "baseline", 0.50),
    ("page cache on", "callout page", "baseline", 0.50),
    ("page cache on", "feed", "baseline", 0.50),
    ("Varnish", "story page", "nginx", 0.50),
    ("page cache off", "story page", "baseline", 0.25),
    ("page cache off", "callout page", "baseline", 0.15),
    ("page cache off", "feed", "baseline", 0.15),
]


def targets_verdict(rows: list[Row], baseline: WrkResult, nginx: WrkResult) -> str:
    found = {(row.configuration, row.endpoint): row.result for row in rows}
    lines = []
    for configuration, endpoint, against, minimum in TARGETS:
        reference = baseline if against == "baseline" else nginx
        result = found[(configuration, endpoint)]
        ratio = result.rate / reference.rate if reference.rate else 0.0
        verdict = "PASS" if ratio >= minimum and not result.errors else "FAIL"
        lines.append(
            f"{verdict}: {configuration}, {endpoint}: {ratio:.1%} of {against} "
            f"(target >= {minimum:.0%})" + (f", {result.errors} errors" if result.errors else "")
        )
    return "\n".join(lines)


def _kb(size: int) -> str:
    return f"{size / 1000:.1f} KB"


def bytes_table(weights: list[PageWeight]) -> str:
    rows = []
    for weight in weights:
        css = [a for a in weight.assets if a.kind == "css"]
        js = [a for a in weight.assets if a.kind == "js"]
        rows.append(
            [
                weight.name,
                f"{weight.document.raw:,}",
                f"{weight.document.gzipped:,}",
                f"{len(css)} / {sum(a.gzipped for a in css):,}",
                f"{len(js)} / {sum(a.gzipped for a in js):,}",
                f"{weight.total_gzipped:,} ({_kb(weight.total_gzipped)})",
                f"{weight.total_served:,}",
                "n/a" if weight.document.kind != "html" else str(len(weight.blocking_scripts)),
            ]
        )
    return table(
        [
            "page",
            "HTML raw",
            "HTML gz",
            "CSS files / gz",
            "JS files / gz",
            "HTML+CSS+JS gz",
            "as served",
            "blocking JS",
        ],
        rows,
        "lrrrrrrr",
    )


def budget_verdict(story: PageWeight) -> str:
    total = story.total_gzipped
    verdict = "PASS" if total < STORY_BUDGET_BYTES else "OVER"
    lines = [
        f"{verdict}: story page HTML+CSS+JS is {total:,} bytes gzipped; budget under "
        f"{STORY_BUDGET_BYTES:,} bytes (15 KB), "
        f"{'headroom' if total < STORY_BUDGET_BYTES else 'over by'} "
        f"{abs(STORY_BUDGET_BYTES - total):,} bytes."
    ]
    if story.blocking_scripts:
        lines.append(
            "FAIL: render-blocking JavaScript in <head>: " + ", ".join(story.blocking_scripts)
        )
    else:
        lines.append(
            "PASS: no render-blocking JavaScript (no <script src> in <head> without "
            "async, defer or type=module)."
        )
    return "\n".join(lines)
