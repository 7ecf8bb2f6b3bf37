from django import forms

from .models import Anthology, ExportFormat


class ShortlistForm(forms.Form):
    anthology = forms.ModelChoiceField(
        queryset=Anthology.objects.filter(final_at__isnull=True), empty_label=None
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=ExportFormat.choices)
    draft = forms.BooleanField(required=False, initial=True, help_text="Watermarked DRAFT.")
    notes = forms.BooleanField(required=False, help_text="DOCX: word counts and references.")
