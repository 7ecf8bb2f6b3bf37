"""The emails of the permission flow: the request with its private link, the one reminder,
and the note to editors when a contributor revokes."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from milepost.core.groups import EDITORS
from milepost.core.links import site_absolute_url
from milepost.core.outbox import outgoing_email_queue
from milepost.core.quoting import title_quoted

from .models import AnthologyEntry, BookPermission, EntryStatus


def book_permission_url(permission: BookPermission) -> str:
    return site_absolute_url(None, reverse("book_permission", args=[permission.token]))


def book_permission_email_queue(permission: BookPermission, *, reminder: bool = False) -> None:
    """Write to the contributor with the link to their permission page (`core.outbox` sends it)."""
    entry = permission.entry
    book = title_quoted(entry.anthology.title)
    subject = f"May we print your story {title_quoted(entry.title)} in {book}?"
    body = (
        f"Hello {entry.contributor_name},\n\n"
        + ("A reminder: we have not heard from you yet.\n\n" if reminder else "")
        + f"{permission.wording}\n\nRead your story as it will be printed and answer here "
        f"(no account needed):\n{book_permission_url(permission)}\n\nThe editors\n"
    )
    outgoing_email_queue(
        to=[entry.contributor_email],
        subject=("Reminder: " if reminder else "") + subject,
        body=body,
    )


def editors_notify_revoked(entry: AnthologyEntry) -> None:
    editors = (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(groups__name=EDITORS), is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    title = title_quoted(entry.title)
    if editors:
        outgoing_email_queue(
            to=list(editors),
            subject=f"Permission revoked: {title} is out of {title_quoted(entry.anthology.title)}",
            body=(
                f"{entry.contributor_name} revoked their permission to print {title}. "
                "The story has dropped out of the book.\n"
            ),
        )


def book_permission_reminders_send(now: datetime | None = None) -> int:
    """Remind, once, each contributor who has not answered after the configured delay; returns
    how many reminders were written."""
    now = now or timezone.now()
    due = BookPermission.objects.filter(
        requested_at__lte=now - timedelta(days=settings.MILEPOST_BOOK_PERMISSION_REMINDER_DAYS),
        reminded_at__isnull=True,
        granted_at__isnull=True,
        declined_at__isnull=True,
        entry__status=EntryStatus.PERMISSION_REQUESTED,
    )
    sent = 0
    for permission in due.select_related("entry__anthology"):
        # Claimed with the email written, so a second run of the task cannot send it again.
        with transaction.atomic():
            if BookPermission.objects.filter(pk=permission.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                book_permission_email_queue(permission, reminder=True)
                sent += 1
    return sent
