"""Reads for the desk, and the one rule of reach: `callout_reach_get` says which callouts a
user may reach, and every admin view, chooser, export and download finds submissions, mail,
pages, images (and, above the desk, books and personal data) through the lists built on it
here, so an editor limited to one callout never reaches another's."""

from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.html import strip_tags
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Collection, Page

from milepost.callouts.models import Callout
from milepost.core.groups import EDITORS
from milepost.core.models import OutgoingEmail
from milepost.core.objectmemo import ObjectMemo
from milepost.intake.models import InboundMessage
from milepost.stories.models import StoryIndexPage, StoryPage
from milepost.submissions.models import (
    ApprovalState,
    EmailKind,
    EventAction,
    Submission,
    SubmissionEmail,
    SubmissionEvent,
    SubmissionNote,
    SubmissionStatus,
    SubmissionVote,
    SuppressedAddress,
)

from .models import CalloutEditor

# Each user object's reach, kept while it lives: request.user lives for one request.
_callout_reaches = ObjectMemo()
_collections_out_of_reach = ObjectMemo()
_UNKNOWN = object()


def callout_reach_get(user) -> QuerySet[Callout] | None:
    """The callouts `user` is limited to by `CalloutEditor` rows, or None when they reach every
    callout (a superuser, or someone nobody limited). Remembered for the user object."""
    reach = _callout_reaches.get(user, _UNKNOWN)
    if reach is _UNKNOWN:
        limited = (
            user.is_authenticated
            and not user.is_superuser
            and CalloutEditor.objects.filter(user=user).exists()
        )
        reach = Callout.objects.filter(desk_editors__user=user).distinct() if limited else None
        _callout_reaches.set(user, reach)
    return reach


def callout_list_for_user(user) -> QuerySet[Callout]:
    reach = callout_reach_get(user)
    return Callout.objects.all() if reach is None else reach


def submission_list_for_user(user) -> QuerySet[Submission]:
    reach = callout_reach_get(user)
    submissions = Submission.objects.all()
    return submissions if reach is None else submissions.filter(callout__in=reach)


def editor_email_list_for_callout(callout) -> list[str]:
    """The addresses of the active editors who reach `callout`."""
    editors = get_user_model().objects.filter(groups__name=EDITORS, is_active=True)
    editors = editors.exclude(email="")
    reaching = editors.filter(desk_callouts__isnull=True) | editors.filter(
        desk_callouts__callout=callout
    )
    return sorted(set(reaching.values_list("email", flat=True)))


# Reviewing (a vote) or deciding: whoever holds either, through any group or their own
# permissions, may be given a submission to look after.
ASSIGNEE_PERMISSIONS = ("submissions.add_submissionvote", "submissions.decide_submission")


def assignee_list_for_submissions(submissions) -> QuerySet:
    """The active users who may review or decide and who reach the callout of every one of
    `submissions`: no one is given a submission they could not open."""
    held = Q()
    for name in ASSIGNEE_PERMISSIONS:
        app_label, codename = name.split(".")
        held |= Q(content_type__app_label=app_label, codename=codename)
    permissions = Permission.objects.filter(held)
    assignees = get_user_model().objects.filter(
        Q(is_superuser=True)
        | Q(user_permissions__in=permissions)
        | Q(groups__permissions__in=permissions),
        is_active=True,
    )
    limited = CalloutEditor.objects.values("user")
    for callout_id in {submission.callout_id for submission in submissions}:
        elsewhere = limited.exclude(user__in=limited.filter(callout=callout_id))
        assignees = assignees.exclude(pk__in=elsewhere, is_superuser=False)
    return assignees.distinct().order_by("username")


def inbound_message_list_for_user(user) -> QuerySet[InboundMessage]:
    """Mail not yet made into a submission has no callout, so every editor may route it;
    the rest is seen by those who see its submission."""
    inbound = InboundMessage.objects.all()
    if callout_reach_get(user) is None:
        return inbound
    return inbound.filter(
        Q(submission__isnull=True) | Q(submission__in=submission_list_for_user(user))
    )


def suppressed_address_list_for_user(user) -> QuerySet[SuppressedAddress]:
    """Addresses of no one who sent to a callout out of `user`'s reach: a bounce from another
    callout's submitter is theirs."""
    addresses = SuppressedAddress.objects.all()
    reach = callout_reach_get(user)
    if reach is None:
        return addresses
    elsewhere = Submission.objects.exclude(callout__in=reach).annotate(
        address=Lower("submitter_email")
    )
    return addresses.exclude(email__in=elsewhere.values("address"))


def story_index_list_out_of_reach(user) -> QuerySet[StoryIndexPage]:
    """The callout pages of the callouts `user` may not reach (none for most)."""
    reach = callout_reach_get(user)
    if reach is None:
        return StoryIndexPage.objects.none()
    return StoryIndexPage.objects.exclude(callout__in=reach)


def page_list_for_user(user) -> QuerySet[Page]:
    """Every page but those of other callouts (their callout page and all below it)."""
    paths = story_index_list_out_of_reach(user).values_list("path", flat=True)
    outside = [Q(path__startswith=path) for path in paths]
    return Page.objects.exclude(reduce(or_, outside)) if outside else Page.objects.all()


def image_collection_ids_out_of_reach(user) -> frozenset[int]:
    """The collections of the callouts `user` may not reach (their stories' photos), and every
    collection below them; none for most. Remembered for the user object, as its reach is:
    the image library asks once for each image it lists."""
    ids = _collections_out_of_reach.get(user)
    if ids is None:
        ids = frozenset()
        reach = callout_reach_get(user)
        if reach is not None:
            theirs = Collection.objects.filter(callout__isnull=False).exclude(callout__in=reach)
            paths = theirs.values_list("path", flat=True)
            if outside := [Q(path__startswith=path) for path in paths]:
                below = Collection.objects.filter(reduce(or_, outside))
                ids = frozenset(below.values_list("pk", flat=True))
        _collections_out_of_reach.set(user, ids)
    return ids


