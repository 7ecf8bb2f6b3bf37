"""Writes for the editorial desk: from an accepted submission to a story, and back."""

import hashlib
import re
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.html import format_html_join
from wagtail.images import get_image_model
from wagtail.models import Collection, Workflow, WorkflowPage

from milepost.callouts.models import Callout
from milepost.core.exceptions import DomainError
from milepost.core.links import site_absolute_url
from milepost.core.outbox import outgoing_email_queue
from milepost.core.quoting import title_quoted
from milepost.photos.services import image_file_metadata_set
from milepost.stories.editing import story_slug
from milepost.stories.models import StoryIndexPage, StoryPage, StoryPagePhoto
from milepost.stories.services import story_share_card_make
from milepost.submissions.bylines import name_allowed
from milepost.submissions.emails import EmailRefused, submission_email_render
from milepost.submissions.events import submission_event_record
from milepost.submissions.models import (
    ApprovalState,
    EmailKind,
    EventAction,
    Submission,
    SubmissionStatus,
)
from milepost.submissions.services import submission_email_queue, submission_transition
from milepost.submissions.suggestions import headline_choices, pull_quote_choices
from milepost.submissions.words import story_only

from .selectors import (
    editor_email_list_for_callout,
    story_edited_text_get,
    story_publication_refusal_get,
)

EDITOR_REVIEW = "Editor review"
APPROVAL_SHOWN = ["approval_text", "approval_byline", "approval_pull_quote", "approval_captions"]


class DraftRefused(DomainError):
    """No story draft can be made from the submission as it is."""


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


@transaction.atomic
def story_draft_create(submission: Submission, *, actor) -> StoryPage:
    """A StoryPage draft under the callout's page, prefilled from an accepted submission."""
    if submission.status != SubmissionStatus.ACCEPTED:
        raise DraftRefused(
            f"Only an accepted submission becomes a story; this one is "
            f"{submission.get_status_display().lower()}."
        )
    if StoryPage.objects.filter(submission=submission).exists():
        raise DraftRefused(f"{submission.reference} already has a story.")
    index_page = StoryIndexPage.objects.filter(callout=submission.callout).first()
    if index_page is None:
        raise DraftRefused(f"The callout {submission.callout} has no page to put a story under.")
    # The greeting, sign-off and "Sent from my iPhone" are not the story: the byline has them.
    text = story_only(submission.story_text)
    collection = callout_image_collection_get(submission.callout)
    paragraphs = _paragraphs(text) or [""]
    title = next(iter(headline_choices(text)), "") or _fallback_headline(submission)
    story = StoryPage(
        title=title,
        slug=story_slug(title, submission.pk),
        live=False,
        submission=submission,
        pull_quote=next(iter(pull_quote_choices(text, title)), ""),
        runner_name=_runner_name(submission),
        runner_age=submission.submitter_age,
        city=submission.submitter_city,
        region=submission.submitter_region or submission.submitter_country,
        lede=paragraphs[0],
        body=format_html_join("", "<p>{}</p>", ((p,) for p in paragraphs[1:] or paragraphs)),
        photos=[_story_photo(photo, collection) for photo in submission.photos.all()],
    )
    index_page.add_child(instance=story)
    story.save_revision(user=actor)
    submission_event_record(submission, EventAction.STORY_DRAFT, actor=actor, detail=story.title)
    return story


# The runner's name field of a contributor who chose not to be named: the byline leaves it out.
ANONYMOUS_RUNNER = "Anonymous"


def _runner_name(submission: Submission) -> str:
    """No more of their name than they chose to have printed."""
    if not submission.submitter_name:
        return "(runner's name)"
    return name_allowed(submission.submitter_name, submission.naming) or ANONYMOUS_RUNNER


def _fallback_headline(submission: Submission) -> str:
    # A story with no usable line: its title (the submitter's, else its first words),
    # capitalised like a headline.
    title = submission.shown_title
    return title[:1].upper() + title[1:]


def callout_image_collection_get(callout: Callout) -> Collection:
    """The collection its stories' photos are kept in, made with the first of them: an
    editor limited to other callouts reaches nothing in it (desk.permissions)."""
    with transaction.atomic():
        # Locked, so two stories accepted at once make one collection.
        callout = Callout.objects.select_for_update().get(pk=callout.pk)
        if callout.image_collection is None:
            root = Collection.get_first_root_node()
            callout.image_collection = root.add_child(name=callout.title)
            # Not save(): only this field changes, and nothing else happens to the callout.
            Callout.objects.filter(pk=callout.pk).update(image_collection=callout.image_collection)
        return callout.image_collection


