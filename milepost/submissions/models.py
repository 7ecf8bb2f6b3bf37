import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from milepost.core.models import OutgoingEmailStatus
from milepost.core.states import StateMachine
from milepost.core.storage import private_storage

from .bylines import Naming
from .titles import submission_title


class SubmissionStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    IN_REVIEW = "in_review", "In review"
    ACCEPTED = "accepted", "Accepted"
    PUBLISHED = "published", "Published"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn by the submitter"
    SPAM = "spam", "Spam"

    @property
    def past_tense(self) -> str:
        """What became of a submission that took this status, in the words of every desk
        message about it: "MP-0001 accepted.", "3 submissions marked as spam."."""
        return STATUS_PAST_TENSES[self]


_S = SubmissionStatus
# One table, so no message is built by gluing "ed" onto a word ("spamed", "in_reviewed").
STATUS_PAST_TENSES = {
    _S.RECEIVED: "moved back to received",
    _S.IN_REVIEW: "put in review",
    _S.ACCEPTED: "accepted",
    _S.PUBLISHED: "published",
    _S.DECLINED: "declined",
    _S.WITHDRAWN: "withdrawn",
    _S.SPAM: "marked as spam",
}
# Which status may follow which; `submissions.services.submission_transition` enforces it.
SUBMISSION_STATES = StateMachine(
    SubmissionStatus,
    {
        _S.RECEIVED: {_S.IN_REVIEW, _S.ACCEPTED, _S.DECLINED, _S.SPAM, _S.WITHDRAWN},
        _S.IN_REVIEW: {_S.RECEIVED, _S.ACCEPTED, _S.DECLINED, _S.SPAM, _S.WITHDRAWN},
        _S.ACCEPTED: {_S.IN_REVIEW, _S.PUBLISHED, _S.DECLINED, _S.WITHDRAWN},
        # Unpublishing the story takes a published submission back to accepted.
        _S.PUBLISHED: {_S.ACCEPTED, _S.WITHDRAWN},
        _S.DECLINED: {_S.IN_REVIEW},
        _S.WITHDRAWN: set(),
        # Marked as spam by mistake: back to the queue.
        _S.SPAM: {_S.RECEIVED},
    },
)
# Statuses that follow from something other than an editor's choice: published comes and goes
# with the story's publication, withdrawn is the submitter's own word through their status link.
FOLLOWED_STATUSES = {_S.PUBLISHED, _S.WITHDRAWN}


class ApprovalState(models.TextChoices):
    NOT_ASKED = "", "Not asked"
    REQUESTED = "requested", "Waiting for the submitter"
    APPROVED = "approved", "Approved by the submitter"
    CHANGES = "changes", "Submitter asked for changes"


class Channel(models.TextChoices):
    """How a story arrived: by email (three ways in) or through the web form."""

    IMAP = "imap", "Email (IMAP mailbox)"
    IMPORT = "import", "Email (file import)"
    WEBHOOK = "webhook", "Email (provider webhook)"
    WEB = "web", "Web form"

    @property
    def kind(self) -> str:
        """ "email" or "web", as the glossary and the export name them."""
        return "web" if self is Channel.WEB else "email"


def new_status_token() -> str:
    return secrets.token_urlsafe(32)


