"""The one CSV writer for every file the product makes (the queue's export, export_submissions,
the book's contributors list). Editors open these in a spreadsheet, and a submitter writes what
goes in the cells. Plain Python, so the book writers may use it too."""

import csv
from collections.abc import Iterable
from typing import Any

# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_defused(value: Any) -> Any:
    """A leading apostrophe makes spreadsheets show the text instead of running it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CsvWriter:
    """`csv.writer` on `out`, whose cells never start a formula."""

    def __init__(self, out):
        self._writer = csv.writer(out)

    def writerow(self, cells: Iterable[Any]):
        """Write one row; returns what `out.write` returned (the line, for a streamed response)."""
        return self._writer.writerow([cell_defused(cell) for cell in cells])
