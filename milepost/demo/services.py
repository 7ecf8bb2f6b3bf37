"""Site-wide business logic: loading the demo content and its editor login."""

import os
import secrets
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Page

from milepost.anthology.models import Anthology, AnthologySection
from milepost.anthology.services import book_permission_record, entry_shortlist
from milepost.callouts.models import Callout
from milepost.core.exceptions import DomainError
from milepost.core.groups import EDITORS
from milepost.demo import content
from milepost.demo.photos import illustration_render
from milepost.demo.stories import STORIES, DemoPhoto, DemoStory
from milepost.intake.services import inbound_message_receive
from milepost.privacy.models import PrivacyNoticePage
from milepost.site.models import HomePage
from milepost.stories.models import StoryIndexPage, StoryPage, StoryPagePhoto
from milepost.submissions.models import Channel, Submission
from milepost.submissions.services import (
    SubmissionDraft,
    submission_create,
    submission_note_add,
    submission_transition,
    submission_vote_cast,
)

DEMO_EDITOR_USERNAME = "editor"
DEMO_EDITOR_PASSWORD_ENV = "MILEPOST_DEMO_EDITOR_PASSWORD"  # noqa: S105 (a variable name)
DEMO_LOGIN_FILENAME = "demo-editor-login.txt"


class DemoContentError(DomainError):
    """The site is not ready for the demo content; the message says what to run first."""


class DemoLogin(NamedTuple):
    username: str
    password: str


@dataclass
class DemoLoadReport:
    """What a load did, in order: ("created" | "updated" | "skipped", what) pairs."""

    actions: list[tuple[str, str]] = field(default_factory=list)
    login: DemoLogin | None = None

    def record(self, action: str, what: str) -> None:
        self.actions.append((action, what))

    @property
    def created(self) -> list[str]:
        return [what for action, what in self.actions if action == "created"]


def demo_editor_login_path_get() -> Path:
    return Path(settings.DATA_DIR) / DEMO_LOGIN_FILENAME


def demo_editor_login_read() -> DemoLogin | None:
    """The demo editor's login as written when the account was created, if the file is there."""
    path = demo_editor_login_path_get()
    if not path.exists():
        return None
    username, _, password = path.read_text().strip().partition(" ")
    return DemoLogin(username, password) if username and password else None


@transaction.atomic
def demo_content_load(
    *, if_empty: bool = False, editor_password: str | None = None
) -> DemoLoadReport:
    """Create the demo callout, its page, its stories and an editor account, once.

    Safe to run again: anything already there is left exactly as it is, so editors' changes
    survive. With `if_empty`, a site that has any story at all is left alone. The editor's
    password is `editor_password`, else $MILEPOST_DEMO_EDITOR_PASSWORD, else a random one.
    """
    report = DemoLoadReport()
    if if_empty and StoryPage.objects.exists():
        report.record("skipped", "everything: the site already has stories")
        report.login = demo_editor_login_read()
        return report
    home_page = HomePage.objects.first()
    if home_page is None:
        raise DemoContentError("There is no home page: run `milepost migrate` first.")
    callout = _demo_callout_get_or_create(report)
    _demo_home_intro_set(home_page, report)
    _demo_privacy_notice_get_or_create(home_page, report)
    index_page = _demo_index_page_get_or_create(home_page, callout, report)
    for story in STORIES:
        _demo_story_get_or_create(index_page, story, report)
    _editors_group_permissions_ensure(report)
    _demo_editor_get_or_create(report, password=editor_password)
    _demo_desk_fill(callout, report)
    _demo_anthology_get_or_create(index_page, report)
    return report


def _demo_callout_get_or_create(report: DemoLoadReport) -> Callout:
    fields = content.CALLOUT
    callout = Callout.objects.filter(Q(slug=fields["slug"]) | Q(title=fields["title"])).first()
    if callout:
        report.record("skipped", f"callout {callout.title!r}: already there")
        return callout
    callout = Callout.objects.create(**fields)
    report.record("created", f"callout {callout.title!r}")
    return callout


def _demo_home_intro_set(home_page: HomePage, report: DemoLoadReport) -> None:
    # A home page with no revision still has the placeholder intro its migration wrote;
    # once anyone has saved it in the admin, the intro is theirs.
    if home_page.latest_revision_id is not None:
        report.record("skipped", "home page intro: already edited")
        return
    home_page.intro = content.HOME_INTRO
    home_page.save_revision().publish()
    report.record("updated", "home page intro")


def _demo_privacy_notice_get_or_create(home_page: HomePage, report: DemoLoadReport) -> None:
    # The form, the status page and the acknowledgment link to it; consents record its version.
    if PrivacyNoticePage.objects.exists():
        report.record("skipped", "privacy notice: already there")
        return
    notice = home_page.add_child(
        instance=PrivacyNoticePage(
            title="Privacy notice", slug="privacy", body=content.PRIVACY_NOTICE
        )
    )
    notice.save_revision().publish()
    report.record("created", "privacy notice")


