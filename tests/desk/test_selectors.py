"""The one rule of reach (`desk.selectors.callout_reach_get`) across the whole admin.

Every URL of the admin, taken from the URL resolver, is requested with callout B's objects
(GET and POST) by an editor and a reviewer limited to callout A: each answer must be a
refusal (403, 404, 405, or a redirect that ends in one or at Wagtail's dashboard, its answer
to PermissionDenied) that left B's data as it was, and no answer may hold B's story title,
submitter's name or address; listings are searched for B and must not show it either. An
editor of every callout asks the same pages and must find B's data on them: the positive
control, so the matrix can fail.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.images import get_image_model
from wagtail.models import Page, TaskState

from milepost.anthology.models import Anthology, AnthologyEntry, AnthologyExport, ExportStatus
from milepost.anthology.services import book_permission_request, entry_shortlist
from milepost.callouts.models import Callout
from milepost.desk.models import CalloutEditor
from milepost.desk.services import story_draft_create
from milepost.intake.models import InboundMessage
from milepost.intake.services import inbound_message_receive
from milepost.privacy.models import ErasureRequest
from milepost.privacy.services import erasure_request_create
from milepost.submissions.models import (
    Submission,
    SubmissionEvent,
    SubmissionNote,
    SubmissionStatus,
    SuppressedAddress,
)
from milepost.submissions.services import (
    submission_note_add,
    submission_transition,
    suppressed_address_add,
)
from tests.factories import story_create, story_index_create
from tests.intake.mail import story_email

pytestmark = pytest.mark.django_db

B_TITLE = "Quokkadrome Finish Line"
B_NAME = "Ulrika Vandersnoot"
B_EMAIL = "ulrika.vandersnoot@example.net"
MARKERS = (B_TITLE, B_NAME, B_EMAIL, "Vandersnoot")
# Admin URLs whose objects belong to no callout, or that no editor may use at all: users,
# groups, sites, collections, workflows and tasks, redirects, documents, password reset, who
# is limited to which callout, erasure records and retention runs (references and counts
# only). Images are in: B's story photo is kept in B's collection.
UNSCOPED = re.compile(
    r"^admin/(users|groups|sites|collections|workflows|redirects|documents|"
    r"password_reset|api/main/\^documents|callout_editors|"
    r"personal-data/(erasures|retention-runs)|editing-sessions/release)/"
)
# Signing out would end the session the matrix runs in; the other is Wagtail's test of a 500.
LEFT_OUT = re.compile(r"^admin/(logout|failwhale)/")


@dataclass
class World:
    callout_a: Callout
    callout_b: Callout
    index_a: Page
    index_b: Page
    book: Anthology  # holds B's entry
    ids: dict


def _user(username, group, callout=None):
    user = User.objects.create_user(username, email=f"{username}@milepost.example")
    user.groups.add(Group.objects.get(name=group))
    if callout is not None:
        CalloutEditor.objects.create(user=user, callout=callout)
    return user


@pytest.fixture
def world(home_page):
    index_a = story_index_create(home_page)
    index_b = story_index_create(home_page, title="First Race", slug="first-race")
    callout_a, callout_b = index_a.callout, index_b.callout
    Callout.objects.filter(pk=callout_b.pk).update(recipient_addresses="race@milepost.example")
    chief = _user("chief", "Editors")
    raw = story_email(
        subject=B_TITLE,
        sender=f"{B_NAME} <{B_EMAIL}>",
        to="race@milepost.example",
        body=f"The last mile of the race.\n\n{B_NAME}, 41, Boise, ID",
    )
    submission = inbound_message_receive(raw, channel="import").submission
    assert submission.callout == callout_b and B_TITLE in submission.title
    submission_note_add(submission, author=chief, text=f"Call {B_NAME} back")
    # The story's photo becomes an image titled by its caption: B's story and runner.
    submission.photos.update(caption=f"{B_TITLE}: {B_NAME} at the tape")
    submission = submission_transition(submission, SubmissionStatus.ACCEPTED, actor=chief)
    story = story_draft_create(submission, actor=chief)
    image = story.photos.get().image
    story.title = B_TITLE
    revision = story.save_revision(user=chief)
    workflow_state = story.get_workflow().start(story, chief)
    book = Anthology.objects.create(title="Races", slug="races")
    entry = entry_shortlist(book, submission=submission, actor=chief)
    book_permission_request(entry, actor=chief)
    export = AnthologyExport.objects.create(
        anthology=book, number=1, format="contributors", status=ExportStatus.DONE
    )
    export.file.save("races.csv", ContentFile(f"{B_NAME},{B_EMAIL}\n".encode()))
    erasure_request_create(submission)
    suppressed_address_add(B_EMAIL, reason="bounce")
    ids = {
        "submission": submission.pk,
        "inbound": submission.inbound_message_id,
        "photo": submission.photos.get().pk,
        "story": story.pk,
        "revision": revision.pk,
        "task_state": workflow_state.current_task_state.pk,
        "workflow_state": workflow_state.pk,
        "task": workflow_state.current_task_state.task_id,
        "book": book.pk,
        "entry": entry.pk,
        "export": export.pk,
        "callout": callout_b.pk,
        "suppressed": SuppressedAddress.objects.get(email=B_EMAIL).pk,
        "image": image.pk,
    }
    return World(callout_a, callout_b, index_a, index_b, book, ids)


def _walk(resolver, prefix="", namespaces=()):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            spaces = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from _walk(pattern, prefix + str(pattern.pattern), spaces)
        elif isinstance(pattern, URLPattern):
            yield (
                prefix + str(pattern.pattern),
                ":".join(namespaces + (pattern.name or "",)),
                pattern,
            )


def _model_of(pattern):
    callback = pattern.callback
    model = getattr(callback, "view_initkwargs", {}).get("model")
    model = model or getattr(getattr(callback, "view_class", None), "model", None)
    return model if isinstance(model, type) else None


# The desk's, the anthology's and privacy's own views, by URL name, for a parameter "pk".
PK_BY_NAME = {
    "submission_photo": "photo",
    "inbound_message_raw": "inbound",
    "anthology_book": "book",
    "anthology_export": "book",
    "anthology_export_download": "export",
    "anthology_permission_request": "entry",
    "anthology_shortlist": "submission",
    "wagtailadmin_api:pages:detail": "story",
    "wagtailadmin_api:images:detail": "image",
    "wagtailadmin_api:pages:action": "story",
    "wagtailadmin_pages:revisions_compare": "story",
}
PK_BY_MODEL = {
    "Submission": "submission",
    "InboundMessage": "inbound",
    "Anthology": "book",
    "Callout": "callout",
    "SuppressedAddress": "suppressed",
    "Image": "image",
}
PAGE_PARAMS = {"page_id": "story", "page_to_move_id": "story", "page_pk": "story"}


def _b_value(param, name, pattern, world):
    """B's object for one URL parameter; None when the parameter names nothing of B's."""
    ids = world.ids
    if param == "pk":
        model = _model_of(pattern)
        key = PK_BY_NAME.get(name) or PK_BY_MODEL.get(model.__name__ if model else "")
        if key is None and name.startswith("desk_submissions:"):
            key = "submission"
        if key is None and name.startswith("desk_inbound:"):
            key = "inbound"
        return ids.get(key)
    fixed = {
        "parent_page_id": world.index_b.pk,
        "destination_id": world.index_a.pk,
        "revision_id": ids["revision"],
        "revision_id_a": ids["revision"],
        "revision_id_b": ids["revision"],
        "task_state_id": ids["task_state"],
        "workflow_state_id": ids["workflow_state"],
        "task_id": ids["task"],
        "action_name": "approve",
        "content_type_app_name": "stories",
        "content_type_model_name": "storypage",
        "kind": "submission",
        "object_id": ids["story"],
        "session_id": 1,  # none yet: pinging starts one
        "image_id": ids["image"],
        "filter_spec": "original",
    }
    if name.startswith("wagtailadmin_editing_sessions:"):
        fixed.update(app_label="wagtailcore", model_name="page")
    else:
        fixed.update(app_label="stories", app_name="stories", model_name="storypage")
    if param in PAGE_PARAMS:
        return ids[PAGE_PARAMS[param]]
    return fixed.get(param)


def _fill(route, values):
    """The path of a route (Django's <conv:name> or a regex's (?P<name>...)) with `values`."""

    def value(match):
        return str(values[match.group(1)])

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", value, route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", value, path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def _bulk_urls(world):
    targets = {("submissions", "submission"): "submission", ("wagtailcore", "page"): "story"}
    targets.update({("anthology", "anthology"): "book", ("callouts", "callout"): "callout"})
    targets[("wagtailimages", "image")] = "image"
    for (app_label, model_name), key in targets.items():
        for action in bulk_action_registry.get_bulk_actions_for_model(app_label, model_name):
            action_type = action.action_type
            path = reverse("wagtail_bulk_action", args=[app_label, model_name, action_type])
            yield f"{path}?id={world.ids[key]}"
            yield f"{path}?id=all&childOf={world.index_b.pk}"


# Parameters that name a kind of thing, not one of B's: such a URL is a listing.
KIND_PARAMS = {
    "content_type_app_name",
    "content_type_model_name",
    "app_label",
    "app_name",
    "model_name",
}
# Personal data is found by a person's address: these name B's submitter by email.
BY_EMAIL = {"privacy_person", "privacy_export", "privacy_erase"}


# Listings whose search is not "q", and the exports of the listings that have one.
EXTRA_LISTINGS = (
    "/admin/api/main/pages/?type=stories.StoryPage",
    "/admin/api/main/pages/?search=Quokkadrome",
    "/admin/api/main/images/?search=Quokkadrome",
    "/admin/submissions/?export=csv",
    "/admin/inbound_messages/?export=csv",
    "/admin/snippets/anthology/anthology/?export=csv",
    "/admin/suppressed_addresses/",
)


def _matrix_urls(world):
    """Every admin URL that names an object, filled with B's (personal data by B's address);
    the others as listings searched for B's title; and how many admin routes were left out
    (they name objects of no callout)."""
    urls, listings, skipped = set(), set(), 0
    for route, name, pattern in _walk(get_resolver()):
        if not route.startswith("admin/") or UNSCOPED.match(route) or LEFT_OUT.match(route):
            skipped += route.startswith("admin/")
            continue
        params = re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)
        values = {param: _b_value(param, name, pattern, world) for param in params}
        if None in values.values():
            skipped += 1
        elif name in BY_EMAIL:
            urls.add(f"{_fill(route, values)}?{urlencode({'email': B_EMAIL})}")
        elif set(params) <= KIND_PARAMS:
            listings.add(f"{_fill(route, values)}?q={B_TITLE.split()[0]}")
        else:
            urls.add(_fill(route, values))
            if name == "anthology_shortlist":
                urls.add(_fill(route, {**values, "kind": "story", "pk": world.ids["story"]}))
    urls.update(_bulk_urls(world))
    listings.update(EXTRA_LISTINGS)
    return sorted(urls), sorted(listings), skipped


def _b_state(world) -> tuple:
    """What of B's a request could change, read again after it (inside its transaction)."""
    ids = world.ids
    submission = Submission.objects.filter(pk=ids["submission"])
    story = Page.objects.filter(pk=ids["story"])
    images = get_image_model().objects.filter(pk=ids["image"])
    return (
        list(submission.values_list("status", "assignee", "votes_yes", "votes_no", "callout")),
        SubmissionEvent.objects.filter(submission=ids["submission"]).count(),
        SubmissionNote.objects.filter(submission=ids["submission"]).count(),
        list(story.values_list("path", "title", "live", "locked", "latest_revision")),
        list(TaskState.objects.filter(pk=ids["task_state"]).values_list("status")),
        list(world.index_b.get_descendants().values_list("pk", flat=True)),
        list(Anthology.objects.filter(pk=ids["book"]).values_list("title", "slug")),
        list(AnthologyEntry.objects.filter(anthology=ids["book"]).values_list("pk", "status")),
        AnthologyExport.objects.filter(anthology=ids["book"]).count(),
        list(InboundMessage.objects.filter(pk=ids["inbound"]).values_list("state")),
        ErasureRequest.objects.filter(submission=ids["submission"]).count(),
        list(images.values_list("title", "collection", "file", "focal_point_x")),
        list(images.values_list("tags__name", flat=True)),
    )


