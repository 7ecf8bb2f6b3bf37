"""Charts drawn on the server as SVG: readable without JavaScript, and by a screen reader
through the title and description (the table beside each chart holds the same numbers).

Words are drawn in the page's text colour and bars in the admin theme's link colour, so that
both read against Wagtail's light and dark backgrounds alike."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .selectors import Table

WIDTH = 640
LABEL_WIDTH = 220
VALUE_WIDTH = 60
ROW_HEIGHT = 24
BAR_HEIGHT = 16
# What fits left of the bars at 12 px: a longer label (a story's headline) is shortened, whole
# in its tooltip, in the chart's description and in the table beside it.
LABEL_CHARACTERS = 30


def _number(value) -> float:
    return value if isinstance(value, int | float) else 0


def chart_svg(table: Table) -> SafeString:
    """A horizontal bar for each row of `table`: its first cell against its chart column."""
    if table.chart_column is None or not table.rows:
        return SafeString("")
    bars = [(str(row[0]), _number(row[table.chart_column])) for row in table.rows]
    largest = max(value for _, value in bars) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    title = f"{table.caption}: {table.columns[table.chart_column]}"
    description = "; ".join(f"{label}: {value}" for label, value in bars)
    rows = _bar_rows(bars, room / largest)
    return format_html(
        '<svg class="insights-chart" role="img" aria-labelledby="{key}-title {key}-desc" '
        'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="sans-serif" '
        'fill="currentColor">'
        '<title id="{key}-title">{title}</title><desc id="{key}-desc">{description}</desc>'
        "{rows}</svg>",
        key=f"chart-{table.key}",
        width=WIDTH,
        height=len(bars) * ROW_HEIGHT,
        title=title,
        description=description,
        rows=rows,
    )


def _label_fitted(label: str) -> str:
    if len(label) <= LABEL_CHARACTERS:
        return label
    return label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def _bar_rows(bars: list[tuple[str, float]], scale: float) -> SafeString:
    return format_html_join(
        "",
        '<g transform="translate(0 {})"><text x="{}" y="12" text-anchor="end">'
        "<title>{}</title>{}</text>"
        '<rect class="w-text-text-link-default" x="{}" y="0" width="{}" height="{}" '
        'fill="currentColor"></rect>'
        '<text x="{}" y="12">{}</text></g>',
        (
            (
                index * ROW_HEIGHT,
                LABEL_WIDTH - 8,
                label,
                _label_fitted(label),
                LABEL_WIDTH,
                round(scale * value),
                BAR_HEIGHT,
                LABEL_WIDTH + round(scale * value) + 6,
                value,
            )
            for index, (label, value) in enumerate(bars)
        ),
    )
