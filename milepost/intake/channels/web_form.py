"""The web form a submitter fills in on a callout's page: a friendly error for every problem."""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from milepost.callouts.models import Callout
from milepost.photos.masters import MasterPhoto, PhotoRejected, photo_check, photo_master_make
from milepost.submissions.forms import ConsentForm, naming_field
from milepost.submissions.models import ConsentKind
from milepost.submissions.services import PhotoCandidate
from milepost.submissions.words import story_word_count

PHOTO_SLOTS = range(1, 4)
# A field people never see and bots fill in. Its name is one browsers have no reason to autofill.
HONEYPOT = "homepage_url"

AGE_ERROR = "Please write your age as a number between 5 and 120, or leave it empty."

FIELD_ORDER = [
    "name",
    "email",
    "age",
    "city",
    "region",
    "naming",
    "title",
    "story",
    *(f"{kind}_{slot}" for slot in PHOTO_SLOTS for kind in ("photo", "caption")),
    *(f"consent_{kind}" for kind in ConsentKind),
    HONEYPOT,
]


def word_notes(callout: Callout) -> dict[str, str]:
    """What the word counter says, by case; the page's script fills in {count} as people type."""
    notes = {
        "one": "1 word",
        "many": "{count} words",
        "soft": (
            f"That is {{count}} words; we ask for under {callout.soft_word_limit}, "
            "but we will still read it."
        ),
    }
    if callout.hard_word_limit:
        notes["hard"] = (
            f"That is {{count}} words; the most we can take is {callout.hard_word_limit}. "
            "Please shorten it before you send it."
        )
    return notes


def word_note(count: int, callout: Callout) -> str:
    if callout.hard_word_limit and count > callout.hard_word_limit:
        case = "hard"
    elif count > callout.soft_word_limit:
        case = "soft"
    else:
        case = "one" if count == 1 else "many"
    return word_notes(callout)[case].replace("{count}", str(count))


@dataclass(frozen=True)
class PhotoSlot:
    number: int
    photo: forms.BoundField
    caption: forms.BoundField
    # Browsers cannot put a chosen file back into a page they reload: name it, to choose again.
    lost_filename: str