def _body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", "replace")


# What a form might ask for; B's address only where it names B's submitter.
POSTED = {
    "callout": "",
    "status": "declined",
    "text": "A note",
    "choice": "yes",
    "format": "contributors",
    "draft": "on",
    "title": "Retitled",
    "slug": "retitled",
}


@dataclass
class Answer:
    status: int
    refused: bool  # a refusal, and B's state as it was
    shown: list[str]  # B's markers in the body (of every redirect followed)


def _ask(client, method, url, world, pristine) -> Answer:
    """One request, rolled back afterwards so every request meets the same world. A redirect
    is followed: it is a refusal when it ends in one (Wagtail answers PermissionDenied in its
    admin with a redirect to the dashboard, the desk a failed action with one to the object)."""
    data = {**POSTED, "anthology": world.book.pk, "callout": world.callout_a.pk}
    if "email=" in url:
        data["email"] = B_EMAIL
    with transaction.atomic():
        response = getattr(client, method)(url, data if method == "post" else None)
        first, shown = response.status_code, []
        for _hop in range(3):
            body = _body(response)
            shown += [marker for marker in MARKERS if marker in body]
            if response.status_code not in (301, 302) or response["Location"] == DASHBOARD:
                break
            response = client.get(response["Location"])
        refused = response.status_code in (403, 404, 405) or (
            response.status_code == 302 and response["Location"] == DASHBOARD
        )
        refused = refused and _b_state(world) == pristine
        transaction.set_rollback(True)
    return Answer(first, refused, shown)


