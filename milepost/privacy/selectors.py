"""Everything held about one person, found by email address."""

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
from milepost.submissions.models import Submission

from .models import ErasureRequest, ErasureRequestStatus


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
    other: list[PersonRecord] = []
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