def _story_photo(photo, collection: Collection) -> StoryPagePhoto:
    # The master is already privacy-safe. Alt text is left as the submitter gave it: empty
    # alt text keeps the admin from publishing until an editor describes the photo.
    with photo.file.open("rb") as master:
        data = master.read()
    name = f"{hashlib.sha256(data).hexdigest()[:16]}.{photo.master_format}"
    image = get_image_model()(
        title=photo.caption or photo.original_filename or f"Photo for {photo.submission}",
        file=ContentFile(data, name=name),
        collection=collection,
    )
    image_file_metadata_set(image, data)
    image.save()
    return StoryPagePhoto(image=image, caption=photo.caption[:255], alt_text=photo.alt_text[:255])


def story_published_record(story: StoryPage, *, actor=None) -> None:
    """The story went live: its submission is published (the submitter is told by the editor).

    A story that may not be live (scheduled, or approved in the workflow, before its
    submission was withdrawn) is taken down again at once and its history says why. Wagtail
    also sends `page_published` when a revision is only scheduled: nothing is live yet, so
    nothing is recorded until `publish_scheduled` publishes it at its go-live time."""
    if not story.live:
        return
    submission = story.submission
    refusal = story_publication_refusal_get(story)
    if submission is not None and refusal:
        story.unpublish(log_action=True)
        submission_event_record(
            submission, EventAction.UNPUBLISHED, actor=actor, detail=f"{story.title}: {refusal}"
        )
        return
    if submission is None or submission.status != SubmissionStatus.ACCEPTED:
        return
    # No email goes yet: the editor tells the submitter from the submission's page, with the
    # notice read and edited first.
    submission_transition(submission, SubmissionStatus.PUBLISHED, actor=actor, note=story.title)


def story_unpublished_record(story: StoryPage, *, actor=None) -> None:
    submission = story.submission
    if submission is not None and submission.status == SubmissionStatus.PUBLISHED:
        submission_transition(
            submission, SubmissionStatus.ACCEPTED, actor=actor, note="unpublished"
        )


def submission_withdrawal_handle(submission: Submission) -> None:
    """A submitter withdrew: take their story off the site and tell the editors."""
    story = StoryPage.objects.filter(submission=submission).first()
    if story is not None and story.live:
        story.unpublish(log_action=True)
        submission_event_record(
            submission, EventAction.UNPUBLISHED, detail=f"{story.title}: withdrawn"
        )
    recipients = _editor_emails(submission)
    title = title_quoted(submission.shown_title)
    if recipients:
        outgoing_email_queue(
            to=recipients,
            subject=f"Withdrawn: {submission}",
            body=f"The submitter withdrew {submission.reference}, {title}.\n"
            + (f"Its story {title_quoted(story.title)} has been unpublished.\n" if story else "")
            + site_absolute_url(None, f"/admin/submissions/inspect/{submission.pk}/"),
        )


def submission_approval_answer_handle(submission: Submission, *, approved: bool, message: str):
    """The submitter answered the request to approve the edit: the editors hear of it, as of a
    withdrawal (the assignee, or every editor of the callout while nobody is assigned)."""
    recipients = _editor_emails(submission)
    if not recipients:
        return
    answer = EventAction.EDIT_APPROVED if approved else EventAction.CHANGES_ASKED
    who = submission.submitter_name or "The submitter"
    outgoing_email_queue(
        to=recipients,
        subject=f"{submission.reference}: the submitter {answer.value}",
        body=f"{who} {answer.value} on {title_quoted(submission.shown_title)}.\n"
        + (f"\nTheir message:\n{message}\n\n" if message else "")
        + site_absolute_url(None, f"/admin/submissions/inspect/{submission.pk}/"),
    )


def submission_naming_change_notify(submission: Submission) -> None:
    """A published story's submitter asked to be named another way: the editors hear of it."""
    recipients = _editor_emails(submission)
    if recipients:
        outgoing_email_queue(
            to=recipients,
            subject=f"{submission.reference}: the submitter asked to be named another way",
            body=f"The submitter of {title_quoted(submission.shown_title)} asked that their "
            f"published story name them by: {submission.get_naming_requested_display()} "
            f"(it names them by: {submission.get_naming_display()}).\n"
            "Apply the change with one click on the submission's page:\n"
            + site_absolute_url(None, f"/admin/submissions/inspect/{submission.pk}/"),
        )


class NamingChangeRefused(DomainError):
    """The submitter's change of naming cannot be applied to the story."""