DASHBOARD = "/admin/"


# Pages on which an editor of every callout must find B's data (the positive control).
MUST_REACH = (
    "/admin/submissions/inspect/{submission}/",
    "/admin/inbound_messages/inspect/{inbound}/",
    "/admin/pages/{story}/edit/",
    "/admin/anthology/{book}/",
    "/admin/anthology/exports/{export}/download/",
    "/admin/inbound-mail/{inbound}/raw/",
    "/admin/snippets/choose/submissions/submission/chosen/{submission}/",
    "/admin/personal-data/?email={email}",
    "/admin/personal-data/erase/?email={email}",
    "/admin/suppressed_addresses/edit/{suppressed}/",
    "/admin/images/{image}/",
    "/admin/images/?q=Quokkadrome",
    "/admin/images/chooser/results/?q=Quokkadrome",
    "/admin/api/main/images/?search=Quokkadrome",
)


def _leaks(client, role, urls, listings, world, pristine, broken) -> list[str]:
    """What one limited user reaches of B's: an object URL answered other than with a refusal,
    or any answer (listings included) that shows B's data; and a page that fails for them
    (5xx) though not for an editor of all callouts (`broken`)."""
    found = []
    for url in urls + listings:
        for method in ("get", "post"):
            answer = _ask(client, method, url, world, pristine)
            fails = method == "get" and answer.status >= 500 and url not in broken
            if fails or answer.shown or (url in urls and not answer.refused):
                found.append(f"{role} {method.upper()} {url}: {answer.status} {answer.shown}")
    return found


