"""The permissions a submitter gives: asked by the web form, and on the status page of a story
that came by email, in the same words."""

from django import forms
from django.conf import settings

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