def _demo_index_page_get_or_create(
    home_page: HomePage, callout: Callout, report: DemoLoadReport
) -> StoryIndexPage:
    index_page = StoryIndexPage.objects.filter(callout=callout).first()
    if index_page:
        report.record("skipped", f"callout page {index_page.title!r}: already there")
        return index_page
    index_page = StoryIndexPage(
        title=callout.title,
        slug=callout.slug,
        callout=callout,
        intro=content.INDEX_INTRO,
        call_for_stories=format_html(
            content.CALL_FOR_STORIES,
            word_limit=callout.soft_word_limit,
            title=callout.title,
        ),
    )
    home_page.add_child(instance=index_page)
    index_page.save_revision().publish()
    report.record("created", f"callout page {index_page.title!r}")
    return index_page


def _demo_story_get_or_create(
    index_page: StoryIndexPage, story: DemoStory, report: DemoLoadReport
) -> None:
    # Looked up by slug, not title: editors are more likely to rework a headline than a URL.
    if StoryPage.objects.child_of(index_page).filter(slug=story.slug).exists():
        report.record("skipped", f"story {story.headline!r}: already there")
        return
    page = StoryPage(
        title=story.headline,
        slug=story.slug,
        pull_quote=story.pull_quote,
        runner_name=story.runner_name,
        runner_age=story.runner_age,
        city=story.city,
        region=story.region,
        descriptor=story.descriptor,
        lede=story.lede,
        body=format_html_join("", "<p>{}</p>", ((paragraph,) for paragraph in story.paragraphs)),
        photos=[
            _demo_story_photo(story, number, photo)
            for number, photo in enumerate(story.photos, start=1)
        ],
    )
    page.tags.add(*story.tags)
    index_page.add_child(instance=page)
    page.save_revision().publish()
    # Publishing stamps "now"; spread the stories over past months so listings look lived in.
    published_at = _days_ago(story.days_ago)
    StoryPage.objects.filter(pk=page.pk).update(
        first_published_at=published_at, last_published_at=published_at
    )
    report.record("created", f"story {story.headline!r}")


def _demo_story_photo(story: DemoStory, number: int, photo: DemoPhoto) -> StoryPagePhoto:
    return StoryPagePhoto(
        image=_demo_image_get_or_create(f"{story.headline} ({number})", story.slug, number, photo),
        caption=photo.caption,
        alt_text=photo.alt_text,
        credit=photo.credit,
    )


def _demo_image_get_or_create(title: str, slug: str, number: int, photo: DemoPhoto):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image:
        return image
    # crc32, unlike hash(), gives the same seed in every process, so reruns draw the same picture.
    seed = zlib.crc32(f"{slug}-{number}".encode())
    jpeg = illustration_render(scene=photo.scene, palette=photo.palette, seed=seed)
    image = Image(
        title=title,
        description=photo.alt_text,
        file=ContentFile(jpeg, name=f"{slug}-{number}.jpg"),
    )
    image._set_image_file_metadata()
    image.save()
    return image


def _days_ago(days: int) -> datetime:
    return (timezone.now() - timedelta(days=days)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )


def _editors_group_permissions_ensure(report: DemoLoadReport) -> None:
    """Let Editors publish pages and manage callouts; Wagtail's defaults only let them draft."""
    group = Group.objects.get(name=EDITORS)
    publish = Permission.objects.get(
        content_type=ContentType.objects.get_for_model(Page), codename="publish_page"
    )
    _, created = GroupPagePermission.objects.get_or_create(
        group=group, page=Page.get_first_root_node(), permission=publish
    )
    if created:
        report.record("created", f"permission: {group.name} may publish pages")
    missing = Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(Callout),
        codename__in=["add_callout", "change_callout"],
    ).exclude(group=group)
    for permission in missing:
        group.permissions.add(permission)
        action = permission.codename.removesuffix("_callout")
        report.record("created", f"permission: {group.name} may {action} callouts")


def _demo_editor_get_or_create(report: DemoLoadReport, *, password: str | None) -> None:
    User = get_user_model()
    if User.objects.filter(username=DEMO_EDITOR_USERNAME).exists():
        # Never reset a password someone may already be using; show the saved one, if any.
        report.record("skipped", f"editor account {DEMO_EDITOR_USERNAME!r}: already there")
        report.login = demo_editor_login_read()
        return
    password = password or os.environ.get(DEMO_EDITOR_PASSWORD_ENV) or secrets.token_urlsafe(12)
    editor = User.objects.create_user(
        username=DEMO_EDITOR_USERNAME, email="editor@milepost.example", password=password
    )
    editor.groups.add(Group.objects.get(name=EDITORS))
    report.login = DemoLogin(DEMO_EDITOR_USERNAME, password)
    _demo_editor_login_write(report.login)
    report.record("created", f"editor account {DEMO_EDITOR_USERNAME!r}")