def image_list_for_user(user) -> QuerySet:
    """Every image but those kept in another callout's collection. The photos of a callout's
    stories are kept in its collection (desk.services); an image an editor uploads is in
    the collection they choose, where everyone who reaches that collection finds it."""
    images = get_image_model().objects.all()
    if callout_reach_get(user) is None:
        return images
    return images.exclude(collection__in=image_collection_ids_out_of_reach(user))


def page_is_in_reach(user, page: Page) -> bool:
    paths = story_index_list_out_of_reach(user).values_list("path", flat=True)
    return not any(page.path.startswith(path) for path in paths)


def submission_queue_get_for_user(user, *, with_spam: bool = False) -> QuerySet[Submission]:
    """The queue: each row's callout, assignee, checks and photos in a fixed number of queries,
    so a page of 25 costs what a page of 5 does (the vote tally is kept on the row)."""
    submissions = submission_list_for_user(user)
    if not with_spam:
        submissions = submissions.exclude(status=SubmissionStatus.SPAM)
    return submissions.select_related("callout", "assignee").prefetch_related("checks", "photos")


def submission_page_get(user, pk: int) -> Submission:
    """A submission with all its page shows; DoesNotExist for those who may not see it."""
    return (
        submission_list_for_user(user)
        .select_related("callout", "assignee", "inbound_message", "story")
        .prefetch_related(
            "photos",
            "checks",
            "consents",
            "emails__outgoing",
            Prefetch("notes", queryset=SubmissionNote.objects.select_related("author")),
            Prefetch("votes", queryset=SubmissionVote.objects.select_related("reviewer")),
            Prefetch("events", queryset=SubmissionEvent.objects.select_related("actor")),
        )
        .get(pk=pk)
    )


def story_edited_text_get(story: StoryPage) -> str:
    """The story as its latest revision reads (headline, lede, body), as plain text."""
    return _story_text(story.get_latest_revision_as_object())


def _story_text(story: StoryPage) -> str:
    body = strip_tags(story.body.replace("</p>", "</p>\n\n")).strip()
    return "\n\n".join(filter(None, [story.title, story.lede, body]))


def submission_approval_describe(submission: Submission, story: StoryPage | None) -> str:
    """Where the submitter's approval stands, as the submission's page says it: an approval
    holds for the text they read, and a request for changes is given in their words."""
    state = submission.approval_state
    edited_since = story is not None and submission.approval_text != story_edited_text_get(story)
    if state == ApprovalState.APPROVED and edited_since:
        return "Approved an earlier version: the story has been edited since"
    if state == ApprovalState.CHANGES:
        asked = [e for e in submission.events.all() if e.action == EventAction.CHANGES_ASKED]
        if asked and asked[-1].detail:
            return f"{submission.get_approval_state_display()}: “{asked[-1].detail}”"
    return submission.get_approval_state_display()


def publication_notice_last_get(submission: Submission) -> SubmissionEmail | None:
    """The last email telling the submitter their story is live (from a prefetched page)."""
    notices = [e for e in submission.emails.all() if e.kind == EmailKind.PUBLISHED]
    return notices[-1] if notices else None


APPROVAL_AWAITED = "the submitter's approval of this edit is awaited"
# The submitter took the story back, or the desk turned it down: it never goes live again.
PUBLICATION_REFUSALS = {
    SubmissionStatus.WITHDRAWN: "the submitter withdrew the story",
    SubmissionStatus.DECLINED: "its submission was declined",
    SubmissionStatus.SPAM: "its submission is marked as spam",
}


def story_publication_refusal_get(story: StoryPage) -> str:
    """Why this story, as it is about to go live, may not, or "" when it may."""
    submission = story.submission
    if submission is None:
        return ""
    refusal = PUBLICATION_REFUSALS.get(submission.status, "") or story.byline_problem(
        submission.submitter_name, submission.naming
    )
    if refusal or not submission.callout.submitter_approval:
        return refusal
    # The approval holds for the text the submitter read; any later edit needs theirs again.
    if (
        submission.approval_state == ApprovalState.APPROVED
        and submission.approval_text == _story_text(story)
    ):
        return ""
    return APPROVAL_AWAITED


def outgoing_email_list_for_user(user) -> QuerySet[OutgoingEmail]:
    """Every email, or none for a user limited to some callouts: an email names no callout, and
    the outbox holds every callout's decisions, notices and acknowledgments."""
    emails = OutgoingEmail.objects.all()
    return emails if callout_reach_get(user) is None else emails.none()


# What each kind of object a user may reach; apps above the desk add theirs (the anthology's
# books) with `reach_register`, so the admin's generic views and bulk actions ask one place.
_REACH = {
    Callout: callout_list_for_user,
    Submission: submission_list_for_user,
    InboundMessage: inbound_message_list_for_user,
    Page: page_list_for_user,
    SuppressedAddress: suppressed_address_list_for_user,
    OutgoingEmail: outgoing_email_list_for_user,
    AbstractImage: image_list_for_user,
}


def reach_register(model, object_list_for_user) -> None:
    _REACH[model] = object_list_for_user


def object_list_for_user(user, model) -> QuerySet | None:
    """The objects of `model` that `user` may reach, or None for a model no callout owns."""
    for kind in model.__mro__:
        if kind in _REACH:
            reachable = _REACH[kind](user)
            return reachable if kind is model else model.objects.filter(pk__in=reachable)
    return None