def test_an_editor_of_one_callout_reaches_nothing_of_another(world):
    urls, listings, skipped = _matrix_urls(world)
    pristine = _b_state(world)
    # The control first: it only reads, while a hole would let a limited role erase B's files.
    chief = Client(raise_request_exception=False)
    chief.force_login(_user("ada", "Editors"))
    reached, broken = set(), set()
    for url in urls + listings:
        answer = _ask(chief, "get", url, world, pristine)
        if answer.status == 200 and answer.shown:
            reached.add(url)
        if answer.status >= 500:
            broken.add(url)
    leaks = []
    for role, user in {
        "editor of A": _user("anna", "Editors", world.callout_a),
        "reviewer of A": _user("rita", "Reviewers", world.callout_a),
    }.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        leaks += _leaks(client, role, urls, listings, world, pristine, broken)
    must = {template.format(email=quote(B_EMAIL), **world.ids) for template in MUST_REACH}
    requests = (len(urls) + len(listings)) * 5
    print(
        f"matrix: {len(urls)} object URLs + {len(listings)} listings, GET and POST by two "
        f"limited roles and GET by an editor of all: {requests} requests; "
        f"{skipped} admin routes left out; the editor of all reached B on {len(reached)}"
    )
    assert must <= reached, must - reached
    assert not leaks, "\n".join(leaks)


