"""Real Chromium (Debian's) driven by Playwright; the browser is never downloaded."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; Django's ORM guard would then
    # refuse the test's own database calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def page(request, browser):
    context = browser.new_context(**request.param)
    yield context.new_page()
    context.close()


def axe_violations(page) -> list[dict]:
    """What axe-core (bundled by axe-playwright-python) finds wrong on the whole page as it
    stands. Its script goes in through the browser's debugging protocol, which the page's CSP
    does not govern.

    Text in its background's own colour, which cannot be read, counts too: axe leaves it for a
    person to review, as it might be hidden on purpose."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("networkidle")
    options = {"resultTypes": ["violations", "incomplete"]}
    results = Axe().run(page, options=options).response
    invisible = [
        {**check, "nodes": nodes}
        for check in results["incomplete"]
        if check["id"] == "color-contrast"
        and (nodes := [node for node in check["nodes"] if _text_in_its_background(node)])
    ]
    return results["violations"] + invisible


def _text_in_its_background(node: dict) -> bool:
    return any(check["data"].get("messageKey") == "equalRatio" for check in node["any"])


def axe_report(violations: list[dict]) -> str:
    """Each violation's rule, what it asks for and the elements that break it."""
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(
            f"  {' '.join(node['target'])}: {node['html']}\n    {node['failureSummary']}"
            for node in violation["nodes"]
        )
        for violation in violations
    )


def admin_sign_in(page, base_url: str, username: str, password: str) -> None:
    """Sign in through Wagtail's login form, as an editor does, and land on the dashboard."""
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")
