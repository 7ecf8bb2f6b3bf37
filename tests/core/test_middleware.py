"""Content-Security-Policy: strict on every public page, what Wagtail needs under /admin/."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from milepost.intake.services import inbound_message_receive
from milepost.privacy.models import StoryListLink
from milepost.privacy.selectors import story_list_token_hash
from tests.browser import DESKTOP, admin_sign_in
from tests.factories import story_create
from tests.intake.mail import story_email


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _story_list_token(submission) -> str:
    """A working link to the list of all of the submitter's stories (only its hash is stored)."""
    token, now = "a-token-as-long-as-the-ones-we-email-0123456", timezone.now()
    StoryListLink.objects.create(
        email=submission.submitter_email,
        token_hash=story_list_token_hash(token),
        created_at=now,
        expires_at=now + timedelta(hours=1),
    )
    return token


def public_pages(story_index) -> dict[str, str]:
    story = story_create(story_index, title="The hill on Pine Street")
    submission = inbound_message_receive(story_email(), channel="import").submission
    return {
        "home": "/",
        "story": story.url,
        "callout": story_index.url,
        "form": story_index.url + "submit/",
        "status": f"/your-story/{submission.status_token}/",
        "all stories": "/your-story/all/",
        "all stories list": f"/your-story/all/{_story_list_token(submission)}/",
        "search": "/search/?q=hill",
        "not found": "/no-such-page/",
    }


@pytest.mark.django_db
def test_public_pages_get_a_strict_policy(client, story_index):
    for kind, url in public_pages(story_index).items():
        response = client.get(url)
        assert response.status_code in {200, 404}, kind
        directives = policy(response)
        assert directives["default-src"] == ["'self'"], kind
        assert directives["script-src"] == ["'self'"], kind
        assert directives["style-src"] == ["'self'"], kind
        assert directives["img-src"] == ["'self'"], kind
        assert directives["frame-ancestors"] == ["'none'"], kind
        assert directives["form-action"] == ["'self'"], kind
        assert directives["base-uri"] == ["'self'"], kind
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], kind


@pytest.mark.django_db
def test_the_admin_gets_the_policy_wagtail_works_under(admin_client):
    directives = policy(admin_client.get("/admin/"))
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]


# What a policy without 'unsafe-inline' blocks: inline styles and scripts, and event handlers.
INLINE = re.compile(r"<style|\sstyle=|<script(?![^>]*\ssrc=)|\son[a-z]+=", re.IGNORECASE)


def test_no_public_template_holds_what_the_policy_would_block():
    """Every template a reader or submitter sees, not just the pages listed above.

    The admin's templates may (its policy allows inline code); the 500 page's one style is
    allowed by its hash (tests/site/test_views.py).
    """
    templates = Path(settings.TEMPLATES[0]["DIRS"][0])
    sources = {
        str(path.relative_to(templates)): path.read_text() for path in templates.rglob("*.html")
    }
    public = {
        name: source
        for name, source in sources.items()
        if name != "500.html" and not re.search(r"{% extends [\"']wagtailadmin/", source)
    }
    assert "anthology/permission.html" in public and "intake/submission_form.html" in public
    found = {
        name: INLINE.findall(source) for name, source in public.items() if INLINE.search(source)
    }
    assert found == {}


# In a real browser


VIOLATIONS_RECORD = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def watched_page(browser):
    context = browser.new_context(**DESKTOP)
    context.add_init_script(VIOLATIONS_RECORD)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    yield page
    context.close()


def violations(page) -> list[str]:
    csp_errors = [text for text in page.console_errors if "Content Security Policy" in text]
    return page.evaluate("window.__violations") + csp_errors


@pytest.fixture
def site_on_live_server(live_server):
    from wagtail.models import Site

    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.update(hostname=host, port=int(port))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_run_without_a_single_violation(
    watched_page, live_server, story_index, site_on_live_server
):
    for kind, url in public_pages(story_index).items():
        watched_page.goto(live_server.url + url)
        watched_page.wait_for_load_state("networkidle")
        assert watched_page.locator("h1").first.is_visible(), kind
        assert violations(watched_page) == [], kind
    # The form's own script ran (it counts words as the reader types).
    watched_page.goto(live_server.url + story_index.url + "submit/")
    watched_page.get_by_label("Your story", exact=True).fill("one two three")
    assert "3" in watched_page.locator("#story-word-count").inner_text()
    assert violations(watched_page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_admin_works_under_its_policy(watched_page, live_server, home_page):
    User.objects.create_superuser("editor", "editor@example.com", "the-right-password")
    admin_sign_in(watched_page, live_server.url, "editor", "the-right-password")
    watched_page.goto(live_server.url + f"/admin/pages/{home_page.pk}/")
    assert watched_page.get_by_role("heading", name="Milepost").first.is_visible()
    # The sidebar is drawn by Wagtail's scripts: it shows only if they ran.
    watched_page.get_by_role("link", name="Inbound messages").click()
    watched_page.wait_for_url("**/admin/inbound_messages/")
    # No avatar from gravatar.com either: editors' addresses stay here (and so do tests).
    assert violations(watched_page) == []
    # Signed in, the public page shows Wagtail's user bar, under the public policy.
    watched_page.goto(live_server.url + "/")
    userbar = watched_page.locator("wagtail-userbar")
    userbar.wait_for(state="attached")
    watched_page.wait_for_load_state("networkidle")
    assert userbar.get_by_role("button").first.is_visible()
    assert violations(watched_page) == []
