from django.db import models
from django.urls import reverse

from milepost.core.storage import private_storage
from milepost.submissions.models import Channel


class InboundState(models.TextChoices):
    RECEIVED = "received", "Stored, not yet processed"
    PROCESSED = "processed", "Processed into a submission"
    UNROUTED = "unrouted", "No callout matched"
    FAILED = "failed", "Processing failed"


def raw_message_path(message, filename: str) -> str:
    return f"inbound/{message.sha256[:2]}/{message.sha256}.eml"


class InboundMessage(models.Model):
    """One email exactly as received (raw bytes, stored privately before anything else)."""

    raw = models.FileField(upload_to=raw_message_path, storage=private_storage, max_length=200)
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    message_id = models.CharField(max_length=998, blank=True, db_index=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    source = models.CharField(
        max_length=500, blank=True, help_text="Where it came from: file path, mailbox, provider."
    )
    received_at = models.DateTimeField(db_index=True)
    state = models.CharField(
        max_length=10,
        choices=InboundState.choices,
        default=InboundState.RECEIVED,
        db_index=True,
    )
    from_header = models.CharField(max_length=500, blank=True)
    subject = models.CharField(max_length=500, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        # The raw email holds what the story does not show (addresses, headers, every
        # attachment): reading it is a right of its own, given to Editors only.
        permissions = [("download_raw_email", "Can download the email as received")]

    def __str__(self) -> str:
        return f"{self.subject or '(no subject)'} from {self.from_header or '(unknown)'}"

    def get_raw_download_url(self) -> str:
        """The editors' link to the .eml file (an admin URL: it needs a login)."""
        return reverse("inbound_message_raw", args=[self.pk])


class RateCounter(models.Model):
    """Attempts one client made in one fixed window (the rate limit's count without Redis)."""

    key = models.CharField(max_length=300, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class WebhookToken(models.Model):
    """A signed provider token already accepted; a second post carrying it is a replay."""

    provider = models.CharField(max_length=40)
    token = models.CharField(max_length=200)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "token"], name="webhook_token_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.token}"
