"""The benchmark's tables, as plain text."""

from .load import LoadResult
from .weight import PageWeight

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


def load_table(results: list[tuple[str, LoadResult]], baseline: LoadResult) -> str:
    rows = []
    for name, result in results:
        ratio = result.rate / baseline.rate if baseline.rate else float("nan")
        rows.append(
            [
                name,
                f"{result.requests:,}",
                f"{result.rate:,.0f}",
                f"{result.percentile(0.50) * 1000:.1f}",
                f"{result.percentile(0.99) * 1000:.1f}",
                f"{result.errors:,}",
                "baseline" if result is baseline else f"{ratio:.3f}x",
            ]
        )
    return table(
        ["endpoint", "requests", "req/s", "p50 ms", "p99 ms", "errors", "vs baseline"],
        rows,
        "lrrrrrr",
    )


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
