"""`milepost load_demo`: the demo callout, its page and stories, and a working editor login."""

import functools
import io
import re
import stat

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from docx import Document
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from milepost.anthology.models import Anthology
from milepost.callouts.models import Callout
from milepost.demo import services
from milepost.demo.photos import illustration_render
from milepost.demo.stories import STORIES, TAGS
from milepost.privacy.models import PrivacyNoticePage
from milepost.site.models import HomePage
from milepost.stories.models import StoryIndexPage, StoryPage
from tests.anthology.epubcheck import epub_assert_valid
from tests.factories import story_create, story_index_create

_illustration_render_once = functools.cache(illustration_render)


@pytest.fixture(autouse=True)
def _photos_drawn_once(monkeypatch):
    """Photos are deterministic (tested below), so each is drawn once for all these tests."""
    monkeypatch.setattr(services, "illustration_render", _illustration_render_once)


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    """The login file goes to each test's own data folder."""
    settings.DATA_DIR = tmp_path / "data"


def load_demo(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def printed_login(output: str) -> tuple[str, str]:
    return re.search(r"Editor login: (\S+) / (\S+)", output).groups()


def admin_login(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password}, follow=True)


# What the demo contains


@pytest.mark.django_db
def test_load_demo_creates_the_callout_and_its_published_page():
    load_demo()

    callout = Callout.objects.get(slug="most-important-mile")
    assert callout.title == "Most Important Mile"
    assert callout.prompt == "What was your most important mile?"
    assert callout.soft_word_limit == 300
    assert callout.photo_wanted
    assert callout.submission_address == "mile@milepost.example"
    index_page = StoryIndexPage.objects.get(callout=callout)
    assert index_page.live
    assert index_page.get_parent().specific_class is HomePage
    assert index_page.intro
    assert callout.routing_phrases == ["Most Important Mile"]
    for words in ("under 300 words", "a photo", "Most Important Mile"):
        assert words in index_page.call_for_stories
    # The address is shown spelled out by the page, never as a harvestable mailto: link.
    assert "mile@milepost.example" not in index_page.call_for_stories
    assert "Milepost publishes short, true stories" in HomePage.objects.get().intro


@pytest.mark.django_db
def test_load_demo_publishes_the_privacy_notice_the_form_links_to(client):
    load_demo()

    notice = PrivacyNoticePage.objects.live().get()
    assert "erase everything we hold about you" in notice.body
    form = client.get(StoryIndexPage.objects.get().url + "submit/").content.decode()
    assert notice.url in form
    load_demo()  # again: still one notice
    assert PrivacyNoticePage.objects.count() == 1


@pytest.mark.django_db
def test_load_demo_publishes_stories_with_photos_alt_text_and_spread_out_dates():
    load_demo()

    stories = StoryPage.objects.live().child_of(StoryIndexPage.objects.get())
    assert stories.count() >= 8
    for story in stories:
        assert story.has_unpublished_changes is False
        assert story.live_revision is not None
        photos = list(story.photos.select_related("image"))
        assert 1 <= len(photos) <= 2
        for photo in photos:
            assert photo.alt_text.strip() and photo.caption and photo.credit
            assert (photo.image.width, photo.image.height) == (1600, 1067)
        assert 2 <= story.tags.count() <= 4
        assert story.first_published_at == story.last_published_at
    dates = [story.first_published_at for story in stories]
    assert len(set(dates)) == len(dates)
    assert (max(dates) - min(dates)).days > 90


@pytest.mark.django_db
def test_demo_stories_are_searchable():
    load_demo()

    assert [story.title for story in StoryPage.objects.live().search("beagle")] == [
        "Back of the Pack at 71"
    ]


def test_demo_story_texts_fit_the_callout():
    for story in STORIES:
        body = " ".join(story.paragraphs)
        assert 150 <= len(body.split()) <= 300, story.headline
        assert len(story.paragraphs) >= 3
        assert story.lede and story.lede not in body
        assert story.pull_quote.lower() in body.lower(), story.headline
        assert set(story.tags) <= TAGS and 2 <= len(story.tags) <= 4
        assert 1 <= len(story.photos) <= 2
    assert len({story.slug for story in STORIES}) == len(STORIES)