class Submission(models.Model):
    """One story as sent to one callout. The text as sent never changes."""

    callout = models.ForeignKey(
        "callouts.Callout", on_delete=models.PROTECT, related_name="submissions"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, db_index=True)
    status = models.CharField(
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.RECEIVED,
        db_index=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_submissions",
    )
    received_at = models.DateTimeField(db_index=True)
    arrived_late = models.BooleanField(
        "after the deadline",
        default=False,
        help_text="Arrived while the callout was closed: after its closing time, or while "
        "editors had closed it.",
    )
    inbound_message = models.OneToOneField(
        "intake.InboundMessage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submission",
    )

    submitter_name = models.CharField(max_length=200, blank=True)
    submitter_email = models.EmailField(max_length=254, blank=True, db_index=True)
    submitter_age = models.PositiveSmallIntegerField(null=True, blank=True)
    submitter_city = models.CharField(max_length=120, blank=True)
    submitter_region = models.CharField(max_length=120, blank=True)
    submitter_country = models.CharField(max_length=120, blank=True)
    naming = models.CharField(
        "how to be named",
        max_length=30,
        choices=Naming.choices,
        default=Naming.FULL_NAME,
        help_text="What the contributor allows a byline to print.",
    )
    # Asked for on the status page after publication; an editor applies it to the story.
    naming_requested = models.CharField(
        "change of naming asked for", max_length=30, choices=Naming.choices, blank=True
    )

    title = models.CharField(max_length=300, blank=True)
    story_text = models.TextField(blank=True)
    word_count = models.PositiveIntegerField(default=0)
    # Sender and text, normalised and hashed: the same story sent twice under another Message-ID.
    fingerprint = models.CharField(max_length=64, db_index=True, blank=True)

    # Kept by `submission_vote_cast`, so the queue sorts by tally without counting votes per row.
    votes_yes = models.PositiveIntegerField(default=0, editable=False)
    votes_maybe = models.PositiveIntegerField(default=0, editable=False)
    votes_no = models.PositiveIntegerField(default=0, editable=False)
    vote_tally = models.IntegerField(
        default=0, editable=False, db_index=True, help_text="Yes votes minus no."
    )

    # When the callout asks for it, the submitter approves the edited story before publication.
    approval_state = models.CharField(
        max_length=10, choices=ApprovalState.choices, default="", blank=True
    )
    approval_text = models.TextField(blank=True, help_text="The edited story as shown to them.")
    # What is printed with their name, as shown to them with the edit.
    approval_byline = models.TextField(blank=True, help_text="The byline as shown to them.")
    approval_pull_quote = models.TextField(blank=True, help_text="The pull quote as shown to them.")
    approval_captions = models.JSONField(
        default=list, blank=True, help_text="The photo captions as shown to them."
    )
    # Set by the one reminder sent while they have not answered; cleared when asked again.
    approval_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    status_token = models.CharField(max_length=64, unique=True, default=new_status_token)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        permissions = [
            ("decide_submission", "Can decide on submissions and write to submitters"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title or '(untitled)'}"

    def save(self, *args, **kwargs):
        if self.pk:
            self._refuse_text_changes()
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        return f"MP-{self.pk:06d}" if self.pk else "MP-(new)"

    @property
    def words_against_limit(self) -> str:
        """ "299 / 300": the story's words against its callout's word guidance."""
        return f"{self.word_count} / {self.callout.soft_word_limit}"

    @property
    def check_summary(self) -> str:
        return ", ".join(check.get_code_display() for check in self.checks.all())

    def get_status_url(self) -> str:
        return reverse("submission_status", args=[self.status_token])

    def can_become(self, status: str) -> bool:
        return SUBMISSION_STATES.can_become(self.status, status)

    def can_be_set_to(self, status: str) -> bool:
        """Whether an editor may choose this status by hand (the desk's status menu)."""
        return (
            self.can_become(status)
            and status not in FOLLOWED_STATUSES
            and self.status not in FOLLOWED_STATUSES
        )

    @property
    def shown_title(self) -> str:
        """What emails and pages call the story: its title, else one made from its words."""
        return submission_title(self.title, self.story_text) or self.reference

    @property
    def submitter_place(self) -> str:
        """ "St. Louis, MO, USA": the parts they gave, in the order an address reads."""
        parts = (self.submitter_city, self.submitter_region, self.submitter_country)
        return ", ".join(part for part in parts if part)

    @property
    def first_name(self) -> str:
        return self.submitter_name.split()[0] if self.submitter_name.strip() else ""

    def _refuse_text_changes(self):
        stored = Submission.objects.filter(pk=self.pk).values("story_text", "title").first()
        if stored and (stored["story_text"], stored["title"]) != (self.story_text, self.title):
            raise ValueError("A submission's text as sent never changes; edit the story instead.")


def submission_photo_path(photo, filename: str) -> str:
    return f"submissions/{photo.submission_id}/{filename}"


class SubmissionPhoto(models.Model):
    """A privacy-safe master: upright, colour profile kept, every other kind of metadata gone."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=submission_photo_path, storage=private_storage)
    sha256 = models.CharField(max_length=64)
    original_filename = models.CharField(max_length=255, blank=True)
    original_format = models.CharField(max_length=10)
    master_format = models.CharField(max_length=10)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    has_metadata = models.BooleanField(default=False)
    print_ready = models.BooleanField()
    caption = models.CharField(max_length=500, blank=True)
    alt_text = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "sha256"], name="one_copy_of_each_photo")
        ]

    def __str__(self) -> str:
        return f"{self.original_filename or 'photo'} ({self.width}×{self.height})"


class CheckCode(models.TextChoices):
    OVER_WORD_LIMIT = "over_word_limit", "Over the word limit"
    MISSING_PHOTO = "missing_photo", "No photo"
    PHOTO_TOO_SMALL_FOR_PRINT = "photo_too_small_for_print", "Photo too small to print"
    ATTACHMENT_REJECTED = "attachment_rejected", "Attachment rejected"
    POSSIBLE_DUPLICATE = "possible_duplicate", "Possible duplicate"
    AUTO_GENERATED_MAIL = "auto_generated_mail", "Auto-generated mail"
    PHOTOS_LEFT_OUT = "photos_left_out", "Photos left out"
    SENDER_ADDRESS_UNREADABLE = "sender_address_unreadable", "Sender's address unreadable"
    SENT_FROM_OUR_ADDRESS = "sent_from_our_address", "Sent from our own address"
    OVER_ADDRESS_LIMIT = "over_address_limit", "Over the limit per address"


# A submission with one of these checks is never acknowledged: machines and our own addresses
# are not written to (that is how mail loops start, or how a forged From reaches an editor).
CHECKS_WITHOUT_ACKNOWLEDGMENT = (CheckCode.AUTO_GENERATED_MAIL, CheckCode.SENT_FROM_OUR_ADDRESS)


class SubmissionCheck(models.Model):
    """A finding editors should see. A check flags; it does not reject."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="checks")
    code = models.CharField(max_length=40, choices=CheckCode.choices, db_index=True)
    message = models.CharField(max_length=500)
    other_submission = models.ForeignKey(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.message


class ConsentKind(models.TextChoices):
    WEB = "web", "Publication on the website"
    BOOK = "book", "Publication in a printed book"
    PHOTO = "photo", "Photo permission"


class Consent(models.Model):
    """What a submitter agreed to, with the exact wording they saw and when."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=10, choices=ConsentKind.choices)
    wording = models.TextField()
    given_at = models.DateTimeField()
    notice_version = models.CharField(
        max_length=100, blank=True, help_text="The privacy notice published when it was given."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "kind"], name="one_consent_of_each_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.given_at:%Y-%m-%d})"


class EventAction(models.TextChoices):
    """What a submission's history records. A status change records the status it became."""

    RECEIVED = "received", "Received"
    IN_REVIEW = "in_review", "In review"
    ACCEPTED = "accepted", "Accepted"
    PUBLISHED = "published", "Published"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn by the submitter"
    SPAM = "spam", "Spam"
    ROUTED = "routed", "Routed to a callout"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    NOT_ACKNOWLEDGED = "not acknowledged", "Not acknowledged"
    ASSIGNED = "assigned", "Assigned"
    NOTE = "note", "Note"
    VOTE = "vote", "Vote"
    EMAIL = "email", "Email"
    STORY_DRAFT = "story draft", "Story draft created"
    STORY_EDITED = "story edited", "Story edited"
    UNPUBLISHED = "unpublished", "Story unpublished"
    APPROVAL_REQUESTED = "approval requested", "Approval requested"
    EDIT_APPROVED = "approved the edit", "Edit approved by the submitter"
    CHANGES_ASKED = "asked for changes", "Changes asked for by the submitter"
    RAW_EMAIL_DOWNLOADED = "raw email downloaded", "Raw email downloaded"
    NAMING_CHOSEN = "naming chosen", "How to be named chosen by the submitter"
    NAMING_CHANGE_ASKED = "naming change asked", "Change of naming asked for by the submitter"
    NAMING_CHANGE_APPLIED = "naming change applied", "Change of naming applied to the story"


class SubmissionEvent(models.Model):
    """The audit trail: who did what to a submission, and when."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(
        max_length=100, help_text='Who acted when not an editor: "submitter", "system".'
    )
    action = models.CharField(max_length=40, choices=EventAction.choices)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action}"


class SuppressionReason(models.TextChoices):
    BOUNCE = "bounce", "Bounced"
    COMPLAINT = "complaint", "Marked as spam"
    MANUAL = "manual", "Added by an editor"


class SuppressedAddress(models.Model):
    """An address we never acknowledge again: it bounced, complained, or an editor said so."""

    email = models.EmailField(max_length=254, unique=True)
    reason = models.CharField(max_length=20, choices=SuppressionReason.choices)
    since = models.DateTimeField(default=timezone.now)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-since"]
        verbose_name_plural = "suppressed addresses"

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()  # looked up lower-cased
        super().save(*args, **kwargs)


class SubmissionNote(models.Model):
    """An editor's or reviewer's internal note; submitters never see it."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class VoteChoice(models.TextChoices):
    YES = "yes", "Yes"
    MAYBE = "maybe", "Maybe"
    NO = "no", "No"


class SubmissionVote(models.Model):
    """A reviewer's view on publishing; one per reviewer, and they may change it."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="votes")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    choice = models.CharField(max_length=5, choices=VoteChoice.choices)
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="one_vote_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.get_choice_display()}"


class EmailKind(models.TextChoices):
    ACCEPT = "accept", "Acceptance"
    DECLINE = "decline", "Decline"
    PHOTO = "photo", "Photo request"
    QUESTION = "question", "Question"
    PUBLISHED = "published", "Publication notice"
    APPROVAL = "approval", "Approval request"


class SubmissionEmail(models.Model):
    """Every email written to a submitter, with its full text, and when it went (if it did)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=10, choices=EmailKind.choices)
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Its delivery: sent, waiting for another attempt, or not sent and why.
    outgoing = models.OneToOneField(
        "core.OutgoingEmail", on_delete=models.PROTECT, related_name="submission_email"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to}"

    @property
    def sent_at(self):
        return self.outgoing.sent_at

    @property
    def suppressed(self) -> str:
        """Why it was not sent, e.g. marked as spam, or the mail server refused it."""
        withheld = (OutgoingEmailStatus.WITHHELD, OutgoingEmailStatus.FAILED)
        return self.outgoing.reason if self.outgoing.status in withheld else ""
