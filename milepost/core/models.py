from django.db import models
from django.utils import timezone


class OutgoingEmailStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    WITHHELD = "withheld", "Not sent"


class OutgoingEmail(models.Model):
    """One email Milepost sends, kept from the moment it is written until it has gone (or
    failed for good): stored with the action that writes it, sent by a task, retried by the
    sweep. `core.outbox` is the one way mail leaves."""

    to = models.TextField(help_text="The addresses, separated by commas.")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10,
        choices=OutgoingEmailStatus.choices,
        default=OutgoingEmailStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(
        default=timezone.now, help_text="When the sweep sends it if its task has not."
    )
    reason = models.TextField(
        blank=True, help_text="Why the last attempt failed, or why it was not sent."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    kept_with_record = models.BooleanField(
        default=False,
        help_text="Kept as long as the record that wrote it (an email to a submitter); any other "
        "is deleted MILEPOST_OUTGOING_EMAIL_DAYS after it was written, once it has gone or failed.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "outgoing email"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_due")]

    def __str__(self) -> str:
        return f"{self.subject} (to {self.to})"

    @property
    def recipients(self) -> list[str]:
        return [address.strip() for address in self.to.split(",") if address.strip()]