def test_demo_bylines_cover_every_shape():
    assert any(s.runner_age and s.city and s.region and s.descriptor for s in STORIES)
    assert any(s.runner_age is None for s in STORIES)
    assert any(not s.city for s in STORIES)
    assert any(s.region in {"UK", "Ireland", "Norway"} for s in STORIES)
    assert any(not s.descriptor for s in STORIES)


def test_demo_photos_are_deterministic_jpegs():
    first = illustration_render(scene="trail", palette="autumn", seed=7)
    assert first == illustration_render(scene="trail", palette="autumn", seed=7)
    assert first != illustration_render(scene="trail", palette="autumn", seed=8)
    picture = PILImage.open(io.BytesIO(first))
    assert (picture.format, picture.size) == ("JPEG", (1600, 1067))


# The pages readers see


@pytest.mark.django_db
def test_home_callout_and_story_pages_render(client):
    load_demo()
    index_page = StoryIndexPage.objects.get()
    story = StoryPage.objects.get(slug="back-of-the-pack-at-71")

    assert client.get("/").status_code == 200
    index_response = client.get(index_page.url)
    assert index_response.status_code == 200
    assert "Back of the Pack at 71" in index_response.content.decode()
    story_response = client.get(story.url)
    assert story_response.status_code == 200
    assert "grandmother runner Ruth Abernathy, 71" in story_response.content.decode()


# The editor login


@pytest.mark.django_db
def test_editor_logs_into_the_admin_with_the_printed_password(client, settings):
    username, password = printed_login(load_demo())

    response = admin_login(client, username, password)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/admin/"
    story = StoryPage.objects.first()
    assert client.get(f"/admin/pages/{story.pk}/edit/").status_code == 200
    assert client.get("/admin/snippets/callouts/callout/").status_code == 200
    assert client.get("/admin/snippets/callouts/callout/add/").status_code == 200
    editor = get_user_model().objects.get(username=username)
    assert story.permissions_for_user(editor).can_publish()
    login_file = settings.DATA_DIR / "demo-editor-login.txt"
    assert login_file.read_text() == f"{username} {password}\n"
    assert stat.S_IMODE(login_file.stat().st_mode) == 0o600
    assert services.demo_editor_login_read() == (username, password)


@pytest.mark.django_db
def test_editor_publishes_a_story_and_edits_the_callout_in_the_admin(client):
    admin_login(client, *printed_login(load_demo()))
    story = StoryPage.objects.get(slug="snow-on-the-switchbacks")
    edit_url = f"/admin/pages/{story.pk}/edit/"
    data = form_fields(client.get(edit_url), edit_url)
    data.update({"title": "Snow on the Switchbacks, Again", "action-publish": "action-publish"})

    assert client.post(edit_url, data).status_code == 302
    story.refresh_from_db()
    assert (story.title, story.live, story.has_unpublished_changes) == (
        "Snow on the Switchbacks, Again",
        True,
        False,
    )
    assert story.photos.count() == 2

    callout = Callout.objects.get()
    callout_url = f"/admin/snippets/callouts/callout/edit/{callout.pk}/"
    data = form_fields(client.get(callout_url), callout_url)
    data["prompt"] = "Which mile mattered most?"
    assert client.post(callout_url, data).status_code == 302
    assert Callout.objects.get().prompt == "Which mile mattered most?"