def test_an_editor_of_one_callout_works_on_all_of_its_own(world):
    """The other side of the rule: A's pages, submissions, people and books stay in reach."""
    raw = story_email(subject="Most Important Mile: Uphill both ways", sender="Ola <ola@x.example>")
    mine = inbound_message_receive(raw, channel="import").submission
    assert mine.callout == world.callout_a
    mine = submission_transition(mine, SubmissionStatus.ACCEPTED, actor=None)
    book = Anthology.objects.create(title="Miles", slug="miles")
    client = Client()
    client.force_login(_user("anna", "Editors", world.callout_a))
    draft = client.post(f"/admin/submissions/draft/{mine.pk}/")
    story = Page.objects.get(pk=int(draft["Location"].split("/")[-3]))
    assert client.get(draft["Location"]).status_code == 200  # the page editor of A's story
    add = f"/admin/pages/add/stories/storypage/{world.index_a.pk}/"
    assert client.get(add).status_code == 200
    assert client.get("/admin/pages/create/stories/storypage").url == add  # the only parent
    explorer = client.get(f"/admin/pages/{world.index_a.pk}/").content.decode()
    assert story.title in explorer
    found = client.get("/admin/pages/search/?q=accident").content.decode()
    assert story.title in found
    chooser = client.get("/admin/snippets/choose/submissions/submission/").content.decode()
    assert mine.title in chooser and B_TITLE not in chooser
    shortlist = client.post(
        f"/admin/anthology/shortlist/submission/{mine.pk}/", {"anthology": book.pk}
    )
    assert shortlist.status_code == 302 and book.entries.filter(submission=mine).exists()
    assert client.get(f"/admin/anthology/{book.pk}/").status_code == 200
    # Only the books holding no other callout's stories are offered.
    offered = client.get(f"/admin/anthology/shortlist/submission/{mine.pk}/").content.decode()
    assert "Miles" in offered and "Races" not in offered
    assert (
        "ola@x.example" in client.get("/admin/personal-data/?email=ola@x.example").content.decode()
    )


def test_a_person_who_also_sent_to_another_callout_is_left_to_an_editor_of_all(world):
    raw = story_email(subject="Most Important Mile: Again", sender=f"{B_NAME} <{B_EMAIL}>")
    inbound_message_receive(raw, channel="import")
    limited = Client()
    limited.force_login(_user("anna", "Editors", world.callout_a))
    for method, url in [
        ("get", f"/admin/personal-data/?email={B_EMAIL}"),
        ("post", "/admin/personal-data/export/"),
        ("get", f"/admin/personal-data/erase/?email={B_EMAIL}"),
        ("post", "/admin/personal-data/erase/"),
    ]:
        response = getattr(limited, method)(url, {"email": B_EMAIL} if method == "post" else None)
        assert response.status_code == 403, url
        assert B_TITLE not in response.content.decode() and "Again" not in response.content.decode()
    assert Submission.objects.filter(submitter_email=B_EMAIL).count() == 2  # nothing erased
    chief = Client()
    chief.force_login(_user("ada", "Editors"))
    page = chief.get(f"/admin/personal-data/?email={B_EMAIL}").content.decode()
    assert B_TITLE in page and "Again" in page


def test_only_editors_who_reach_a_story_are_emailed_that_it_awaits_review(world):
    anna = _user("anna", "Editors", world.callout_a)
    ada = _user("ada", "Editors")
    story = story_create(world.index_b, title=f"{B_TITLE} again", publish=False)
    mail.outbox.clear()
    story.get_workflow().start(story, None)
    recipients = {address for message in mail.outbox for address in message.to}
    assert ada.email in recipients and anna.email not in recipients
