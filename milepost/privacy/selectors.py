"""Everything held about one person, found by email address."""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import getaddresses

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from milepost.core.exceptions import DomainError
from milepost.core.personal_data import PersonRecord, person_data_collect
from milepost.desk.selectors import (
    callout_reach_get,
    inbound_message_list_for_user,
    submission_list_for_user,
)
from milepost.intake.models import InboundMessage
from milepost.stories.models import StoryPage
from milepost.submissions.edits import Change, submitted_text, text_changes
from milepost.submissions.models import ApprovalState, Submission, SubmissionStatus
from milepost.submissions.selectors import submission_live_url_get

from .models import ErasureRequest, ErasureRequestStatus, StoryListLink

# How long the emailed link to all of one address's stories works.
STORY_LIST_LINK_LIFETIME = timedelta(hours=24)

_S = SubmissionStatus
# A submission's status, as its submitter reads it in the list of all their stories.
STATUS_WORDS = {
    _S.RECEIVED: "Received: waiting for our editors to read it",
    _S.IN_REVIEW: "Our editors are reading it",
    _S.ACCEPTED: "Accepted: we plan to publish it",
    _S.PUBLISHED: "Published on the site",
    _S.DECLINED: "Not chosen for publication",
    _S.WITHDRAWN: "Withdrawn by you",
    # Nobody is told their story was taken for spam; it is simply not published.
    _S.SPAM: "Not chosen for publication",
}


@dataclass
class PersonData:
    email: str
    submissions: list[Submission]
    inbound_messages: list[InboundMessage]
    stories: list[StoryPage]
    other: list[PersonRecord] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.submissions or self.inbound_messages or self.stories or self.other)


def erasure_request_due_by(requested_at: datetime) -> datetime:
    """The day a submitter's erasure request must be carried out by."""
    return requested_at + timedelta(days=settings.MILEPOST_ERASURE_REQUEST_DAYS)


def email_normalise(email: str) -> str:
    return email.strip().lower()


def person_submission_list(email: str) -> QuerySet[Submission]:
    return Submission.objects.filter(submitter_email__iexact=email_normalise(email))


def person_inbound_message_list(email: str) -> QuerySet[InboundMessage]:
    """Raw mail from that address: behind their submissions, or unrouted and never processed."""
    email = email_normalise(email)
    # The address may sit anywhere in From ("Doe, Jane" <JANE@x>, jane@x (Jane), a list of
    # mailboxes): narrow down in the database, then parse each candidate to be sure.
    candidates = InboundMessage.objects.filter(from_header__icontains=email)
    sent = [
        pk
        for pk, from_header in candidates.values_list("pk", "from_header")
        if email in _from_addresses(from_header)
    ]
    return InboundMessage.objects.filter(
        Q(pk__in=sent) | Q(submission__in=person_submission_list(email))
    ).distinct()


def _from_addresses(from_header: str) -> set[str]:
    return {email_normalise(address) for _name, address in getaddresses([from_header]) if address}


def person_data_get(email: str) -> PersonData:
    email = email_normalise(email)
    submissions = list(
        person_submission_list(email)
        .select_related("callout", "inbound_message")
        .prefetch_related(
            "photos", "consents", "checks", "emails__outgoing", "notes", "votes", "events"
        )
    )
    other: list[PersonRecord] = [
        _story_list_link_record(link) for link in story_list_link_list(email)
    ]
    for _receiver, records in person_data_collect.send(sender=None, email=email):
        if isinstance(records, list):  # a receiver holding nothing may return None
            other.extend(records)
    return PersonData(
        email=email,
        submissions=submissions,
        inbound_messages=list(person_inbound_message_list(email)),
        stories=list(StoryPage.objects.filter(submission__in=submissions).order_by("pk")),
        other=other,
    )


def story_list_link_list(email: str) -> QuerySet[StoryListLink]:
    """The links to all of an address's stories that were emailed to it (expired ones too)."""
    return StoryListLink.objects.filter(email=email_normalise(email))


