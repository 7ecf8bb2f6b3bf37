"""The contributor, on a phone, opens their private link, reads the story as it will be
printed, gives permission by typing their name, then revokes it."""

import pytest
from wagtail.models import Site

from milepost.anthology.models import BookPermission
from milepost.anthology.services import book_permission_request
from tests.browser import PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def phone(browser):  # noqa: F811
    page = browser.new_context(**PHONE).new_page()
    yield page
    page.context.close()


def test_contributor_grants_then_revokes_on_a_phone(phone, entry, live_server):
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.update(hostname=host, port=int(port))
    permission = book_permission_request(entry)

    phone.goto(f"{live_server.url}/your-book-permission/{permission.token}/")
    assert phone.get_by_text("The hill was steep & long.").is_visible()
    photo = phone.locator("figure img")
    assert photo.get_attribute("alt") == "A runner at the top of a hill at sunrise"
    assert photo.evaluate("img => img.naturalWidth") > 0  # served through the token's view
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.get_by_label("Type your full name to give permission").fill("Jane Doe")
    phone.get_by_role("button", name="I give permission").click()
    # Each answer reloads the page and its photo: let those requests finish, or one still
    # running in the live server when the test ends races the flush of the database.
    phone.wait_for_load_state("networkidle")
    assert phone.get_by_text("you gave permission to print your story").is_visible()
    permission.refresh_from_db()
    assert permission.granted_name == "Jane Doe" and permission.granted_ip == "127.0.0.1"

    phone.get_by_role("button", name="Revoke my permission").click()
    phone.wait_for_load_state("networkidle")
    assert phone.get_by_text("your story is out of the book").is_visible()
    permission = BookPermission.objects.get()
    assert permission.revoked_at is not None
    assert permission.entry.status == "permission_revoked"


def test_the_answer_form_fits_a_phone(phone, entry, live_server):
    permission = book_permission_request(entry)
    phone.goto(f"{live_server.url}/your-book-permission/{permission.token}/")

    name = phone.get_by_label("Type your full name to give permission")
    form_width = phone.locator(".permission-form").evaluate("form => form.clientWidth")
    assert name.evaluate("input => input.offsetWidth") == form_width  # the full width
    # 16px and up: iOS zooms into a field whose text is smaller.
    assert float(name.evaluate("input => getComputedStyle(input).fontSize")[:-2]) >= 16

    def background(label):
        button = phone.get_by_role("button", name=label)
        return button.evaluate("button => getComputedStyle(button).backgroundColor")

    assert background("I give permission") == "rgb(138, 45, 15)"  # the accent, filled
    assert background("No, do not print my story") == "rgba(0, 0, 0, 0)"  # outlined only
    byline = phone.locator(".book-preview__byline")
    assert byline.inner_text() == "St. Louis, MO mother runner Jane Doe, 32"
    assert byline.evaluate("p => getComputedStyle(p).fontStyle") == "italic"
