"""The permissions a submitter gives, and how they are named: asked by the web form, and on the
status page (of a story that came by email, in the same words)."""

from django import forms
from django.conf import settings

from .bylines import Naming
from .models import ConsentKind

# The exact words shown beside each box, and stored as what the submitter agreed to.
CONSENT_WORDING = {
    ConsentKind.WEB: (
        "You may publish my story on the {site} website, with my name, age, place and photos, "
        "edited for length and clarity."
    ),
    ConsentKind.BOOK: "You may also print it in a {site} book.",
    ConsentKind.PHOTO: "I took this photo or have permission, and everyone pictured agreed.",
}


class ConsentForm(forms.Form):
    consent_web = forms.BooleanField(
        error_messages={
            "required": "We can only consider stories we may publish: please tick this box."
        },
    )
    consent_book = forms.BooleanField(required=False)
    consent_photo = forms.BooleanField(
        required=False, help_text="Needed only when you send a photo."
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for kind in ConsentKind:
            wording = CONSENT_WORDING[kind].format(site=settings.WAGTAIL_SITE_NAME)
            self.fields[f"consent_{kind}"].label = wording

    @property
    def consent_fields(self) -> list[forms.BoundField]:
        return [self[f"consent_{kind}"] for kind in ConsentKind]

    def consents_given(self) -> dict[str, str]:
        """Kind -> the exact wording of each box ticked."""
        return {
            kind: self.fields[f"consent_{kind}"].label
            for kind in ConsentKind
            if self.cleaned_data.get(f"consent_{kind}")
        }


# Each way to be named, shown with what it prints, as the form and the status page offer it.
NAMING_CHOICES = [
    (Naming.FULL_NAME, "My full name, e.g. “Jane Doe, 32, of St. Louis, MO”"),
    (Naming.FIRST_NAME_AND_PLACE, "My first name and place, e.g. “Jane, of St. Louis, MO”"),
    (Naming.INITIALS, "My initials and place, e.g. “J. D., of St. Louis, MO”"),
    (Naming.ANONYMOUS, "No name, e.g. “A reader from St. Louis, MO”"),
]
NAMING_ERROR = "Please choose one of the ways to be named shown here."


class NamingField(forms.ChoiceField):
    """Left unanswered (a form from before the question, a script), it is the full name, as
    before; a value not offered is an error."""

    def clean(self, value):
        return super().clean(value) or Naming.FULL_NAME


def naming_field() -> forms.ChoiceField:
    return NamingField(
        required=False,
        label="How should we name you with your story?",
        choices=NAMING_CHOICES,
        initial=Naming.FULL_NAME,
        widget=forms.RadioSelect,
        help_text="On the website and in any book. You can change it until your story is "
        "published; after that, ask us on your story’s page.",
        error_messages={"required": NAMING_ERROR, "invalid_choice": NAMING_ERROR},
    )


class NamingForm(forms.Form):
    naming = naming_field()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
