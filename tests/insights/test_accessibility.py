"""The Insights report as axe-core reads it in a real browser, in Wagtail's light and dark
themes (the admin follows the system's): the form alone, the form with an error, and a report
with rows in every table, so that every chart draws."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User

from tests.browser import DESKTOP, admin_sign_in, axe_report, axe_violations

from .conftest import PERIOD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(params=["light", "dark"])
def editor_page(request, browser, live_server):
    # The migrations' groups and grants: a transactional test before may have flushed them.
    import_module("milepost.desk.migrations.0002_groups_and_editor_review").forwards(apps, None)
    import_module("milepost.insights.migrations.0001_story_reading_day").insights_grant(apps, None)
    User.objects.create_user("edna", password="pw-e2e-1").groups.add(
        Group.objects.get(name="Editors")
    )
    context = browser.new_context(**DESKTOP, color_scheme=request.param)
    page = context.new_page()
    admin_sign_in(page, live_server.url, "edna", "pw-e2e-1")
    yield page
    context.close()


def test_the_report_with_every_chart_drawn_passes_axe(editor_page, live_server, insights):
    editor_page.goto(
        f"{live_server.url}/admin/insights/?callout={insights.callout.pk}"
        f"&date_from={PERIOD.start}&date_to={PERIOD.end}"
    )
    assert editor_page.locator(".insights__section table").count() == 6
    assert editor_page.locator("svg.insights-chart").count() == 5  # the decisions have no chart
    violations = axe_violations(editor_page)
    assert not violations, axe_report(violations)
    # axe cannot tell what lies behind an SVG's text; in the page's own text colour, which axe
    # has just checked, the charts' words read in either theme.
    colours = editor_page.locator("svg.insights-chart text").evaluate_all(
        "texts => texts.map(text => [getComputedStyle(text).fill,"
        " getComputedStyle(text.closest('section')).color])"
    )
    assert all(fill == text_colour for fill, text_colour in colours)


def test_the_form_alone_passes_axe(editor_page, live_server, insights):
    editor_page.goto(f"{live_server.url}/admin/insights/")
    assert editor_page.get_by_role("button", name="Show").is_visible()
    violations = axe_violations(editor_page)
    assert not violations, axe_report(violations)


def test_the_form_with_errors_passes_axe(editor_page, live_server, insights):
    editor_page.goto(
        f"{live_server.url}/admin/insights/?callout={insights.callout.pk}"
        f"&date_from={PERIOD.end}&date_to=15/11/2026"
    )
    assert editor_page.get_by_text("Enter a valid date.").is_visible()
    violations = axe_violations(editor_page)
    assert not violations, axe_report(violations)
