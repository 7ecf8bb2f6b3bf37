"""The one CSV writer: no cell a submitter fills runs as a spreadsheet formula."""

import csv
import io

import pytest

from milepost.core.spreadsheets import CsvWriter


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x.example","a")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]
)
def test_a_cell_that_starts_a_formula_is_written_as_text(text):
    out = io.StringIO()
    CsvWriter(out).writerow(["Jane", text, 3, None])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["Jane", "'" + text, "3", ""]


def test_a_row_is_returned_for_a_streamed_response():
    class Echo:
        def write(self, value):
            return value

    assert CsvWriter(Echo()).writerow(["a-b", "Mile 1"]) == "a-b,Mile 1\r\n"
