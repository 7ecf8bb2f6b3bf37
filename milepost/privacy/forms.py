"""The form a submitter asks with for the link to all of their stories."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

ADDRESS_HELP = "The address you sent your stories from. We email a link there."


class StoryListRequestForm(forms.Form):
    email = forms.CharField(
        label="Your email address",
        max_length=254,  # the longest address mail can carry
        help_text=ADDRESS_HELP,
        error_messages={
            "required": "Enter the email address you sent your stories from.",
            "max_length": "That is longer than any email address can be: check it and try again.",
        },
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                "That does not look like an email address: check it, as in name@example.com."
            ) from None
        return email.lower()
