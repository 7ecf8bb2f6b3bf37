"""Reads for the desk. Every view reaches submissions through `submission_list_for_user`,
and inbound mail through `inbound_message_list_for_user`, so an editor limited to one
callout never sees another's."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils.html import strip_tags

from milepost.callouts.models import Callout
from milepost.intake.models import InboundMessage
from milepost.stories.models import StoryPage
from milepost.submissions.models import (
    ApprovalState,
    Submission,
    SubmissionEvent,
    SubmissionNote,
    SubmissionStatus,
    SubmissionVote,
)

from .models import CalloutEditor


def callout_list_for_user(user) -> QuerySet[Callout]:
    callouts = Callout.objects.all()
    memberships = CalloutEditor.objects.filter(user=user)
    if user.is_superuser or not memberships.exists():
        return callouts
    return callouts.filter(pk__in=memberships.values("callout_id"))


def submission_list_for_user(user) -> QuerySet[Submission]:
    submissions = Submission.objects.all()
    if user.is_superuser or not CalloutEditor.objects.filter(user=user).exists():
        return submissions
    return submissions.filter(callout__desk_editors__user=user)


def inbound_message_list_for_user(user) -> QuerySet[InboundMessage]:
    """Mail not yet made into a submission has no callout, so every editor may route it;
    the rest is seen by those who see its submission."""
    inbound = InboundMessage.objects.all()
    if user.is_superuser or not CalloutEditor.objects.filter(user=user).exists():
        return inbound
    return inbound.filter(
        Q(submission__isnull=True) | Q(submission__in=submission_list_for_user(user))
    )


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
    refusal = PUBLICATION_REFUSALS.get(submission.status, "")
    if refusal or not submission.callout.submitter_approval:
        return refusal
    # The approval holds for the text the submitter read; any later edit needs theirs again.
    if (
        submission.approval_state == ApprovalState.APPROVED
        and submission.approval_text == _story_text(story)
    ):
        return ""
    return "the submitter's approval of this edit is awaited"
