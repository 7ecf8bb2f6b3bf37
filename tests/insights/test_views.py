"""The Insights report in the admin: charts with tables, downloads that match, and reach."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from milepost.insights.charts import chart_svg
from milepost.insights.selectors import Table

from .conftest import PERIOD, member

URL = "/admin/insights/"


def report_url(callout, **extra) -> str:
    query = f"callout={callout.pk}&date_from={PERIOD.start}&date_to={PERIOD.end}"
    return URL + "?" + query + "".join(f"&{key}={value}" for key, value in extra.items())


def page_tables(html: str) -> dict[str, list[list[str]]]:
    """Each table's header and cells as the page shows them, by its id."""
    tables = {}
    table = r'<table class="listing" id="(\w+)"[^>]*>(.*?)</table>'
    for key, body in re.findall(table, html, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
        tables[key] = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    return tables


@pytest.mark.django_db
def test_an_editor_sees_every_chart_in_svg_with_its_table(client, insights):
    client.force_login(member("edna", "Editors"))
    html = client.get(report_url(insights.callout)).content.decode()
    assert html.count('role="img"') == 5  # the decisions are a table only
    assert '<title id="chart-submissions-title">Submissions per week: All</title>' in html
    assert '<desc id="chart-submissions-desc">2026-11-02: 4; 2026-11-09: 2</desc>' in html
    tables = page_tables(html)
    assert tables["stories"][1][:3] == ["The hill on Pine Street", "2026-11-08", "14"]
    assert "Another callout" not in html and "<script" not in html.split("insights__filters")[1]


def test_a_long_label_is_shortened_in_the_chart_and_whole_in_its_tooltip_and_description():
    headline = "The mile I ran behind my daughter on her first race day"
    columns = ["Story", "Views in the period"]
    table = Table("stories", "Top stories", "", columns, [[headline, 3]], chart_column=1)
    svg = str(chart_svg(table))
    assert f"<title>{headline}</title>The mile I ran behind my daug…</text>" in svg
    assert f'<desc id="chart-stories-desc">{headline}: 3</desc>' in svg


@pytest.mark.django_db
def test_the_csv_matches_the_tables_on_the_page(client, insights):
    client.force_login(member("edna", "Editors"))
    tables = page_tables(client.get(report_url(insights.callout)).content.decode())
    response = client.get(report_url(insights.callout, format="csv"))
    assert response["Content-Disposition"] == (
        'attachment; filename="insights-most-important-mile-20261102-20261115.csv"'
    )
    blocks = response.content.decode().replace("\r\n", "\n").strip().split("\n\n")
    assert len(blocks) == 6
    rows_by_caption = {}
    for block in blocks:
        caption, *rows = list(csv.reader(io.StringIO(block)))
        rows_by_caption[caption[0]] = rows
    assert rows_by_caption["Top stories of the period"] == tables["stories"]
    assert rows_by_caption["Submissions per week"] == tables["submissions"]
    assert rows_by_caption["From arrival to readers, by channel"] == tables["funnel"]
    assert rows_by_caption["Decisions"][5] == ["Acceptance rate", "67%"]


@pytest.mark.django_db
def test_the_xlsx_holds_one_sheet_per_table(client, insights):
    client.force_login(member("edna", "Editors"))
    response = client.get(report_url(insights.callout, format="xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 6
    rows = list(workbook["Views by channel of origin"].values)
    assert rows == [
        ("Channel", "Stories read", "Views"),
        ("Web form", 1, 14),
        ("Written by the desk", 1, 6),
    ]


@pytest.mark.django_db
def test_a_reviewer_limited_to_one_callout_cannot_reach_another_callouts_figures(client, insights):
    client.force_login(member("rex", "Reviewers", callout=insights.other_callout))
    html = client.get(report_url(insights.callout)).content.decode()
    assert "Select a valid choice" in html and "The hill on Pine Street" not in html
    assert "Most Important Mile" not in html  # not even offered
    for kind in ("csv", "xlsx"):
        assert client.get(report_url(insights.callout, format=kind)).status_code == 404
    own = client.get(report_url(insights.other_callout)).content.decode()
    assert (
        "Another callout&#x27;s story" in own
        or "Another callout’s story" in own
        or ("Another callout" in own)
    )


@pytest.mark.django_db
def test_a_period_that_ends_before_it_begins_is_refused_with_what_to_do(client, insights):
    client.force_login(member("edna", "Editors"))
    html = client.get(
        f"{URL}?callout={insights.callout.pk}&date_from=2026-11-15&date_to=2026-11-01"
    ).content.decode()
    assert "The period ends before it begins" in html and 'role="img"' not in html


@pytest.mark.django_db
def test_only_staff_with_the_permission_see_the_report_and_its_menu_item(client, insights):
    from django.contrib.auth.models import Permission, User

    clerk = User.objects.create_user("clerk", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(clerk)
    assert client.get(report_url(insights.callout)).status_code in (302, 403)
    assert '"url": "/admin/insights/"' not in client.get("/admin/").content.decode()
    client.force_login(member("edna", "Editors"))
    assert '"url": "/admin/insights/"' in client.get("/admin/").content.decode()