class WebSubmissionForm(ConsentForm):
    name = forms.CharField(
        label="Your name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Please tell us your name."},
    )
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="We send your private link to your story here, and write only about it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Please give us your email address, so we can send you your link.",
            "invalid": "Please check your email address: it should look like name@example.com.",
        },
    )
    age = forms.IntegerField(
        label="Your age (optional)",
        required=False,
        min_value=5,
        max_value=120,
        # Not type="number": it turns a scroll into a changed age, and lets "1e2" through.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "4"}),
        error_messages={"invalid": AGE_ERROR, "min_value": AGE_ERROR, "max_value": AGE_ERROR},
    )
    city = forms.CharField(
        label="Town or city (optional)",
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    region = forms.CharField(
        label="State, county or country (optional)",
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "address-level1"}),
    )
    naming = naming_field()
    title = forms.CharField(
        label="A title for your story (optional)", required=False, max_length=300
    )
    story = forms.CharField(
        label="Your story",
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": "Please write your story here, or paste it in."},
    )
    homepage_url = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, callout: Callout, **kwargs):
        super().__init__(*args, **kwargs)
        self.callout = callout
        self.photo_candidates: list[PhotoCandidate] = []
        self.fields["story"].help_text = callout.word_guidance
        for slot in PHOTO_SLOTS:
            self.fields[f"photo_{slot}"] = forms.FileField(
                label=f"Photo {slot}",
                required=False,
                # An empty file gets photo_master_make's plainer reason instead.
                allow_empty_file=True,
                widget=forms.FileInput(attrs={"accept": "image/*"}),
            )
            self.fields[f"caption_{slot}"] = forms.CharField(
                label=f"Caption for photo {slot} (optional)", required=False, max_length=500
            )
        self.order_fields(FIELD_ORDER)

    @property
    def photo_slots(self) -> list[PhotoSlot]:
        return [
            PhotoSlot(slot, self[f"photo_{slot}"], self[f"caption_{slot}"], self._lost(slot))
            for slot in PHOTO_SLOTS
        ]

    @property
    def word_note(self) -> str:
        return word_note(story_word_count(self["story"].value() or ""), self.callout)

    def clean_homepage_url(self) -> str:
        if self.cleaned_data[HONEYPOT]:
            raise forms.ValidationError(
                "Please empty this box: it is there to catch spam robots, not people."
            )
        return ""

    def clean_story(self) -> str:
        # Browsers send a textarea's line breaks as CRLF; the email channel stores plain LF.
        story = self.cleaned_data["story"].replace("\r\n", "\n")
        count, limit = story_word_count(story), self.callout.hard_word_limit
        if limit and count > limit:
            raise forms.ValidationError(
                f"Your story is {count} words; the most we can take for this callout is "
                f"{limit}. Please shorten it and send it again."
            )
        return story

    def clean(self):
        cleaned_data = super().clean()
        photo_sent = any(self.files.get(f"photo_{slot}") for slot in PHOTO_SLOTS)
        if photo_sent and not cleaned_data.get("consent_photo"):
            self.add_error("consent_photo", "Please tick this box to send us your photo.")
        for slot in PHOTO_SLOTS:
            self._caption_check(slot)
        # Every photo is checked whatever else is wrong, so one try shows every error. Decoding
        # is the costly part: a post with other errors has its photos' type, size and pixel
        # count checked from their headers only, and a bot tripping the honeypot not even that.
        if not self.errors:
            self.photo_candidates = [
                candidate for slot in PHOTO_SLOTS if (candidate := self._photo_candidate(slot))
            ]
        elif HONEYPOT not in self.errors:
            for slot in PHOTO_SLOTS:
                self._photo_check(slot)
        return cleaned_data

    def _caption_check(self, slot: int) -> None:
        if self.cleaned_data.get(f"caption_{slot}") and not self.cleaned_data.get(f"photo_{slot}"):
            # Most likely a photo the browser forgot when the page came back with an error.
            self.add_error(
                f"caption_{slot}",
                f"This caption has no photo with it: please choose photo {slot} again, "
                "or clear the caption.",
            )

    def _photo_check(self, slot: int) -> None:
        upload = self.cleaned_data.get(f"photo_{slot}")
        if not upload:
            return
        try:
            _photo_read(upload, decode=False)
        except PhotoRejected as rejection:
            self._photo_refuse(slot, upload, rejection)

    def _photo_refuse(self, slot: int, upload, rejection: PhotoRejected) -> None:
        self.add_error(
            f"photo_{slot}",
            f"“{upload.name}” can’t be used: {rejection.reason}. "
            "Please choose another photo (JPEG, PNG, HEIC, WebP or GIF).",
        )

    def _photo_candidate(self, slot: int) -> PhotoCandidate | None:
        upload = self.cleaned_data.get(f"photo_{slot}")
        caption = self.cleaned_data.get(f"caption_{slot}", "")
        if not upload:
            return None
        try:
            master = _photo_read(upload, decode=True)
        except PhotoRejected as rejection:
            self._photo_refuse(slot, upload, rejection)
            return None
        # The master stands in for the upload's bytes: holding both would double what a post keeps.
        return PhotoCandidate(filename=upload.name, data=b"", caption=caption, master=master)

    def _lost(self, slot: int) -> str:
        upload = self.files.get(f"photo_{slot}")
        if not upload or self[f"photo_{slot}"].errors:
            return ""
        return upload.name


def _photo_read(upload, *, decode: bool) -> MasterPhoto | None:
    """The upload's master photo; without `decode`, only the checks made without decoding."""
    limit = settings.MILEPOST_PHOTO_MAX_BYTES
    # Checked before reading, so a huge upload never has to fit in memory.
    if upload.size > limit:
        raise PhotoRejected(
            "too_large_bytes",
            f"it is {filesizeformat(upload.size)}, over the {filesizeformat(limit)} limit",
        )
    upload.seek(0)
    limits = {"max_bytes": limit, "max_pixels": settings.MILEPOST_PHOTO_MAX_PIXELS}
    if not decode:
        photo_check(upload.read(), **limits)
        return None
    return photo_master_make(upload.read(), **limits)
