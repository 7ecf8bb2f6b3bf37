import re
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

# One set of placeholders in every email to a submitter; {title} is filled in quotation marks.
PLACEHOLDERS = ("first_name", "title", "reference", "status_link")
ACKNOWLEDGMENT_PLACEHOLDERS = (
    *PLACEHOLDERS,
    "callout",
    "privacy_link",
    "photo_request",
    "deadline_note",
)
PLACEHOLDER_HELP = (
    "You can use {first_name}, {title} (it comes in quotation marks), {reference}, "
    "{status_link}, {callout}, {privacy_link} (the privacy notice), {photo_request} (a "
    "request for a photo, only when one is wanted and missing) and {deadline_note} (a "
    "paragraph, only when the story came after the deadline or over the limit per address; "
    "left out, it goes after the greeting)."
)
# The subject names only what we chose: anything a submitter typed there would let anyone send
# their own words, from us, to any address.
SUBJECT_PLACEHOLDERS = frozenset({"callout", "reference"})
SUBJECT_HELP = "You can use {callout} and {reference}; never the submitter's name or title."
DEFAULT_ACKNOWLEDGMENT_SUBJECT = "We have your story for {callout} ({reference})"

# One paragraph a line: editors edit these in a text box, which wraps them itself.
DEFAULT_ACKNOWLEDGMENT_BODY = """Dear {first_name},

Thank you for sending us your story for {callout}. Your reference number is {reference}.
{deadline_note}
What happens next: our editors read every story. If we would like to publish yours, we will \
write to you before anything appears, and we may edit it for length and clarity.
{photo_request}
You can read what you sent, see where it stands, or withdraw it at any time here:
{status_link}

How we look after your details: {privacy_link}

With thanks,
The editors
"""

# How a story names a contributor who asked not to be named, unless the callout words it otherwise.
DEFAULT_ANONYMOUS_BYLINE = "A reader from {place}"

DECISION_HELP = (
    "You can use {first_name}, {title} (it comes in quotation marks), {reference} and "
    "{status_link}."
)
# The publication notice's own: the story, its share card, and the callout to pass on.
PUBLISHED_LINKS = ("story_link", "share_card", "callout_link")
PUBLISHED_HELP = (
    " {story_link} is the published story, {share_card} its picture for sharing and "
    "{callout_link} the callout's page."
)
DEFAULT_DECISIONS = {
    "accept": (
        "Your story {title} will appear in Milepost",
        """Dear {first_name},

We loved your story {title} and would like to publish it. Our editors may shorten it a little \
or tidy it for clarity; we will write again when it goes live.

You can follow it here: {status_link}

With thanks,
The editors
""",
    ),
    "decline": (
        "About your story {title}",
        """Dear {first_name},

Thank you for sending us your story {title}. We received many more than we can publish, and \
this time we will not be able to use yours. We are grateful you shared it with us.

Your story: {status_link}

With best wishes,
The editors
""",
    ),
    "photo": (
        "A photo for your story {title}?",
        """Dear {first_name},

We are reading your story {title} and would love a photo to go with it: of you, or of the \
place where it happened. Reply to this email with it attached (one you took, or have \
permission to share).

Your story: {status_link}

The editors
""",
    ),
    "question": (
        "A question about your story {title}",
        """Dear {first_name},

We are reading your story {title} and have a question:



Your story: {status_link}

The editors
""",
    ),
    "approval": (
        "Please check our edit of your story {title}",
        """Dear {first_name},

We have edited your story {title} for publication. Before it goes live, please read our \
version and approve it, or tell us what you would like changed, here:
{status_link}

The editors
""",
    ),
    "published": (
        "Your story {title} is live",
        """Dear {first_name},

Your story {title} is now published on Milepost: {story_link}

Its picture for sharing, with your headline and name: {share_card}

Thank you for sharing it with our readers. Do you know someone with a story of their own? \
Please pass the callout on: {callout_link}

The editors
""",
    ),
}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Anything in braces, or a stray brace with the word around it: "{first name}", "{{title}}".
_BRACED = re.compile(r"\{[^{}\n]*\}|\S*[{}]\S*")


def _names(placeholders) -> str:
    names = [f"{{{name}}}" for name in placeholders]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def template_placeholders_refusal(template: str, allowed) -> str:
    """Why an editor's template would not fill in well ("" when it would)."""
    allowed_help = f"You can use {_names(allowed)}."
    unknown = [name for name in _PLACEHOLDER.findall(template) if name not in allowed]
    if unknown:
        unknown = sorted(set(unknown))
        verb = "is not a placeholder" if len(unknown) == 1 else "are not placeholders"
        return f"{_names(unknown)} {verb} here. {allowed_help}"
    # Placeholders set aside (not as braces), what is left in or next to a brace is wrong.
    masked = _PLACEHOLDER.sub(lambda match: f"\0{match.group(1)}\1", template)
    if stray := _BRACED.search(masked):
        braced = stray.group(0).replace("\0", "{").replace("\1", "}")
        return (
            f"“{braced}” is not a placeholder: write one name in braces, such as {{title}}. "
            f"{allowed_help}"
        )
    return ""


