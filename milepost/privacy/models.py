from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from milepost.core.caching import PublicCacheMixin
from milepost.core.personal_data import PrivacyNotice


class ErasureRecord(models.Model):
    """What is left after a person's data is erased: the fact of it, and nothing personal."""

    references = models.JSONField(default=list, help_text='Submission references, "MP-000123".')
    received_dates = models.JSONField(default=list, help_text="When those submissions arrived.")
    raw_messages = models.PositiveIntegerField(default=0)
    erased_at = models.DateTimeField(auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    erased_by_label = models.CharField(
        max_length=100, help_text='Who erased when not an editor: "retention", "command".'
    )
    kept_stories = models.JSONField(
        default=list, help_text="Stories kept on purpose: page id and the editor's reason."
    )
    other = models.JSONField(default=list, help_text="What other apps erased, in their words.")

    class Meta:
        ordering = ["-erased_at", "-pk"]
        permissions = [
            ("act_on_personal_data", "Can find, export and erase a person's data"),
        ]

    def __str__(self) -> str:
        what = ", ".join(self.references) or "unrouted mail"
        return f"Erasure of {what} ({self.erased_at:%Y-%m-%d})"


class ErasureRequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class ErasureRequest(models.Model):
    """A submitter asked, from their status page, for their data to be erased."""

    submission = models.ForeignKey(
        "submissions.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erasure_requests",
    )
    reference = models.CharField(max_length=20)
    requested_at = models.DateTimeField()
    due_by = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ErasureRequestStatus.choices, default=ErasureRequestStatus.OPEN
    )
    erasure = models.ForeignKey(
        ErasureRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="requests"
    )

    class Meta:
        ordering = ["due_by", "pk"]

    def __str__(self) -> str:
        return f"Erasure request for {self.reference} (due {self.due_by:%Y-%m-%d})"


class StoryListLink(models.Model):
    """A link, emailed on request, to the list of everything sent from one address. Only the
    token's hash is kept: the link itself exists only in that email."""

    email = models.EmailField(max_length=254, db_index=True, help_text="Lower case.")
    token_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token.")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    outgoing_email = models.ForeignKey(
        "core.OutgoingEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The email carrying the link, whose copy forgets it once it has gone.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Story list link (expires {self.expires_at:%Y-%m-%d %H:%M})"


class RetentionRun(models.Model):
    """One daily run of the retention rules: what expired and was erased, and what failed."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    declined_withdrawn = models.PositiveIntegerField(default=0)
    spam = models.PositiveIntegerField(default=0)
    unrouted = models.PositiveIntegerField(default=0)
    errors = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Retention run {self.started_at:%Y-%m-%d %H:%M}"


class PrivacyNoticePage(PublicCacheMixin, Page):
    """The privacy notice editors write; each consent records the version the submitter saw."""

    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["site.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "privacy notice"

    @property
    def version(self) -> str:
        """The live revision and the day it went live: which wording a consent was given under."""
        published = self.last_published_at or self.first_published_at
        return f"revision {self.live_revision_id} of {published:%Y-%m-%d}" if published else ""

    def notice(self) -> PrivacyNotice:
        return PrivacyNotice(url=self.get_full_url(), version=self.version)