def form_fields(response, action: str) -> dict[str, str]:
    """The fields a browser would submit from the admin form posting to `action`."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", action=action)
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file"}:
            continue
        if field.get("type") in {"checkbox", "radio"} and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            selected = field.find("option", selected=True)
            data[name] = selected["value"] if selected else ""
        else:
            data[name] = field.get("value", "")
    return data


@pytest.mark.django_db
def test_editor_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("MILEPOST_DEMO_EDITOR_PASSWORD", "a-known-demo-password")

    assert printed_login(load_demo()) == ("editor", "a-known-demo-password")
    assert services.demo_editor_login_read() == ("editor", "a-known-demo-password")


# Running it again


@pytest.mark.django_db
def test_running_twice_creates_nothing_new():
    username, password = printed_login(load_demo())
    counts = _counts()

    report = services.demo_content_load()

    assert report.created == []
    assert _counts() == counts
    assert report.login == (username, password)
    assert get_user_model().objects.get(username=username).check_password(password)


@pytest.mark.django_db
def test_running_again_keeps_what_editors_changed(monkeypatch):
    load_demo()
    home_page = HomePage.objects.get()
    home_page.intro = "<p>Our own words.</p>"
    home_page.save_revision().publish()
    story = StoryPage.objects.get(slug="the-mile-i-ran-behind-my-daughter")
    story.title = "Behind Maya"
    story.save_revision().publish()
    callout = Callout.objects.get()
    callout.prompt = "Which mile mattered most?"
    callout.save()
    monkeypatch.setenv("MILEPOST_DEMO_EDITOR_PASSWORD", "a-different-password")

    load_demo()

    assert HomePage.objects.get().intro == "<p>Our own words.</p>"
    assert StoryPage.objects.get(pk=story.pk).title == "Behind Maya"
    assert Callout.objects.get().prompt == "Which mile mattered most?"
    assert (
        not get_user_model().objects.get(username="editor").check_password("a-different-password")
    )


@pytest.mark.django_db
def test_if_empty_leaves_a_site_with_stories_alone(home_page):
    other = story_index_create(home_page, title="First Shoes", slug="first-shoes")
    story_create(other)

    output = load_demo("--if-empty")

    assert "skipped  everything" in output
    assert not Callout.objects.filter(slug="most-important-mile").exists()
    assert StoryPage.objects.count() == 1
    assert not get_user_model().objects.filter(username="editor").exists()


def _counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "callouts": Callout.objects.count(),
        "users": get_user_model().objects.count(),
    }


@pytest.mark.django_db
def test_load_demo_fills_the_desk(client):
    from milepost.intake.models import InboundMessage
    from milepost.submissions.models import Submission

    output = load_demo()
    statuses = set(Submission.objects.values_list("status", flat=True))
    assert statuses == {"received", "in_review", "accepted", "declined", "spam"}
    assert Submission.objects.filter(notes__isnull=False).count() == 2
    assert Submission.objects.filter(votes__choice="yes").count() == 2
    assert InboundMessage.objects.get().state == "unrouted"
    admin_login(client, *printed_login(output))
    queue = client.get("/admin/submissions/").content.decode()
    assert "My first parkrun" in queue and "Cheap watches" not in queue
    assert (
        "Question about the running club" in client.get("/admin/inbound_messages/").content.decode()
    )
    load_demo()
    assert Submission.objects.count() == 5  # a second load adds nothing


@pytest.mark.django_db
def test_load_demo_makes_a_complete_book_that_exports_as_final(tmp_path):
    load_demo()
    load_demo()  # twice: still one book
    (anthology,) = Anthology.objects.all()
    entries = anthology.entries.all()
    assert entries.count() == StoryPage.objects.live().count() > 0
    assert {entry.status for entry in entries} == {"permission_granted"}
    assert anthology.sections.count() == 2
    call_command("export_book", anthology.slug, "--format", "docx", "--out", str(tmp_path))
    paragraphs = [p.text for p in Document(tmp_path / f"{anthology.slug}-final.docx").paragraphs]
    assert "First miles" in paragraphs and "Long miles" in paragraphs


@pytest.mark.django_db
def test_the_demo_book_passes_epubcheck(tmp_path):
    load_demo()
    (anthology,) = Anthology.objects.all()
    call_command("export_book", anthology.slug, "--format", "epub", "--out", str(tmp_path))
    epub_assert_valid(tmp_path / f"{anthology.slug}-final.epub")