@deconstructible
class PlaceholdersValidator:
    """Refuses a template with an unknown placeholder or a stray brace, naming it."""

    def __init__(self, *allowed: str):
        self.allowed = allowed

    def __call__(self, template: str) -> None:
        if refusal := template_placeholders_refusal(template, self.allowed):
            raise ValidationError(refusal)

    def __eq__(self, other) -> bool:
        return isinstance(other, PlaceholdersValidator) and self.allowed == other.allowed


def _decision_fields(kind: str, label: str):
    subject, body = DEFAULT_DECISIONS[kind]
    published = kind == "published"
    help_text = DECISION_HELP + (PUBLISHED_HELP if published else "")
    validators = [PlaceholdersValidator(*PLACEHOLDERS, *(PUBLISHED_LINKS if published else []))]
    return (
        models.CharField(
            f"{label} subject",
            max_length=200,
            default=subject,
            help_text=help_text,
            validators=validators,
        ),
        models.TextField(
            f"{label} email", default=body, help_text=help_text, validators=validators
        ),
    )


def subject_placeholders_check(subject: str) -> None:
    """Refuse a subject template that would carry submitter text (ValidationError says which)."""
    unsafe = sorted(set(_PLACEHOLDER.findall(subject)) - SUBJECT_PLACEHOLDERS)
    if unsafe:
        names = ", ".join(f"{{{name}}}" for name in unsafe)
        raise ValidationError(f"The subject cannot use {names}. {SUBJECT_HELP}")
    if refusal := template_placeholders_refusal(subject, sorted(SUBJECT_PLACEHOLDERS)):
        raise ValidationError(refusal)


class LatePolicy(models.TextChoices):
    """What becomes of a story that arrives after the callout closed (always kept, flagged)."""

    ACCEPT = "accept", "Accept it and consider it as usual"
    DECLINE = "decline", "Thank the submitter and decline it"


def _site_time_help(text: str):
    # Lazy: the panel is built at import, the time zone is a setting.
    return lazy(lambda: f"{text} In the site’s time zone ({settings.TIME_ZONE}).", str)()


