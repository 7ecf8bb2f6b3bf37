"""Reads for submissions."""

from django.shortcuts import get_object_or_404

from .models import Submission
from .signals import submission_live_url_asked


def submission_get_by_status_token(token: str) -> Submission:
    """The submitter's own submission, found only by its private token (404 otherwise)."""
    return get_object_or_404(
        Submission.objects.select_related("callout").prefetch_related("photos", "emails__outgoing"),
        status_token=token,
    )


def submission_live_url_get(submission: Submission) -> str:
    """The address of the submission's story on the site; "" until it is live."""
    answers = submission_live_url_asked.send(sender=Submission, submission=submission)
    return next((url for _, url in answers if url), "")


def submission_list_for_export(callout_slug: str = ""):
    submissions = (
        Submission.objects.select_related("callout", "inbound_message")
        .prefetch_related("checks", "photos")
        .order_by("received_at", "pk")
    )
    if callout_slug:
        submissions = submissions.filter(callout__slug=callout_slug)
    return submissions.iterator(chunk_size=500)
