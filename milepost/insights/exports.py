"""The report as files: CSV through the product's one writer, XLSX through openpyxl. Both hold
each table as the page shows it: its caption, its column headings, its rows."""

import io
import re

from openpyxl import Workbook

from milepost.core.spreadsheets import CsvWriter, cell_defused

from .selectors import Table


def report_csv_write(tables: list[Table], out) -> None:
    writer = CsvWriter(out)
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([table.caption])
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow(row)


def report_xlsx_bytes(tables: list[Table]) -> bytes:
    """One sheet per table, named after its caption (Excel allows 31 characters, no [:*?/\\])."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", table.caption)[:31])
        sheet.append(table.columns)
        for row in table.rows:
            sheet.append([cell_defused(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