class Callout(index.Indexed, models.Model):
    """A standing call for reader stories, such as "Most Important Mile".

    Its index page on the site shows the prompt and how to take part; intake routes mail and
    form entries to it.
    """

    title = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    prompt = models.CharField(
        max_length=255,
        help_text='The question readers answer, e.g. "What was your most important mile?"',
    )
    soft_word_limit = models.PositiveIntegerField(
        default=300,
        help_text="Stories over this many words are flagged for editors, never refused.",
    )
    photo_wanted = models.BooleanField(default=True, help_text="Ask submitters for a photo.")
    submission_address = models.EmailField(
        blank=True, help_text="The address readers email their stories to."
    )
    is_open = models.BooleanField(
        "taking stories",
        default=True,
        help_text="Untick to close the callout now, whatever its times. Ticked, it takes "
        "stories from its opening time until its closing time (each optional). What arrives "
        "while it is closed is still kept, marked as after the deadline.",
    )
    opens_at = models.DateTimeField(
        "opens", null=True, blank=True, help_text="Empty: open from the start."
    )
    closes_at = models.DateTimeField(
        "closes (the deadline)", null=True, blank=True, help_text="Empty: no deadline."
    )
    late_policy = models.CharField(
        "stories after the deadline",
        max_length=10,
        choices=LatePolicy.choices,
        default=LatePolicy.ACCEPT,
        help_text="Either way the story is kept, marked as after the deadline, and the "
        "acknowledgment says so.",
    )
    submissions_per_address = models.PositiveSmallIntegerField(
        "stories per address",
        null=True,
        blank=True,
        help_text="Stories beyond this many from one email address are kept and flagged, and "
        "the acknowledgment says so. Empty: no limit.",
    )
    subject_phrases = models.TextField(
        blank=True,
        help_text=(
            "One phrase per line. Email whose subject contains one of them comes to this callout "
            '(case, punctuation and "Re:"/"Fwd:" do not matter). Empty: the title is used.'
        ),
    )
    recipient_addresses = models.TextField(
        blank=True,
        help_text="One address per line. Email sent to one of them comes to this callout, "
        "whatever its subject.",
    )
    hard_word_limit = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The web form refuses stories over this many words. Leave empty for no limit.",
    )
    acknowledgment_subject = models.CharField(
        max_length=200,
        default=DEFAULT_ACKNOWLEDGMENT_SUBJECT,
        help_text=SUBJECT_HELP,
        validators=[subject_placeholders_check],
    )
    acknowledgment_body = models.TextField(
        default=DEFAULT_ACKNOWLEDGMENT_BODY,
        help_text=PLACEHOLDER_HELP,
        validators=[PlaceholdersValidator(*ACKNOWLEDGMENT_PLACEHOLDERS)],
    )
    accept_subject, accept_body = _decision_fields("accept", "Acceptance")
    decline_subject, decline_body = _decision_fields("decline", "Decline")
    photo_subject, photo_body = _decision_fields("photo", "Photo request")
    question_subject, question_body = _decision_fields("question", "Question")
    approval_subject, approval_body = _decision_fields("approval", "Approval request")
    published_subject, published_body = _decision_fields("published", "Publication notice")
    keep_declined_days = models.PositiveIntegerField(
        default=180,
        help_text="Declined and withdrawn submissions are erased this many days after arriving.",
    )
    keep_spam_days = models.PositiveIntegerField(
        default=30, help_text="Spam is erased this many days after it arrived."
    )
    submitter_approval = models.BooleanField(
        default=False,
        help_text="Before publication, ask the submitter to approve the edited story "
        "through their status link.",
    )
    anonymous_byline = models.CharField(
        max_length=120,
        default=DEFAULT_ANONYMOUS_BYLINE,
        help_text="The byline of a contributor who asked not to be named; {place} is their "
        "town and state or country, left out with its “from” when they gave none.",
        validators=[PlaceholdersValidator("place")],
    )
    decision_target_days = models.PositiveSmallIntegerField(
        default=14,
        help_text="Days a submission may wait for a decision before the desk's Today panel and "
        "digest list it as waiting too long.",
    )
    # Where its stories' photos are kept as Wagtail images: an editor limited to other
    # callouts reaches none of this collection (desk.selectors.image_list_for_user).
    image_collection = models.OneToOneField(
        "wagtailcore.Collection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="callout",
    )

    panels = [
        MultiFieldPanel([FieldPanel("title"), FieldPanel("slug"), FieldPanel("prompt")], "Callout"),
        MultiFieldPanel(
            [
                FieldPanel("soft_word_limit"),
                FieldPanel("photo_wanted"),
                FieldPanel("submission_address"),
                FieldPanel("is_open"),
                FieldPanel("opens_at", help_text=_site_time_help("Empty: open from the start.")),
                FieldPanel("closes_at", help_text=_site_time_help("Empty: no deadline.")),
                FieldPanel("late_policy"),
                FieldPanel("submissions_per_address"),
                FieldPanel("hard_word_limit"),
                FieldPanel("decision_target_days"),
                FieldPanel("anonymous_byline"),
            ],
            "Taking part",
        ),
        MultiFieldPanel(
            [FieldPanel("subject_phrases"), FieldPanel("recipient_addresses")], "Email routing"
        ),
        MultiFieldPanel(
            [FieldPanel("keep_declined_days"), FieldPanel("keep_spam_days")], "Retention"
        ),
        MultiFieldPanel(
            [FieldPanel("acknowledgment_subject"), FieldPanel("acknowledgment_body")],
            "Acknowledgment email",
        ),
        MultiFieldPanel(
            [
                FieldPanel(name)
                for kind in ("accept", "decline", "photo", "question", "approval", "published")
                for name in (f"{kind}_subject", f"{kind}_body")
            ]
            + [FieldPanel("submitter_approval")],
            "Emails to submitters",
        ),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Not only the admin form: a script or shell must not store an unsafe subject either.
        subject_placeholders_check(self.acknowledgment_subject)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {
                    "closes_at": "The callout must close after it opens: choose a later closing "
                    "time, or an earlier opening one."
                }
            )

    def late_at(self, moment: datetime) -> bool:
        """Whether a story arriving at this moment is after the deadline (closed by the switch or
        past the closing time; one sent before the opening is early, not late)."""
        if self.closes_at and moment >= self.closes_at:
            return True
        return not self.is_open

    def decision_template(self, kind: str) -> tuple[str, str]:
        """The (subject, body) editors wrote for one kind of email to a submitter."""
        return getattr(self, f"{kind}_subject"), getattr(self, f"{kind}_body")

    @property
    def word_guidance(self) -> str:
        return f"Please keep it under {self.soft_word_limit} words."

    @property
    def routing_phrases(self) -> list[str]:
        return _lines(self.subject_phrases) or [self.title]

    @property
    def routing_addresses(self) -> list[str]:
        return [address.lower() for address in _lines(self.recipient_addresses)]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