@transaction.atomic
def submission_naming_change_apply(submission: Submission, *, actor) -> StoryPage:
    """Name the submitter as they asked since publication: the story's byline changes and the
    story is published again (a new revision, so caches are cleared as on any publication)."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not submission.naming_requested:
        raise NamingChangeRefused(f"{submission.reference} has no change of naming to apply.")
    story = StoryPage.objects.filter(submission=submission, live=True).first()
    if story is None:
        raise NamingChangeRefused(f"{submission.reference} has no live story to change.")
    asked = f"{submission.get_naming_display()} → {submission.get_naming_requested_display()}"
    submission.naming, submission.naming_requested = submission.naming_requested, ""
    submission.save(update_fields=["naming", "naming_requested"])
    # The live page, not a newer draft: only the byline changes. An agreement to another
    # byline is not one to this.
    story.runner_name = _runner_name(submission)
    story.byline_agreed, story.byline_agreement_note = False, ""
    story.byline_agreed_by, story.byline_agreed_at = None, None
    story.save_revision(user=actor, log_action=True).publish(user=actor)
    submission_event_record(
        submission, EventAction.NAMING_CHANGE_APPLIED, actor=actor, detail=asked
    )
    return story


def _editor_emails(submission: Submission) -> list[str]:
    if submission.assignee and submission.assignee.email:
        return [submission.assignee.email]
    return editor_email_list_for_callout(submission.callout)


class ApprovalRefused(DomainError):
    """The submitter cannot be asked to approve the edit (yet)."""


@transaction.atomic
def submission_approval_request(submission: Submission, *, actor) -> Submission:
    """Show the submitter the edited story through their status link and ask them to approve."""
    story = StoryPage.objects.filter(submission=submission).first()
    if not submission.callout.submitter_approval:
        raise ApprovalRefused(f"{submission.callout} does not ask submitters to approve edits.")
    if story is None:
        raise ApprovalRefused("Create the story draft first: it is what the submitter approves.")
    # Kept as shown: the submitter approves this text, and what is printed with their name.
    edited = story.get_latest_revision_as_object()
    submission.approval_text = story_edited_text_get(story)
    submission.approval_byline = edited.byline
    submission.approval_pull_quote = edited.pull_quote
    submission.approval_captions = [photo.caption for photo in edited.photos.all() if photo.caption]
    submission.approval_state = ApprovalState.REQUESTED
    submission.approval_reminded_at = None
    submission.save(update_fields=[*APPROVAL_SHOWN, "approval_state", "approval_reminded_at"])
    submission_event_record(submission, EventAction.APPROVAL_REQUESTED, actor=actor)
    subject, body = submission_email_render(submission, "approval")
    submission_email_queue(
        submission, kind=EmailKind.APPROVAL, subject=subject, body=body, actor=actor
    )
    return submission


# A submitter who has not answered the request to approve the edit is reminded once, after:
APPROVAL_REMINDER_AFTER = timedelta(days=7)


def submission_approval_reminders_send(now: datetime | None = None) -> int:
    """Remind, once, each submitter asked to approve an edit who has not answered after a week;
    returns how many reminders were written."""
    now = now or timezone.now()
    asked = Max("events__at", filter=Q(events__action=EventAction.APPROVAL_REQUESTED))
    due = (
        Submission.objects.filter(
            approval_state=ApprovalState.REQUESTED, approval_reminded_at__isnull=True
        )
        .alias(asked_at=asked)
        .filter(asked_at__lte=now - APPROVAL_REMINDER_AFTER)
    )
    sent = 0
    for submission in due.select_related("callout"):
        # Claimed with the email written, so a second run of the task cannot send it again.
        with transaction.atomic():
            claimed = Submission.objects.filter(
                pk=submission.pk, approval_reminded_at__isnull=True
            ).update(approval_reminded_at=now)
            if claimed and _approval_reminder_queue(submission):
                sent += 1
    return sent


def _approval_reminder_queue(submission: Submission) -> bool:
    subject, body = submission_email_render(submission, "approval")
    try:
        submission_email_queue(
            submission, kind=EmailKind.APPROVAL, subject=f"Reminder: {subject}", body=body
        )
    except EmailRefused:  # marked as spam, or no address since: nobody to remind
        return False
    return True


def story_edit_record(story: StoryPage, *, actor) -> None:
    submission_event_record(
        story.submission, EventAction.STORY_EDITED, actor=actor, detail=story.title
    )


def story_index_workflow_assign(index_page: StoryIndexPage) -> None:
    """New callout pages get the "Editor review" workflow, as the migration gave existing ones."""
    workflow = Workflow.objects.filter(name=EDITOR_REVIEW, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=index_page, defaults={"workflow": workflow})


def publication_links_make(submission: Submission) -> dict[str, str]:
    """The publication notice's links: the live story, its share card (drawn now when the worker
    has not yet) and its callout's page to pass on. Empty while the story is not live."""
    story = StoryPage.objects.live().filter(submission=submission).first()
    card = story_share_card_make(story.pk) if story is not None and story.url else None
    if story is None or card is None:
        return {}
    index_page = story.index_page
    return {
        "story_link": site_absolute_url(None, story.url),
        "share_card": site_absolute_url(None, card.url),
        "callout_link": site_absolute_url(None, index_page.url) if index_page else "",
    }