def _story_list_link_record(link: StoryListLink) -> PersonRecord:
    return PersonRecord(
        kind="link to all stories",
        label=f"Link to all their stories, emailed {link.created_at:%Y-%m-%d %H:%M} UTC",
        data={"created_at": link.created_at.isoformat(), "expires_at": link.expires_at.isoformat()},
    )


class OutOfReach(DomainError):
    """Some of what is held about the address is of a callout the editor may not reach. The
    message names nothing of it, not even the address."""

    def __init__(self):
        super().__init__(
            "This address has data in callouts you do not edit: an editor of every callout can "
            "find, export or erase it."
        )


def person_data_get_for_user(user, email: str) -> PersonData:
    """What `person_data_get` finds, for an editor who may act on all of it. One limited to
    some callouts may act only on people wholly within them: a ZIP or an erasure of part of
    someone's data would look complete, so anyone who also sent to another callout (or only
    to another) is refused, the same way, and left to an editor of every callout."""
    data = person_data_get(email)
    if callout_reach_get(user) is None:
        return data
    submissions = {submission.pk for submission in data.submissions}
    messages = {message.pk for message in data.inbound_messages}
    reached = submission_list_for_user(user).filter(pk__in=submissions).count() == len(
        submissions
    ) and inbound_message_list_for_user(user).filter(pk__in=messages).count() == len(messages)
    if not reached:
        raise OutOfReach()
    return data


def erasure_request_list_open_for_user(user) -> QuerySet[ErasureRequest]:
    """Open requests about submissions `user` may reach (all of them for most editors)."""
    requests = erasure_request_list_open()
    if callout_reach_get(user) is None:
        return requests
    return requests.filter(submission__in=submission_list_for_user(user))


def erasure_request_list_open() -> QuerySet[ErasureRequest]:
    return ErasureRequest.objects.filter(status=ErasureRequestStatus.OPEN).select_related(
        "submission"
    )


def erasure_request_is_overdue(request: ErasureRequest) -> bool:
    return request.due_by < timezone.now()


class StoryListLinkRefused(DomainError):
    """The link to all of one's stories does not work; `extra["expired"]` says whether it did."""


def story_list_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def story_list_link_get(token: str, now: datetime | None = None) -> StoryListLink:
    """The link whose token this is, while it works; refused when unknown or expired."""
    link = StoryListLink.objects.filter(token_hash=story_list_token_hash(token)).first()
    if link is None:
        raise StoryListLinkRefused(
            "This link does not work. It may have been cut short when you copied it, or your "
            "data has been erased since we sent it. Ask for a new link below.",
            {"expired": False},
        )
    if link.expires_at <= (now or timezone.now()):
        raise StoryListLinkRefused(
            "This link has expired: each link works for 24 hours after we send it. Ask for a "
            "new link below.",
            {"expired": True},
        )
    return link


@dataclass(frozen=True)
class StoryListEntry:
    """One submission in the list of all that an address sent, with what its page offers."""

    submission: Submission
    status_words: str
    live_url: str
    can_withdraw: bool
    approval_changes: list[list[Change]]  # empty unless their approval is awaited
    erasure_request: ErasureRequest | None


def person_story_list(email: str) -> list[StoryListEntry]:
    """Every submission sent from `email` (any case), newest first, across callouts."""
    submissions = (
        person_submission_list(email)
        .select_related("callout")
        .prefetch_related("consents", "erasure_requests")
        .order_by("-received_at", "-pk")
    )
    return [_story_list_entry(submission) for submission in submissions]


def _story_list_entry(submission: Submission) -> StoryListEntry:
    waiting = submission.approval_state == ApprovalState.REQUESTED
    return StoryListEntry(
        submission=submission,
        status_words=STATUS_WORDS[SubmissionStatus(submission.status)],
        live_url=submission_live_url_get(submission),
        can_withdraw=submission.can_become(SubmissionStatus.WITHDRAWN),
        approval_changes=(
            text_changes(submitted_text(submission), submission.approval_text) if waiting else []
        ),
        erasure_request=next(iter(submission.erasure_requests.all()), None),
    )
