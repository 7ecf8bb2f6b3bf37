import copy

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .models import SECTION_OF_ANOTHER_BOOK, Anthology, AnthologySection, ExportFormat
from .selectors import anthology_list_for_user


class AnthologyForm(WagtailAdminModelForm):
    """The book in the admin: each entry's section is chosen among this book's own sections."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        entries = self.formsets["entries"]
        # The blank form that "Add" copies is made from the class, the others already exist.
        entries.form = type(entries.form.__name__, (entries.form,), {})
        fields = entries.form.base_fields = copy.deepcopy(entries.form.base_fields)
        sections = AnthologySection.objects.filter(anthology_id=self.instance.pk)
        # "Save the book once after adding a section" is said only while it has none.
        help_text = "" if sections.exists() else fields["section"].help_text
        for field in [fields["section"], *(form.fields["section"] for form in entries.forms)]:
            field.queryset = sections
            field.error_messages["invalid_choice"] = SECTION_OF_ANOTHER_BOOK
            field.help_text = help_text

    def clean(self):
        """Say at once that a final book is locked, rather than what else is wrong with a row
        added to it; the model refuses the change anyway (`Anthology.save`)."""
        cleaned_data = super().clean()
        final = Anthology.objects.filter(pk=self.instance.pk, final_at__isnull=False).first()
        if final is not None and self.has_changed():
            raise forms.ValidationError(final.locked_message)
        return cleaned_data


class ShortlistForm(forms.Form):
    anthology = forms.ModelChoiceField(
        queryset=Anthology.objects.none(),
        empty_label=None,
        error_messages={
            "invalid_choice": "Choose a book that is not final: a final book's entries are locked."
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Books not final, among those the editor may reach (one limited to some callouts
        # never adds to a book holding another callout's stories).
        books = anthology_list_for_user(user).filter(final_at__isnull=True)
        self.fields["anthology"].queryset = books


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=ExportFormat.choices)
    draft = forms.BooleanField(
        required=False,
        initial=True,
        help_text="Watermarked DRAFT. Unticked, a DOCX, EPUB, PDF or cover is the final book, "
        "and exporting it locks the book.",
    )
    notes = forms.BooleanField(required=False, help_text="DOCX: word counts and references.")
    proof = forms.BooleanField(
        required=False,
        help_text="Print PDF: crop marks outside the bleed, for a printed proof. A proof is never "
        "the final book and leaves it open; the printer’s file has no marks.",
    )
