from datetime import timedelta

from django import forms
from django.utils import timezone

from milepost.desk.selectors import callout_list_for_user

from .selectors import Period

DEFAULT_DAYS = 28


class InsightsForm(forms.Form):
    """Which callout and which days: only the callouts the user reaches are offered or accepted."""

    callout = forms.ModelChoiceField(queryset=None, empty_label=None)
    date_from = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, user, data=None):
        today = timezone.localdate()
        super().__init__(
            data,
            initial={"date_from": today - timedelta(days=DEFAULT_DAYS - 1), "date_to": today},
        )
        self.fields["callout"].queryset = callout_list_for_user(user).order_by("title")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                "The period ends before it begins: give a “To” date on or after the “From” date."
            )
        return cleaned

    def period(self) -> Period:
        return Period(self.cleaned_data["date_from"], self.cleaned_data["date_to"])
