"""Titles in quotation marks, once."""

import pytest

from milepost.core.quoting import title_quoted


@pytest.mark.parametrize(
    ("title", "quoted"),
    [
        ("Mile 21", "“Mile 21”"),
        ("“Don’t pick me up…”", "“Don’t pick me up…”"),
        ('"Run, then"', '"Run, then"'),
        ("‘Not yet’", "‘Not yet’"),
        ("  The hill ", "“The hill”"),
        ("“Stop!” she said at the top", "“‘Stop!’ she said at the top”"),
        ("", ""),
    ],
)
def test_a_title_is_quoted_unless_it_is_a_quotation_already(title, quoted):
    assert title_quoted(title) == quoted