def _demo_editor_login_write(login: DemoLogin) -> None:
    path = demo_editor_login_path_get()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created owner-only from the start, so the password is never readable by others.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as login_file:
        login_file.write(f"{login.username} {login.password}\n")
    path.chmod(0o600)  # os.open's mode only applies when the file is new


DEMO_SUBMISSIONS = (
    # (title, submitter, email, status, words of story, a note, a vote)
    (
        "The bridge at dawn",
        "Priya Raman",
        "priya@example.com",
        "received",
        "I ran across the river before the city woke. The bridge hummed under my feet.\n\n"
        "By the far side I knew I would keep doing this, every morning, for as long as I could.",
        "",
        "",
    ),
    (
        "My first parkrun",
        "Tom Okafor",
        "tom@example.com",
        "in_review",
        "Five kilometres felt like a marathon. A marshal shouted “You have got this!” at the "
        "last corner and, to my surprise, I had.\n\nI went back the next Saturday.",
        "Lovely last line; check his age for the byline.",
        "yes",
    ),
    (
        "Running with Grandpa's watch",
        "Ines Duarte",
        "ines@example.com",
        "accepted",
        "The watch still ran two minutes slow, the way he kept it. I wore it for the mile he "
        "used to run to the bakery.\n\nI bought his usual loaf and ate half on the way home.",
        "Ask for a photo of the watch.",
        "yes",
    ),
    (
        "Too long, but heartfelt",
        "Sam Lee",
        "sam@example.com",
        "declined",
        " ".join(["It was a long race and I remember every step of it."] * 40),
        "",
        "no",
    ),
    (
        "Cheap watches!!!",
        "Offers",
        "offers@spam.example",
        "spam",
        "Buy cheap watches now at our store.",
        "",
        "",
    ),
)
DEMO_UNROUTED_SUBJECT = "Question about the running club"


def _demo_desk_fill(callout: Callout, report: DemoLoadReport) -> None:
    """A handful of submissions in various statuses, with notes and votes, and one message that
    found no callout, so the desk has something to work through."""
    if Submission.objects.filter(callout=callout).exists():
        report.record("skipped", "desk submissions: already there")
        return
    editor = get_user_model().objects.filter(username=DEMO_EDITOR_USERNAME).first()
    for title, name, email, status, text, note, vote in DEMO_SUBMISSIONS:
        submission = submission_create(
            SubmissionDraft(
                callout=callout,
                channel=Channel.WEB,
                submitter_name=name,
                submitter_email=email,
                title=title,
                story_text=text,
            )
        )
        for step in _DEMO_PATH[status]:
            submission = submission_transition(submission, step, actor=editor)
        if note and editor:
            submission_note_add(submission, author=editor, text=note)
        if vote and editor:
            submission_vote_cast(submission, reviewer=editor, choice=vote)
        report.record("created", f"submission {title!r} ({status})")
    message = EmailMessage()
    message["From"] = "Alex Moore <alex@example.com>"
    message["To"] = "club@milepost.example"
    message["Subject"] = DEMO_UNROUTED_SUBJECT
    message.set_content("Hello, is there a running club I can join? Alex")
    inbound_message_receive(bytes(message), channel=Channel.IMPORT, source="demo")
    report.record("created", f"unrouted message {DEMO_UNROUTED_SUBJECT!r}")


_DEMO_PATH = {
    "received": [],
    "in_review": ["in_review"],
    "accepted": ["in_review", "accepted"],
    "declined": ["in_review", "declined"],
    "spam": ["spam"],
}


def _demo_anthology_get_or_create(index_page: StoryIndexPage, report: DemoLoadReport) -> None:
    """A complete book from the demo stories, permissions granted, so export_book shows it."""
    fields = content.ANTHOLOGY
    if Anthology.objects.filter(slug=fields["slug"]).exists():
        report.record("skipped", f"anthology {fields['title']!r}: already there")
        return
    anthology = Anthology.objects.create(**fields)
    stories = list(StoryPage.objects.child_of(index_page).live().order_by("pk"))
    half = (len(stories) + 1) // 2
    for number, (title, part) in enumerate(
        [("First miles", stories[:half]), ("Long miles", stories[half:])], start=1
    ):
        section = AnthologySection.objects.create(
            anthology=anthology, title=title, sort_order=number
        )
        for story in part:
            entry = entry_shortlist(anthology, story=story)
            entry.section = section
            entry.save(update_fields=["section"])
            book_permission_record(entry, name=story.runner_name)
    report.record("created", f"anthology {anthology.title!r} ({len(stories)} stories)")
