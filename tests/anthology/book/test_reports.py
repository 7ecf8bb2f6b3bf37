"""The contributors' CSV and the print-readiness report."""

import csv
from dataclasses import replace

import pytest

from milepost.anthology.book.manuscript import (
    PERMISSION_GRANTED,
    Manuscript,
    ManuscriptError,
    Section,
)
from milepost.anthology.book.reports import (
    LOW_RESOLUTION,
    NO_ALT_TEXT,
    NO_CAPTION,
    NO_PERMISSION,
    NO_SECTION,
    OVER_WORD_LIMIT,
    Finding,
    contributors_csv_write,
    print_readiness_html,
    print_readiness_report,
    print_readiness_text,
)
from tests.anthology.books import book_build


def rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_contributors_csv(tmp_path):
    path = tmp_path / "contributors.csv"
    contributors_csv_write(book_build(tmp_path), path)

    assert rows(path) == [
        ["story", "section", "contributor", "byline", "email", "permission", "permission at",
         "submission"],
        ["The Hill on Elm Street", "Firsts", "Jane Doe", "St. Louis, MO mother runner Jane Doe, 32",
         "jane@example.com", "granted", "2026-11-02T14:30:00+00:00", "SUB-0001"],
        ["Across the Bridge", "Firsts", "Tom Field", "Leeds, UK father runner Tom Field, 45",
         "tom@example.com", "granted", "2026-11-02T14:30:00+00:00", "SUB-0002"],
        ["Rain at Mile Twenty", "Finishes", "Sam Roe", "Portland, OR runner Sam Roe, 27",
         "sam@example.com", "requested", "", "SUB-0003"],
    ]  # fmt: skip


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x.example","a")', "+1+1", "-2+3", "@SUM(A1)", "\tTab"]
)
def test_contributors_csv_defuses_formulas(tmp_path, name):
    book = book_build(tmp_path)
    hill = replace(book.sections[0].entries[0], contributor_name=name, title="=cmd|' /C calc'!A0")
    section = replace(book.sections[0], entries=(hill,))
    path = tmp_path / "contributors.csv"
    contributors_csv_write(replace(book, sections=(section,)), path)

    row = rows(path)[1]
    assert row[0] == "'=cmd|' /C calc'!A0"
    assert row[2] == "'" + name


def test_readiness_report_finds_each_problem(tmp_path):
    findings = print_readiness_report(book_build(tmp_path))

    assert {finding.story for finding in findings} == {"Rain at Mile Twenty"}
    by_kind = {finding.kind: finding.message for finding in findings}
    assert set(by_kind) == {NO_PERMISSION, OVER_WORD_LIMIT, LOW_RESOLUTION, NO_CAPTION, NO_ALT_TEXT}
    assert by_kind[NO_PERMISSION] == "No permission for print from Sam Roe (requested)."
    assert by_kind[OVER_WORD_LIMIT] == "65 words, over the limit of 50."
    # 600 px over the 4.5 in text block of a 6 in trim with 0.75 in margins: 133 DPI.
    assert by_kind[LOW_RESOLUTION] == (
        "Photo 1 (rain.jpg) is 600×400 pixels: 133 DPI at its printed size, under 300 DPI."
    )
    assert by_kind[NO_CAPTION] == "Photo 1 (rain.jpg) has no caption."
    assert by_kind[NO_ALT_TEXT] == "Photo 1 (rain.jpg) has no alt text."


def test_resolution_depends_on_the_trim_size(tmp_path):
    # 1500 px is 333 DPI across 4.5 in, but only 250 DPI across the 6 in of an 7.5 in trim.
    narrow = print_readiness_report(book_build(tmp_path))
    wide = print_readiness_report(book_build(tmp_path, trim=(7.5, 9.25)))

    def low(findings):
        return [f.story for f in findings if f.kind == LOW_RESOLUTION]

    assert low(narrow) == ["Rain at Mile Twenty"]
    assert low(wide) == ["The Hill on Elm Street", "Rain at Mile Twenty"]


def test_ready_book_has_no_findings(tmp_path):
    book = book_build(tmp_path)
    sections = (book.sections[0],)
    ready = replace(book, sections=sections)

    assert print_readiness_report(ready) == []
    assert "is ready for print" in print_readiness_text(ready, [])
    assert "is ready for print" in print_readiness_html(ready, [])


def test_an_entry_in_no_section_is_a_finding(tmp_path):
    firsts, finishes = book_build(tmp_path).sections
    book = replace(
        book_build(tmp_path), sections=(firsts, replace(finishes, title="Stories", placed=False))
    )
    unplaced = [f for f in print_readiness_report(book) if f.kind == NO_SECTION]
    assert unplaced == [
        Finding(
            NO_SECTION,
            "Rain at Mile Twenty",
            "In no section: it would print under “Stories”. Choose its section in the book's "
            "edit form.",
        )
    ]


def test_report_renderings(tmp_path):
    book = book_build(tmp_path, title="Miles <& more>")
    findings = print_readiness_report(book)

    text = print_readiness_text(book, findings)
    assert text.startswith("“Miles <& more>”: 5 findings before print")
    assert "- Rain at Mile Twenty: 65 words, over the limit of 50." in text
    html = print_readiness_html(book, findings)
    assert "Miles &lt;&amp; more&gt;" in html
    assert html.count("<tr><td>Rain at Mile Twenty</td>") == 5


def test_granted_permission_clears_the_finding(tmp_path):
    book = book_build(tmp_path)
    rain = replace(book.sections[1].entries[0], permission=PERMISSION_GRANTED)
    book = replace(book, sections=(book.sections[0], replace(book.sections[1], entries=(rain,))))

    assert NO_PERMISSION not in {finding.kind for finding in print_readiness_report(book)}


def test_bad_books_are_refused_with_a_reason(tmp_path):
    book = book_build(tmp_path)
    with pytest.raises(ManuscriptError, match="“978-3-16-148410-1” is not a valid ISBN-13"):
        replace(book, isbn="978-3-16-148410-1")
    with pytest.raises(ManuscriptError, match="has no stories yet"):
        Manuscript(title="Empty", sections=(Section("Nothing", ()),))
    with pytest.raises(ManuscriptError, match="has no stories yet"):
        Manuscript(title="Empty", sections=())
    with pytest.raises(ManuscriptError, match="not a language tag"):
        replace(book, language="English please")
    with pytest.raises(ManuscriptError, match="leaves no room for text"):
        replace(book, trim=(2.0, 3.0))
    with pytest.raises(ManuscriptError, match="bleed"):
        replace(book, bleed=-0.1)
